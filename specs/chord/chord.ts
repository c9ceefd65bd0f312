/**
 * Chord (Stoica et al.), the ring and its maintenance, with lookups along successor pointers
 * (no finger tables: they only shorten lookups). Nodes sit on a ring of 2^bits identifiers
 * (`ids`: each process's); a key belongs to its successor, the first node at or after it
 * clockwise. A lookup for key k at node n answers n's successor if k lies in (n, successor],
 * and is passed on to the successor otherwise.
 *
 * The nodes in `initial` form a ring from the start; the others join when asked
 * (`{ type: join, via }`): they look up their own id through a node of the ring and take the
 * answer as successor. Nobody points to them yet: stabilisation puts them in. Every node
 * periodically asks its successor for the successor's predecessor, adopts it as successor if
 * it lies in between, and tells its successor about itself (notify), which takes it as
 * predecessor if it lies in between. With `stabilize: false` (the broken join) a joined node
 * stays outside the ring for ever.
 *
 * Each node keeps a list of `r` successors, refreshed from its successor's at every round;
 * when the failure detector (P) reports that its successor crashed, it moves on to the next
 * one, and never takes a node reported crashed back from older news. Fewer than r failures
 * among consecutive nodes leave every node a live successor.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Request = { type: 'join'; via: Pid };
type Message =
  | { type: 'FIND'; key: number; origin: Pid }
  | { type: 'FOUND'; succ: Pid }
  | { type: 'STAB' }
  | { type: 'STATE'; pred: Pid; succs: Pid[] };
type Indication = { type: 'joined' };
type T = { message: Message; request: Request; indication: Indication; timer: 'stabilize' };
type P = { bits: number; ids: number[]; initial: number[]; r: number; stabilize: boolean };

export interface ChordState {
  id: number;
  /** The number of identifiers on the ring, 2^bits (constant: for the properties' lookups). */
  size: number;
  /** In the ring (or joined and on its way in). */
  active: boolean;
  /** The successor list (pids), nearest first. */
  succs: Pid[];
  pred: Pid;
  /** A stabilisation round is waiting for the successor's answer. */
  waiting: boolean;
  /** The nodes the detector reported crashed: never adopted again from older news. */
  crashed: Pid[];
}

/** x in the ring interval (a, b]; the whole ring when a = b. */
export function inHalfOpen(x: number, a: number, b: number): boolean {
  if (a < b) return a < x && x <= b;
  return x > a || x <= b;
}

/** x in the open ring interval (a, b). */
function inOpen(x: number, a: number, b: number): boolean {
  if (a === b) return x !== a;
  return inHalfOpen(x, a, b) && x !== b;
}

type C = { self: Pid; params: P; send(to: Pid, m: Message): void; setTimer(n: 'stabilize'): void };

function route(s: ChordState, key: number, origin: Pid, ctx: C): void {
  const succ = s.succs[0];
  if (inHalfOpen(key, s.id, ctx.params.ids[succ])) ctx.send(origin, { type: 'FOUND', succ });
  else ctx.send(succ, { type: 'FIND', key, origin });
}

function startRound(s: ChordState, ctx: C): void {
  if (ctx.params.stabilize && s.succs.length) ctx.setTimer('stabilize');
  s.waiting = false;
}

export default defineProtocol<T, ChordState, P>({
  name: 'chord',
  params: { bits: 3, ids: [1, 4, 6], initial: [0, 1], r: 1, stabilize: true },
  pids: [],
  init(ctx) {
    const { ids, initial, r } = ctx.params;
    const s: ChordState = { id: ids[ctx.self], size: 2 ** ctx.params.bits, active: false, succs: [], pred: -1, waiting: false, crashed: [] };
    if (initial.includes(ctx.self)) {
      const ring = [...initial].sort((a, b) => ids[a] - ids[b]);
      const at = ring.indexOf(ctx.self);
      s.active = true;
      s.succs = Array.from({ length: Math.min(r, ring.length) }, (_, j) => ring[(at + 1 + j) % ring.length]);
      s.pred = ring[(at - 1 + ring.length) % ring.length];
      startRound(s, ctx);
    }
    return s;
  },
  requests: {
    join(s, req, ctx) {
      if (!s.active) ctx.send(req.via, { type: 'FIND', key: s.id, origin: ctx.self });
    },
  },
  messages: {
    FIND(s, m, _from, ctx) {
      if (s.succs.length) route(s, m.key, m.origin, ctx);
    },
    FOUND(s, m, _from, ctx) {
      if (s.active) return;
      s.active = true;
      s.succs = [m.succ];
      ctx.indicate({ type: 'joined' });
      startRound(s, ctx);
    },
    // a predecessor's round: it notifies us of itself and asks for our predecessor and successors
    STAB(s, _m, from, ctx) {
      if (s.pred < 0 || inOpen(ctx.params.ids[from], ctx.params.ids[s.pred], s.id)) s.pred = from;
      ctx.send(from, { type: 'STATE', pred: s.pred, succs: s.succs });
    },
    STATE(s, m, from, ctx) {
      if (!s.waiting || s.succs[0] !== from) return;
      const { ids, r } = ctx.params;
      const live = (q: Pid) => !s.crashed.includes(q);
      const succs = m.succs.filter(live);
      if (m.pred >= 0 && m.pred !== ctx.self && live(m.pred) && inOpen(ids[m.pred], s.id, ids[from])) s.succs = [m.pred, from, ...succs].slice(0, r);
      else s.succs = [from, ...succs].slice(0, r);
      startRound(s, ctx);
    },
  },
  timers: {
    stabilize(s, ctx) {
      if (!s.succs.length) return;
      s.waiting = true;
      ctx.send(s.succs[0], { type: 'STAB' });
    },
  },
  failures: {
    crash(s, q, ctx) {
      s.crashed.push(q);
      if (s.pred === q) s.pred = -1;
      if (!s.succs.includes(q)) return;
      const wasNext = s.succs[0] === q;
      s.succs = s.succs.filter((x) => x !== q);
      if (wasNext && s.waiting) startRound(s, ctx);
    },
  },
});
