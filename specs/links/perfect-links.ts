/**
 * Perfect point-to-point links (Cachin–Guerraoui–Rodrigues, "Eliminate Duplicates" over
 * "Retransmit Forever"): stubborn links resend every message on each timer tick over a
 * fair-loss network, and perfect links deliver each message once. The sender numbers its
 * messages, and the receiver suppresses a duplicate by (sender, number), so two sends of equal
 * content are two messages. A request may carry an `id`, which the delivery carries back (the
 * properties then tell messages apart by it).
 *
 * The classic mistakes: `dedup: false` (no duplicate suppression: a retransmitted or
 * duplicated message is delivered twice) and `dedupBy: payload` (suppressing by content: the
 * second of two equal messages is never delivered).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Request = { type: 'send'; to: Pid; m: string; id?: number };
type Message = { type: 'SL'; seq: number; m: string; id?: number };
type Indication = { type: 'deliver'; src: Pid; m: string; id?: number };

interface State {
  /** The next sequence number. */
  seq: number;
  /** What stubborn links keep resending. */
  sent: { to: Pid; msg: Message }[];
  /** Perfect links' delivered set: "src:seq" (or "src:m" when suppressing by payload). */
  delivered: string[];
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication; timer: 'retransmit' }, State, { dedup: boolean; dedupBy: string }>({
  name: 'perfect-links',
  description: 'perfect links = stubborn links (retransmit forever) + duplicate suppression by sequence number, over fair-loss links',
  params: { dedup: true, dedupBy: 'sequence' },
  init(ctx) {
    ctx.setTimer('retransmit');
    return { seq: 0, sent: [], delivered: [] };
  },
  requests: {
    send(s, req, ctx) {
      const msg: Message = { type: 'SL', seq: s.seq++, m: req.m, ...(req.id !== undefined ? { id: req.id } : {}) };
      ctx.send(req.to, msg);
      s.sent.push({ to: req.to, msg });
    },
  },
  timers: {
    retransmit(s, ctx) {
      for (const { to, msg } of s.sent) ctx.send(to, msg);
      ctx.setTimer('retransmit');
    },
  },
  messages: {
    SL(s, msg, from, ctx) {
      const key = ctx.params.dedupBy === 'payload' ? `${from}:${msg.m}` : `${from}:${msg.seq}`;
      if (ctx.params.dedup && s.delivered.includes(key)) return;
      if (!s.delivered.includes(key)) s.delivered.push(key);
      ctx.indicate({ type: 'deliver', src: from, m: msg.m, ...(msg.id !== undefined ? { id: msg.id } : {}) });
    },
  },
});
