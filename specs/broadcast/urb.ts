/**
 * Majority-ack uniform reliable broadcast (CGR "Majority-Ack Uniform Reliable Broadcast",
 * fail-silent, N > 2f): every process relays a message on first receipt, and delivers it
 * only once more than half of the processes have relayed it to it. Whatever any process
 * delivers (even one that then crashes) a correct majority member holds and relays.
 *
 * `deliverEarly: true` delivers on first receipt, before a majority acknowledged: a sender
 * that delivers its own message and crashes leaves the correct processes without it
 * (uniform agreement fails).
 *
 * `ackSets: true` keeps each message's acknowledgers sorted by pid instead of in the order
 * they arrived. The protocol reads only who is in the list and how many, so this identifies
 * states that differ by arrival order alone: the same runs, fewer states.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import type { BroadcastRequest, Deliver } from './types.ts';

type Message = { type: 'DATA'; src: Pid; m: string };

interface State {
  /** Messages relayed: "src:m". */
  pending: { src: Pid; m: string }[];
  /** Who relayed each message to us. */
  acks: Record<string, Pid[]>;
  delivered: string[];
}

export default defineProtocol<{ message: Message; request: BroadcastRequest; indication: Deliver }, State, { deliverEarly: boolean; ackSets: boolean }>({
  name: 'majority-ack-urb',
  params: { deliverEarly: false, ackSets: false },
  init: () => ({ pending: [], acks: {}, delivered: [] }),
  requests: {
    broadcast(s, req, ctx) {
      s.pending.push({ src: ctx.self, m: req.m });
      ctx.broadcast({ type: 'DATA', src: ctx.self, m: req.m });
    },
  },
  messages: {
    DATA(s, msg, from, ctx) {
      const key = `${msg.src}:${msg.m}`;
      const acks = (s.acks[key] ??= []);
      if (!acks.includes(from)) {
        acks.push(from);
        if (ctx.params.ackSets) acks.sort((a, b) => a - b);
      }
      if (!s.pending.some((x) => x.src === msg.src && x.m === msg.m)) {
        s.pending.push({ src: msg.src, m: msg.m });
        ctx.broadcast(msg);
      }
      for (const { src, m } of s.pending) {
        const k = `${src}:${m}`;
        const canDeliver = ctx.params.deliverEarly || (s.acks[k]?.length ?? 0) * 2 > ctx.n;
        if (canDeliver && !s.delivered.includes(k)) {
          s.delivered.push(k);
          ctx.indicate({ type: 'deliver', src, m });
        }
      }
    },
  },
});
