/**
 * Perfect point-to-point links (Cachin–Guerraoui–Rodrigues, "Eliminate Duplicates" over
 * "Retransmit Forever"): stubborn links resend every message on each timer tick over a
 * fair-loss network, and perfect links deliver each message once.
 *
 * `dedup: false` is the classic mistake: without duplicate suppression a retransmitted or
 * duplicated message is delivered twice (no-duplication fails).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Request = { type: 'send'; to: Pid; m: string };
type Message = { type: 'SL'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  /** What stubborn links keep resending: (destination, payload). */
  sent: { to: Pid; m: string }[];
  /** Perfect links' delivered set: "src:m". */
  delivered: string[];
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication; timer: 'retransmit' }, State, { dedup: boolean }>({
  name: 'perfect-links',
  description: 'perfect links = stubborn links (retransmit forever) + duplicate suppression, over fair-loss links',
  params: { dedup: true },
  init(ctx) {
    ctx.setTimer('retransmit');
    return { sent: [], delivered: [] };
  },
  requests: {
    send(s, req, ctx) {
      ctx.send(req.to, { type: 'SL', m: req.m });
      s.sent.push({ to: req.to, m: req.m });
    },
  },
  timers: {
    retransmit(s, ctx) {
      for (const { to, m } of s.sent) ctx.send(to, { type: 'SL', m });
      ctx.setTimer('retransmit');
    },
  },
  messages: {
    SL(s, msg, from, ctx) {
      const key = `${from}:${msg.m}`;
      if (ctx.params.dedup && s.delivered.includes(key)) return;
      if (!s.delivered.includes(key)) s.delivered.push(key);
      ctx.indicate({ type: 'deliver', src: from, m: msg.m });
    },
  },
});
