/**
 * Vector clocks (Fidge, Mattern): each process keeps one counter per process, ticks its own
 * entry at every event, stamps its messages with the vector and, on a receipt, takes the
 * pointwise maximum before ticking. Then a → b exactly when V(a) < V(b) (below or equal in
 * every entry, not equal), and two events are concurrent exactly when their vectors are
 * incomparable. Every event is reported as `{ type: event, kind, id, vc }`; on a receipt the
 * process judges how the message's send relates to its own previous event
 * (`{ type: order, a, b, order }`), which is how a replica tells a newer update from a
 * conflicting one.
 *
 * The classic mistakes: `maxOnReceive: false` (the receipt forgets what the sender knew),
 * `incrementOnSend: false` (a send shares the vector of the event before it) and
 * `compare: sum` (comparing vectors by the sum of their entries, which orders concurrent
 * events).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Request = { type: 'local' } | { type: 'send'; to: Pid };
type Message = { type: 'MSG'; vc: number[]; id: string };
type Order = 'before' | 'after' | 'concurrent';
type Event = { type: 'event'; kind: 'local' | 'send' | 'receive'; id: string; vc: number[] };
type Indication = Event | { type: 'order'; a: string; b: string; order: Order };

interface State {
  vc: number[];
  k: number;
  last: { id: string; vc: number[] } | null;
}

type P = { maxOnReceive: boolean; incrementOnSend: boolean; compare: string };

function event(s: State, kind: Event['kind'], self: Pid): Event {
  s.k++;
  const id = `${self}.${s.k}`;
  s.last = { id, vc: [...s.vc] };
  return { type: 'event', kind, id, vc: [...s.vc] };
}

const below = (a: readonly number[], b: readonly number[]) => a.every((x, i) => x <= b[i]) && a.some((x, i) => x < b[i]);
const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/** How a (the message's send) relates to b (the receiver's previous event), from their vectors. */
function compare(a: readonly number[], b: readonly number[], how: string): Order {
  if (how === 'sum') return sum(a) < sum(b) ? 'before' : sum(a) > sum(b) ? 'after' : 'concurrent';
  return below(a, b) ? 'before' : below(b, a) ? 'after' : 'concurrent';
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, P>({
  name: 'vector-clock',
  params: { maxOnReceive: true, incrementOnSend: true, compare: 'pointwise' },
  init: (ctx) => ({ vc: ctx.all.map(() => 0), k: 0, last: null }),
  requests: {
    local(s, _r, ctx) {
      s.vc[ctx.self]++;
      ctx.indicate(event(s, 'local', ctx.self));
    },
    send(s, r, ctx) {
      if (ctx.params.incrementOnSend) s.vc[ctx.self]++;
      const e = event(s, 'send', ctx.self);
      ctx.indicate(e);
      ctx.send(r.to, { type: 'MSG', vc: e.vc, id: e.id });
    },
  },
  messages: {
    MSG(s, m, _from, ctx) {
      const prev = s.last;
      if (ctx.params.maxOnReceive) s.vc = s.vc.map((x, i) => Math.max(x, m.vc[i]));
      s.vc[ctx.self]++;
      ctx.indicate(event(s, 'receive', ctx.self));
      if (prev) ctx.indicate({ type: 'order', a: m.id, b: prev.id, order: compare(m.vc, prev.vc, ctx.params.compare) });
    },
  },
});
