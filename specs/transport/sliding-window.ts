/**
 * Reliable in-order transfer over a lossy channel with a sliding window (Go-Back-N): the
 * sender numbers its messages modulo `modulus`, keeps up to `window` of them unacknowledged,
 * and on a timeout resends every one of them; the receiver delivers the next message in order
 * and acknowledges, cumulatively, the last one it delivered. Stop-and-wait with one bit, the
 * alternating-bit protocol, is the case window 1, modulus 2.
 *
 * The sequence numbers on the wire are the only names the two ends share, and they repeat:
 * the protocol is correct when a stale copy can never be taken for a new message. Over a FIFO
 * channel that needs window < modulus; over a channel that reorders no modulus is enough, as a
 * copy may linger for ever (the one-bit sequence number of the alternating-bit protocol).
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Request = { type: 'send'; to: Pid; m: string };
type Message = { type: 'DATA'; seq: number; m: string } | { type: 'ACK'; seq: number };
type Indication = { type: 'deliver'; src: Pid; m: string };
type T = { message: Message; request: Request; indication: Indication; timer: 'timeout' };
type P = { window: number; modulus: number };

export interface SenderState {
  /** Every message requested so far, in order; `base` is the oldest unacknowledged, `next` the next to send. */
  msgs: string[];
  base: number;
  next: number;
  to: Pid;
}

export interface ReceiverState {
  /** How many messages were delivered in order: the next expected one is numbered delivered mod modulus. */
  delivered: number;
}

const sender = role<T, SenderState, P>({
  init: () => ({ msgs: [], base: 0, next: 0, to: -1 }),
  requests: {
    send(s, r, ctx) {
      s.msgs.push(r.m);
      s.to = r.to;
      fill(s, ctx);
    },
  },
  messages: {
    ACK(s, m, _from, ctx) {
      // the unacknowledged message this number names (numbers repeat every `modulus`)
      for (let k = s.base; k < s.next; k++) {
        if (k % ctx.params.modulus !== m.seq) continue;
        s.base = k + 1;
        if (s.base === s.next) ctx.cancelTimer('timeout');
        fill(s, ctx);
        return;
      }
    },
  },
  timers: {
    timeout(s, ctx) {
      for (let k = s.base; k < s.next; k++) ctx.send(s.to, { type: 'DATA', seq: k % ctx.params.modulus, m: s.msgs[k] });
      if (s.base < s.next) ctx.setTimer('timeout');
    },
  },
});

/** Sends what the window allows. */
function fill(s: SenderState, ctx: { params: P; send(to: Pid, m: Message): void; setTimer(n: 'timeout'): void }): void {
  while (s.next < s.msgs.length && s.next - s.base < ctx.params.window) {
    ctx.send(s.to, { type: 'DATA', seq: s.next % ctx.params.modulus, m: s.msgs[s.next] });
    s.next++;
    ctx.setTimer('timeout');
  }
}

const receiver = role<T, ReceiverState, P>({
  init: () => ({ delivered: 0 }),
  messages: {
    DATA(s, m, from, ctx) {
      if (m.seq === s.delivered % ctx.params.modulus) {
        s.delivered++;
        ctx.indicate({ type: 'deliver', src: from, m: m.m });
      }
      if (s.delivered > 0) ctx.send(from, { type: 'ACK', seq: (s.delivered - 1) % ctx.params.modulus });
    },
  },
});

export default defineProtocol<T, unknown, P>({
  name: 'sliding-window',
  params: { window: 1, modulus: 2 },
  roles: { sender, receiver },
});
