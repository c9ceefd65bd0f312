/**
 * Eager reliable broadcast (CGR "Eager Reliable Broadcast", fail-silent): on first receipt
 * of a message, deliver it and relay it to everyone, so that if any correct process
 * delivers it, all do, even when the sender crashes mid-broadcast.
 *
 * `relay: false` is the classic mistake: without relaying, a sender that crashes after its
 * message reached only some processes leaves the others without it (agreement fails).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import type { BroadcastRequest, Deliver } from './types.ts';

type Message = { type: 'DATA'; src: Pid; m: string };

interface State {
  delivered: string[];
}

export default defineProtocol<{ message: Message; request: BroadcastRequest; indication: Deliver }, State, { relay: boolean }>({
  name: 'eager-reliable-broadcast',
  params: { relay: true },
  init: () => ({ delivered: [] }),
  requests: {
    broadcast(_s, req, ctx) {
      ctx.broadcast({ type: 'DATA', src: ctx.self, m: req.m });
    },
  },
  messages: {
    DATA(s, msg, _from, ctx) {
      const key = `${msg.src}:${msg.m}`;
      if (s.delivered.includes(key)) return;
      s.delivered.push(key);
      ctx.indicate({ type: 'deliver', src: msg.src, m: msg.m });
      if (ctx.params.relay) ctx.broadcast(msg);
    },
  },
});
