// Routing properties on hand-made histories of routers on the line p0 - p1 - p2 (and p3),
// routing to p2: each router's latest `route` report is its route.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { loopFreedom, routeConvergence, routeValidity } from '../../properties/routing/properties.ts';
import { propertyDefs } from '../../properties/index.ts';

const route = (dest: number, next: number, dist: number): HistoryEvent => ({ k: 'indication', v: { type: 'route', dest, next, dist } });
const down = (peer: number): HistoryEvent => ({ k: 'request', v: { type: 'link-down', peer } });

function history(events: HistoryEvent[][]): History {
  return { n: events.length, events: (p) => events[p], isDown: () => false, correct: () => events.map((_, p) => p), faulty: () => [], roleOf: () => 'process', state: () => null };
}

const info = { n: 3, roles: ['process'], roleOf: () => 'process' };
const check = (def: PropertyDef, h: History, params: Record<string, unknown> = {}) => def.make({ ...def.params, ...params }, info)(h);
const line = { links: [[0, 1], [1, 2]], destinations: [2] };

describe('the registry', () => {
  it('lists loop freedom and route validity (safety) and route convergence (liveness)', () => {
    expect(propertyDefs['loop-freedom']?.kind).toBe('safety');
    expect(propertyDefs['route-validity']?.kind).toBe('safety');
    expect(propertyDefs['route-convergence']?.kind).toBe('liveness');
  });
});

describe('loop-freedom', () => {
  it('holds for routes towards the destination, and for dead ends', () => {
    expect(check(loopFreedom, history([[route(2, 1, 2)], [route(2, 2, 1)], []]))).toBeNull();
    expect(check(loopFreedom, history([[route(2, 1, 2)], [route(2, -1, -1)], []]))).toBeNull();
  });

  it('fails on a loop, reading only the latest report of each router', () => {
    expect(check(loopFreedom, history([[route(2, 1, 2)], [route(2, 2, 1), route(2, 0, 3)], []]))).toBe('a routing loop for p2: p0 → p1 → p0');
  });
});

describe('route-validity', () => {
  it('holds when every route reaches its destination', () => {
    expect(check(routeValidity, history([[route(2, 1, 2)], [route(2, 2, 1), route(0, 0, 1)], [route(0, 1, 2)]]))).toBeNull();
  });

  it('fails on a dead end and on a loop', () => {
    expect(check(routeValidity, history([[route(2, 1, 2)], [], []]))).toBe("p0's route to p2 ends at p1, which has no route: p0 → p1");
    expect(check(routeValidity, history([[route(2, 1, 2)], [route(2, 0, 3)], []]))).toBe("p0's route to p2 loops: p0 → p1 → p0");
  });
});

describe('route-convergence', () => {
  it('holds for shortest routes over the links that are up', () => {
    expect(check(routeConvergence, history([[route(2, 1, 2)], [route(2, 2, 1)], []]), line)).toBeNull();
  });

  it('holds for "no route" once the destination is cut off, and fails while a router still routes there', () => {
    const cut = (r0: HistoryEvent, r1: HistoryEvent) => history([[route(2, 1, 2), r0], [route(2, 2, 1), down(2), r1], []]);
    expect(check(routeConvergence, cut(route(2, -1, -1), route(2, -1, -1)), line)).toBeNull();
    expect(check(routeConvergence, cut(route(2, 1, 6), route(2, 0, 6)), line)).toBe('p0 still routes to p2 via p1 (distance 6), which it cannot reach');
  });

  it('fails without a route, with a wrong distance, or a route over a link that is not there', () => {
    expect(check(routeConvergence, history([[], [route(2, 2, 1)], []]), line)).toBe('p0 has no route to p2, which is 2 hop(s) away');
    expect(check(routeConvergence, history([[route(2, 1, 3)], [route(2, 2, 1)], []]), line)).toBe('p0 routes to p2 via p1 at distance 3, but the shortest route is 2 hop(s)');
    // a square p0 - p1 - p2 - p3 - p0: p0 is two hops from p2 either way, but p0 - p2 is no link
    const square = { links: [[0, 1], [1, 2], [2, 3], [3, 0]], destinations: [2] };
    expect(check(routeConvergence, history([[route(2, 3, 2)], [route(2, 2, 1)], [], [route(2, 2, 1)]]), square)).toBeNull();
    expect(check(routeConvergence, history([[route(2, 2, 2)], [route(2, 2, 1)], [], [route(2, 2, 1)]]), square)).toBe('p0 routes to p2 via p2 at distance 2, but the shortest route is 2 hop(s)');
  });
});
