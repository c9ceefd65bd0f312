/**
 * Requests and their effects, as remote procedure calls and replicated services see them:
 * an RPC applies each request at most once (a server reports `{ type: apply, id }` when it
 * executes the request with that id), and a service is available when every request a correct
 * process takes is eventually answered (CAP's availability; an RPC's call returns). Every name
 * is a parameter.
 */
import { defineProperty } from '../../src/system/history.ts';

export const atMostOnce = defineProperty({
  name: 'at-most-once',
  kind: 'safety',
  description: 'each request is applied at most once: no two `apply` indications (at any processes) carry the same `id`',
  params: { apply: 'apply', id: 'id' },
  make: (p) => (h) => {
    const where = new Map<string, number>();
    for (let q = 0; q < h.n; q++) {
      for (const e of h.events(q)) {
        if (e.k !== 'indication' || e.v.type !== p.apply) continue;
        const id = JSON.stringify(e.v[p.id]);
        const first = where.get(id);
        if (first !== undefined) return `request ${id} was applied twice (at p${first}${first === q ? ' both times' : ` and p${q}`})`;
        where.set(id, q);
      }
    }
    return null;
  },
});

export const availability = defineProperty({
  name: 'availability',
  kind: 'liveness',
  description: 'every request a correct process takes (of the type `request`, or of any type when empty) is eventually answered: it emits at least as many `response` indications as it took requests',
  params: { request: '', response: 'respond' },
  make: (p) => (h) => {
    for (const q of h.correct()) {
      let asked = 0, answered = 0;
      for (const e of h.events(q)) {
        if (e.k === 'request' && (!p.request || e.v.type === p.request)) asked++;
        else if (e.k === 'indication' && e.v.type === p.response) answered++;
      }
      if (answered < asked) return `p${q} took ${asked} request(s) but answered ${answered}: ${asked - answered} still waiting`;
    }
    return null;
  },
});
