/**
 * FIFO reliable broadcast (CGR "Broadcast with Sequence Number"): each message carries
 * its sender's sequence number; a receiver buffers messages that arrive early and
 * delivers each sender's messages in sequence. Underneath: best-effort broadcast over
 * reliable links (no crashes in these specs; over eager reliable broadcast the state
 * space of two messages to three processes is many times larger).
 *
 * `buffer: false` is the classic mistake: delivering on receipt over a network that
 * reorders breaks FIFO order.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import type { BroadcastRequest, Deliver } from './types.ts';

type Message = { type: 'DATA'; src: Pid; sn: number; m: string };

interface State {
  lsn: number;
  /** Per sender, the next sequence number to deliver. */
  next: number[];
  /** Received (reliably) but not yet delivered. */
  pending: { src: Pid; sn: number; m: string }[];
}

export default defineProtocol<{ message: Message; request: BroadcastRequest; indication: Deliver }, State, { buffer: boolean }>({
  name: 'fifo-broadcast',
  params: { buffer: true },
  init: (ctx) => ({ lsn: 0, next: ctx.all.map(() => 0), pending: [] }),
  requests: {
    broadcast(s, req, ctx) {
      ctx.broadcast({ type: 'DATA', src: ctx.self, sn: s.lsn, m: req.m });
      s.lsn++;
    },
  },
  messages: {
    DATA(s, msg, _from, ctx) {
      if (!ctx.params.buffer) {
        ctx.indicate({ type: 'deliver', src: msg.src, m: msg.m });
        return;
      }
      s.pending.push({ src: msg.src, sn: msg.sn, m: msg.m });
      for (let i = s.pending.findIndex((x) => x.sn === s.next[x.src]); i >= 0; i = s.pending.findIndex((x) => x.sn === s.next[x.src])) {
        const [x] = s.pending.splice(i, 1);
        s.next[x.src]++;
        ctx.indicate({ type: 'deliver', src: x.src, m: x.m });
      }
    },
  },
});
