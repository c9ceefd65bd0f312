/**
 * Lamport's logical clocks: each process keeps a counter, ticks it at every event, stamps its
 * messages with it and, on a receipt, moves past the sender's stamp: C := max(C, stamp) + 1.
 * Every event is reported as `{ type: event, kind, id, c }`, so that the clock condition
 * (a → b implies C(a) < C(b)) can be checked against the happens-before relation the system
 * computes from the run (`causality: true`).
 *
 * On a receipt the process also judges, from the clocks alone, how the message's send relates
 * to its own previous event (`{ type: order, a, b, order }`): a scalar clock orders every pair,
 * so it calls concurrent events ordered — Lamport clocks are consistent with causality but do
 * not characterise it.
 *
 * The classic mistakes: `maxOnReceive: false` (C := C + 1 on a receipt: a message may arrive
 * "before" it was sent) and `incrementOnSend: false` (a send keeps the clock of the event
 * before it).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Request = { type: 'local' } | { type: 'send'; to: Pid };
type Message = { type: 'MSG'; c: number; id: string };
type Indication =
  | { type: 'event'; kind: 'local' | 'send' | 'receive'; id: string; c: number }
  | { type: 'order'; a: string; b: string; order: 'before' | 'after' | 'concurrent' };

interface State {
  c: number;
  /** How many events this process had: its events are named p.1, p.2, ... */
  k: number;
  /** Its latest event: id and clock. */
  last: { id: string; c: number } | null;
}

type P = { maxOnReceive: boolean; incrementOnSend: boolean };

function event(s: State, kind: 'local' | 'send' | 'receive', self: Pid): { type: 'event'; kind: 'local' | 'send' | 'receive'; id: string; c: number } {
  s.k++;
  const id = `${self}.${s.k}`;
  s.last = { id, c: s.c };
  return { type: 'event', kind, id, c: s.c };
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, P>({
  name: 'lamport-clock',
  params: { maxOnReceive: true, incrementOnSend: true },
  init: () => ({ c: 0, k: 0, last: null }),
  requests: {
    local(s, _r, ctx) {
      s.c++;
      ctx.indicate(event(s, 'local', ctx.self));
    },
    send(s, r, ctx) {
      if (ctx.params.incrementOnSend) s.c++;
      const e = event(s, 'send', ctx.self);
      ctx.indicate(e);
      ctx.send(r.to, { type: 'MSG', c: s.c, id: e.id });
    },
  },
  messages: {
    MSG(s, m, _from, ctx) {
      const prev = s.last;
      s.c = (ctx.params.maxOnReceive ? Math.max(s.c, m.c) : s.c) + 1;
      ctx.indicate(event(s, 'receive', ctx.self));
      if (prev) ctx.indicate({ type: 'order', a: m.id, b: prev.id, order: m.c < prev.c ? 'before' : m.c > prev.c ? 'after' : 'concurrent' });
    },
  },
});
