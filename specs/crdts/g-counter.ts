/**
 * The grow-only counter of the lecture notes: one entry per replica, each incremented only by
 * its own replica; the value is the sum, the merge the entrywise maximum. Concurrent
 * increments at different replicas land in different entries, so none is lost.
 */
import { stateBased } from './replication.ts';

export default stateBased({
  name: 'g-counter',
  description: 'grow-only counter: a vector of per-replica counts, merged by entrywise max, valued by its sum',
  params: {},
  updates: ['inc'],
  init: (n) => new Array<number>(n).fill(0),
  update: (s, _req, self) => s.map((x, q) => (q === self ? x + 1 : x)),
  merge: (a, b) => a.map((x, q) => Math.max(x, b[q])),
  value: (s) => s.reduce((x, y) => x + y, 0),
});
