/**
 * AODV route discovery (ad hoc on-demand distance vector, Perkins and Royer), without route
 * maintenance: a router that needs a route floods a route request (RREQ) to its neighbours;
 * each router that sees a request for the first time remembers the neighbour it came from as
 * its route back to the requester (the reverse route) and passes it on. The destination
 * answers with a route reply (RREP) that retraces the reverse routes hop by hop, and every
 * router on the way installs its route to the destination through the neighbour the reply
 * came from. A route, when found, leads to the destination: each hop installed its own route
 * on the way back.
 *
 * `everyHop: false` is the mistake of installing the route at the requester only: its next
 * hop forwarded the reply but kept no route, so the route ends there.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { neighbours, type Links } from './topology.ts';

type Request = { type: 'find'; dest: Pid };
type Message = { type: 'RREQ'; src: Pid; id: number; dest: Pid; hops: number } | { type: 'RREP'; src: Pid; dest: Pid; hops: number };
type Indication = { type: 'route'; dest: Pid; next: Pid; dist: number } | { type: 'found'; dest: Pid };
type P = { links: Links; everyHop: boolean };

interface State {
  /** Per destination, the next hop (-1: none) and the distance. */
  next: Pid[];
  dist: number[];
  /** The requests seen, as "src:id". */
  seen: string[];
  requests: number;
}

type C = { self: Pid; params: P; send(to: Pid, m: Message): void; indicate(i: Indication): void };

function install(s: State, d: Pid, via: Pid, dist: number, ctx: C): void {
  if (s.next[d] >= 0 && s.dist[d] <= dist) return;
  s.next[d] = via;
  s.dist[d] = dist;
  ctx.indicate({ type: 'route', dest: d, next: via, dist });
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, P>({
  name: 'aodv',
  params: { links: [[0, 1], [0, 2], [1, 3], [2, 3]], everyHop: true },
  statusIndications: [{ types: ['route'], key: 'dest' }],
  init: (ctx) => ({ next: ctx.all.map(() => -1), dist: ctx.all.map(() => -1), seen: [], requests: 0 }),
  requests: {
    find(s, r, ctx) {
      if (s.next[r.dest] >= 0) return void ctx.indicate({ type: 'found', dest: r.dest });
      s.requests++;
      s.seen.push(`${ctx.self}:${s.requests}`);
      for (const q of neighbours(ctx.params.links, ctx.self, [])) ctx.send(q, { type: 'RREQ', src: ctx.self, id: s.requests, dest: r.dest, hops: 0 });
    },
  },
  messages: {
    RREQ(s, m, from, ctx) {
      const key = `${m.src}:${m.id}`;
      if (s.seen.includes(key)) return;
      s.seen.push(key);
      install(s, m.src, from, m.hops + 1, ctx);
      if (ctx.self === m.dest) return void ctx.send(from, { type: 'RREP', src: m.src, dest: m.dest, hops: 0 });
      for (const q of neighbours(ctx.params.links, ctx.self, [])) if (q !== from) ctx.send(q, { ...m, hops: m.hops + 1 });
    },
    RREP(s, m, from, ctx) {
      if (ctx.params.everyHop || ctx.self === m.src) install(s, m.dest, from, m.hops + 1, ctx);
      if (ctx.self === m.src) return void ctx.indicate({ type: 'found', dest: m.dest });
      ctx.send(s.next[m.src], { ...m, hops: m.hops + 1 });
    },
  },
});
