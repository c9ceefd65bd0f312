/**
 * Routing, judged on the routes the routers report: a router reports its route to a
 * destination as `{ type: route, dest, next, dist }` (next: the neighbour it forwards to, -1
 * for no route) whenever it changes, as a status indication keyed by `dest` (the history keeps
 * the latest). The topology is a parameter (`links: [[a, b], ...]`); a link fails when either
 * end is told `{ type: link-down, peer }`. Every name is a parameter.
 */
import { defineProperty, type History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';

const vocabulary = { route: 'route', dest: 'dest', next: 'next', dist: 'dist' };
type Vocabulary = typeof vocabulary;

interface Route {
  next: Pid;
  dist: number;
}

/** Per destination, per router, its latest reported route (routers without one are absent). */
function routes(h: History, v: Vocabulary): Map<Pid, Map<Pid, Route>> {
  const out = new Map<Pid, Map<Pid, Route>>();
  for (let p = 0; p < h.n; p++) {
    for (const e of h.events(p)) {
      if (e.k !== 'indication' || e.v.type !== v.route) continue;
      const d = e.v[v.dest] as Pid;
      let table = out.get(d);
      if (!table) out.set(d, (table = new Map()));
      table.set(p, { next: e.v[v.next] as Pid, dist: e.v[v.dist] as number });
    }
  }
  return out;
}

const hasRoute = (r: Route | undefined): r is Route => r !== undefined && r.next >= 0;

/** The path of next hops from p towards d: ends at d, at a router without a route, or where it revisits one (a loop). */
function path(table: Map<Pid, Route>, p: Pid, d: Pid): { hops: Pid[]; end: 'arrived' | 'dead-end' | 'loop' } {
  const hops = [p];
  for (let at = p; ; ) {
    if (at === d) return { hops, end: 'arrived' };
    const r = table.get(at);
    if (!hasRoute(r)) return { hops, end: 'dead-end' };
    at = r.next;
    const loop = hops.includes(at);
    hops.push(at);
    if (loop) return { hops, end: 'loop' };
  }
}

const pathText = (hops: readonly Pid[]) => hops.map((p) => `p${p}`).join(' → ');

export const loopFreedom = defineProperty({
  name: 'loop-freedom',
  kind: 'safety',
  description: 'no routing loop: for every destination, following the routers\' next hops never comes back to a router already passed',
  params: { ...vocabulary },
  make: (v) => (h) => {
    for (const [d, table] of routes(h, v)) {
      for (const [p, r] of table) {
        if (!hasRoute(r) || p === d) continue;
        const { hops, end } = path(table, p, d);
        if (end === 'loop') return `a routing loop for p${d}: ${pathText(hops)}`;
      }
    }
    return null;
  },
});

export const routeValidity = defineProperty({
  name: 'route-validity',
  kind: 'safety',
  description: 'a route, when found, leads to its destination: from every router with a route, the next hops reach the destination, each hop a router with a route of its own, without a loop',
  params: { ...vocabulary },
  make: (v) => (h) => {
    for (const [d, table] of routes(h, v)) {
      for (const [p, r] of table) {
        if (!hasRoute(r) || p === d) continue;
        const { hops, end } = path(table, p, d);
        if (end === 'loop') return `p${p}'s route to p${d} loops: ${pathText(hops)}`;
        if (end === 'dead-end') return `p${p}'s route to p${d} ends at p${hops[hops.length - 1]}, which has no route: ${pathText(hops)}`;
      }
    }
    return null;
  },
});

/** Shortest distances to d over the links that are up (breadth-first). */
function distances(n: number, up: readonly (readonly [Pid, Pid])[], d: Pid): number[] {
  const dist = new Array<number>(n).fill(Infinity);
  dist[d] = 0;
  const queue = [d];
  while (queue.length) {
    const x = queue.shift()!;
    for (const [a, b] of up) {
      const y = a === x ? b : b === x ? a : -1;
      if (y >= 0 && dist[y] === Infinity) {
        dist[y] = dist[x] + 1;
        queue.push(y);
      }
    }
  }
  return dist;
}

export const routeConvergence = defineProperty({
  name: 'route-convergence',
  kind: 'liveness',
  description: 'routes converge: eventually every router has a shortest route to each destination over the links that are up (its distance and a next hop one closer), or no route when none exists; `links` is the topology, a link is down once either end is told link-down; `destinations`: the routers routed to (all when empty)',
  params: { ...vocabulary, links: [] as number[][], destinations: [] as number[], down: 'link-down', peer: 'peer' },
  make: (v) => {
    const links = (v.links as number[][]).map(([a, b]) => [a, b] as const);
    return (h) => {
      const failed = new Set<string>();
      for (let p = 0; p < h.n; p++) for (const e of h.events(p)) if (e.k === 'request' && e.v.type === v.down) failed.add([p, e.v[v.peer] as Pid].sort().join('-'));
      const up = links.filter(([a, b]) => !failed.has([a, b].sort().join('-')));
      const table = routes(h, v);
      const dests = (v.destinations as number[]).length ? (v.destinations as number[]) : Array.from({ length: h.n }, (_, i) => i);
      for (const d of dests) {
        const truth = distances(h.n, up, d);
        for (const p of h.correct()) {
          if (p === d) continue;
          const r = table.get(d)?.get(p);
          if (truth[p] === Infinity) {
            if (hasRoute(r)) return `p${p} still routes to p${d} via p${r.next} (distance ${r.dist}), which it cannot reach`;
            continue;
          }
          if (!hasRoute(r)) return `p${p} has no route to p${d}, which is ${truth[p]} hop(s) away`;
          const linked = up.some(([a, b]) => (a === p && b === r.next) || (b === p && a === r.next));
          if (r.dist !== truth[p] || !linked || truth[r.next] !== truth[p] - 1) return `p${p} routes to p${d} via p${r.next} at distance ${r.dist}, but the shortest route is ${truth[p]} hop(s)`;
        }
      }
      return null;
    };
  },
});
