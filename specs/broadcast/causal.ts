/**
 * Causal broadcast with vector clocks (CGR "Waiting Causal Broadcast"): a message carries
 * the vector of messages its sender had delivered; a receiver delivers it only once it
 * has delivered everything that vector covers. Underneath: best-effort broadcast over
 * reliable links (no crashes in these specs).
 *
 * `onReceipt: true` is the classic mistake: delivering on receipt lets a reply overtake
 * the message it answers (causal order fails).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import type { BroadcastRequest, Deliver } from './types.ts';

type Message = { type: 'DATA'; src: Pid; w: number[]; m: string };

interface State {
  /** v[p]: how many of p's messages this process has delivered. */
  v: number[];
  lsn: number;
  pending: { src: Pid; w: number[]; m: string }[];
}

const covered = (w: readonly number[], v: readonly number[]) => w.every((x, i) => x <= v[i]);

export default defineProtocol<{ message: Message; request: BroadcastRequest; indication: Deliver }, State, { onReceipt: boolean }>({
  name: 'causal-broadcast',
  params: { onReceipt: false },
  init: (ctx) => ({ v: ctx.all.map(() => 0), lsn: 0, pending: [] }),
  requests: {
    broadcast(s, req, ctx) {
      const w = [...s.v];
      w[ctx.self] = s.lsn;
      s.lsn++;
      ctx.broadcast({ type: 'DATA', src: ctx.self, w, m: req.m }, ctx.all.filter((p) => p !== ctx.self));
      // the sender delivers its own message at once
      s.v[ctx.self]++;
      ctx.indicate({ type: 'deliver', src: ctx.self, m: req.m });
    },
  },
  messages: {
    DATA(s, msg, _from, ctx) {
      if (ctx.params.onReceipt) {
        s.v[msg.src]++;
        ctx.indicate({ type: 'deliver', src: msg.src, m: msg.m });
        return;
      }
      s.pending.push({ src: msg.src, w: msg.w, m: msg.m });
      for (let i = s.pending.findIndex((x) => covered(x.w, s.v)); i >= 0; i = s.pending.findIndex((x) => covered(x.w, s.v))) {
        const [x] = s.pending.splice(i, 1);
        s.v[x.src]++;
        ctx.indicate({ type: 'deliver', src: x.src, m: x.m });
      }
    },
  },
});
