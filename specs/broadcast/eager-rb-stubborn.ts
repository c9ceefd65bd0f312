/**
 * Eager reliable broadcast over fair-loss links: the relaying of eager-rb.ts, plus stubborn
 * retransmission (CGR's "Retransmit Forever"): every process resends each message it has
 * delivered to everyone on each tick of its retransmit timer, forever. Over fair-loss links a
 * message sent infinitely often is delivered infinitely often, so every correct process
 * eventually delivers it; duplicates are suppressed by the delivered set. (A process never
 * stops resending: knowing when everyone has the message takes acknowledgements.)
 *
 * `retransmit: false` relies on a single send per message and fails over a lossy network.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import type { BroadcastRequest, Deliver } from './types.ts';

type Message = { type: 'DATA'; src: Pid; m: string };

interface State {
  /** The delivered messages (src, m). */
  delivered: { src: Pid; m: string }[];
  /** What this process keeps resending to everyone: what it broadcast, and what it delivered. */
  resend: { src: Pid; m: string }[];
}

export default defineProtocol<{ message: Message; request: BroadcastRequest; indication: Deliver; timer: 'retransmit' }, State, { retransmit: boolean }>({
  name: 'eager-rb-stubborn',
  description: 'eager reliable broadcast with stubborn retransmission, for fair-loss links',
  params: { retransmit: true },
  // where pids appear (for symmetry: [process])
  pids: ['src'],
  init(ctx) {
    if (ctx.params.retransmit) ctx.setTimer('retransmit');
    return { delivered: [], resend: [] };
  },
  requests: {
    broadcast(s, req, ctx) {
      s.resend.push({ src: ctx.self, m: req.m });
      ctx.broadcast({ type: 'DATA', src: ctx.self, m: req.m });
    },
  },
  messages: {
    DATA(s, msg, _from, ctx) {
      if (s.delivered.some((d) => d.src === msg.src && d.m === msg.m)) return;
      s.delivered.push({ src: msg.src, m: msg.m });
      ctx.indicate({ type: 'deliver', src: msg.src, m: msg.m });
      if (!s.resend.some((d) => d.src === msg.src && d.m === msg.m)) s.resend.push({ src: msg.src, m: msg.m });
      ctx.broadcast(msg);
    },
  },
  timers: {
    retransmit(s, ctx) {
      for (const d of s.resend) ctx.broadcast({ type: 'DATA', src: d.src, m: d.m });
      ctx.setTimer('retransmit');
    },
  },
});
