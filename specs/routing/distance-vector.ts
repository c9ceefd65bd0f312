/**
 * Distance-vector routing to one destination (Bellman-Ford, as RIP does it): every router
 * remembers the distance each neighbour last advertised, routes through the neighbour with
 * the smallest one, and advertises its own distance to its neighbours whenever it changes.
 * When a link fails, the router recomputes from what its other neighbours said.
 *
 * What a neighbour said may be a route through the router itself: after the link from p1 to
 * the destination fails, p1 takes p0's old distance 2 (a route back through p1) and routes via
 * p0, which routes via p1: a routing loop, and the two count their distances up for ever
 * ("counting to infinity"). The model stops the count at `bound` to stay finite: with
 * `infinity: false` the bound is just where the count rests (the routers believe the loop is a
 * route, for ever); with `infinity: true` it means unreachable, as RIP's 16 does, and the
 * count ends there: slowly, after loops.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { neighbours, type Links } from './topology.ts';

type Request = { type: 'link-down'; peer: Pid };
type Message = { type: 'ADV'; dist: number };
type Indication = { type: 'route'; dest: Pid; next: Pid; dist: number };
type P = { links: Links; dest: Pid; bound: number; infinity: boolean };

interface State {
  /** The distance each neighbour last advertised (-1: nothing yet). */
  heard: number[];
  dist: number;
  next: Pid;
  down: Pid[];
}

const NONE = -1;

/** The best route from what the live neighbours said. */
function best(s: State, self: Pid, p: P): { dist: number; next: Pid } {
  if (self === p.dest) return { dist: 0, next: self };
  let out = { dist: NONE, next: NONE };
  for (const q of neighbours(p.links, self, s.down)) {
    const h = s.heard[q];
    if (h === NONE) continue;
    const d = Math.min(h + 1, p.bound);
    if (p.infinity && d >= p.bound) continue;
    if (out.dist === NONE || d < out.dist) out = { dist: d, next: q };
  }
  return out;
}

function recompute(s: State, ctx: { self: Pid; params: P; send(to: Pid, m: Message): void; indicate(i: Indication): void }): void {
  const b = best(s, ctx.self, ctx.params);
  if (b.dist === s.dist && b.next === s.next) return;
  s.dist = b.dist;
  s.next = b.next;
  ctx.indicate({ type: 'route', dest: ctx.params.dest, next: b.next, dist: b.dist });
  // RIP's infinity: an unreachable destination is advertised at the bound
  const adv = b.dist === NONE ? (ctx.params.infinity ? ctx.params.bound : NONE) : b.dist;
  if (adv !== NONE) for (const q of neighbours(ctx.params.links, ctx.self, s.down)) ctx.send(q, { type: 'ADV', dist: adv });
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, P>({
  name: 'distance-vector',
  params: { links: [[0, 1], [1, 2]], dest: 2, bound: 6, infinity: false },
  statusIndications: [{ types: ['route'], key: 'dest' }],
  init(ctx) {
    const s: State = { heard: ctx.all.map(() => NONE), dist: NONE, next: NONE, down: [] };
    if (ctx.self === ctx.params.dest) {
      s.dist = 0;
      s.next = ctx.self;
      for (const q of neighbours(ctx.params.links, ctx.self, [])) ctx.send(q, { type: 'ADV', dist: 0 });
    }
    return s;
  },
  requests: {
    'link-down'(s, r, ctx) {
      s.down.push(r.peer);
      s.heard[r.peer] = NONE;
      recompute(s, ctx);
    },
  },
  messages: {
    ADV(s, m, from, ctx) {
      if (s.down.includes(from)) return;
      s.heard[from] = m.dist;
      recompute(s, ctx);
    },
  },
});
