/**
 * Destination-sequenced distance vector (DSDV, Perkins and Bhagwat): every route carries the
 * sequence number the destination gave it, and a router takes a route only if it is newer
 * (a higher number) or as new and shorter. The destination advertises even numbers; a router
 * whose route breaks advertises the destination as unreachable under the next odd number, so
 * the news of the break is newer than every route through it and replaces them, and no router
 * can adopt an old route that leads back through itself: routes stay loop-free.
 *
 * The destination advertises once: a router that lost its route finds another path only from
 * a newer even number, which DSDV's periodic updates bring. They are left out to keep the
 * model finite, so the specs use a topology with a single path (a line).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { neighbours, type Links } from './topology.ts';

type Request = { type: 'link-down'; peer: Pid };
/** dist -1: unreachable. */
type Message = { type: 'ADV'; seq: number; dist: number };
type Indication = { type: 'route'; dest: Pid; next: Pid; dist: number };
type P = { links: Links; dest: Pid };

interface State {
  seq: number;
  dist: number;
  next: Pid;
  down: Pid[];
}

const NONE = -1;

function advertise(s: State, self: Pid, p: P, ctx: { send(to: Pid, m: Message): void }): void {
  for (const q of neighbours(p.links, self, s.down)) ctx.send(q, { type: 'ADV', seq: s.seq, dist: s.dist });
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, P>({
  name: 'dsdv',
  params: { links: [[0, 1], [1, 2]], dest: 2 },
  statusIndications: [{ types: ['route'], key: 'dest' }],
  init(ctx) {
    const s: State = { seq: NONE, dist: NONE, next: NONE, down: [] };
    if (ctx.self === ctx.params.dest) {
      Object.assign(s, { seq: 0, dist: 0, next: ctx.self });
      advertise(s, ctx.self, ctx.params, ctx);
    }
    return s;
  },
  requests: {
    'link-down'(s, r, ctx) {
      s.down.push(r.peer);
      if (s.next !== r.peer) return;
      // the break is news: the next (odd) sequence number, unreachable
      Object.assign(s, { seq: s.seq + 1, dist: NONE, next: NONE });
      ctx.indicate({ type: 'route', dest: ctx.params.dest, next: NONE, dist: NONE });
      advertise(s, ctx.self, ctx.params, ctx);
    },
  },
  messages: {
    ADV(s, m, from, ctx) {
      if (s.down.includes(from) || ctx.self === ctx.params.dest) return;
      const dist = m.dist === NONE ? NONE : m.dist + 1;
      const newer = m.seq > s.seq;
      const shorter = m.seq === s.seq && dist !== NONE && (s.dist === NONE || dist < s.dist);
      if (!newer && !shorter) return;
      Object.assign(s, { seq: m.seq, dist, next: dist === NONE ? NONE : from });
      ctx.indicate({ type: 'route', dest: ctx.params.dest, next: s.next, dist });
      advertise(s, ctx.self, ctx.params, ctx);
    },
  },
});
