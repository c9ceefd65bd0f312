/**
 * The positive-negative counter: two grow-only counters, one for increments (P) and one for
 * decrements (N); the value is sum(P) - sum(N), the merge the entrywise maximum of each.
 *
 * `single: true` is the classic mistake: one integer, incremented and decremented in place and
 * merged by max. The max of two replicas' counts keeps only one side's updates: concurrent
 * updates are lost, and a decrement is undone by any replica that has not seen it.
 */
import { stateBased } from './replication.ts';

type S = { p: number[]; n: number[] } | number;

export default stateBased<S, { single: boolean }>({
  name: 'pn-counter',
  description: 'positive-negative counter: two grow-only counters, valued by their difference (single: one integer merged by max, the classic mistake)',
  params: { single: false },
  updates: ['inc', 'dec'],
  init: (n, params) => (params.single ? 0 : { p: new Array<number>(n).fill(0), n: new Array<number>(n).fill(0) }),
  update(s, req, self, params) {
    const by = req.type === 'inc' ? 1 : -1;
    if (params.single) return (s as number) + by;
    const c = s as { p: number[]; n: number[] };
    const bump = (v: number[]) => v.map((x, q) => (q === self ? x + 1 : x));
    return by > 0 ? { p: bump(c.p), n: [...c.n] } : { p: [...c.p], n: bump(c.n) };
  },
  merge(a, b, params) {
    if (params.single) return Math.max(a as number, b as number);
    const x = a as { p: number[]; n: number[] }, y = b as { p: number[]; n: number[] };
    return { p: x.p.map((v, q) => Math.max(v, y.p[q])), n: x.n.map((v, q) => Math.max(v, y.n[q])) };
  },
  value: (s) => (typeof s === 'number' ? s : s.p.reduce((x, y) => x + y, 0) - s.n.reduce((x, y) => x + y, 0)),
});
