/**
 * The observed-remove set: every add of an element gets a unique tag (the replica and its
 * count of adds); a remove deletes the tags of that element the replica has observed, and
 * remembers them (tombstones), so that merging with a replica that still has them does not
 * bring them back. The state is (tagged adds, removed tags), merged by union; an element is in
 * the set while one of its tags is not removed. A remove therefore removes exactly the adds
 * that happened before it, and an add concurrent with a remove wins.
 *
 * The classic mistakes (`tags`): `element-tombstones` (no tags: a remove tombstones the element
 * itself, so an add of it concurrent with the remove, or after it, is lost), and `none` (no
 * tags and no tombstones: a remove deletes the element locally, and the merge brings it back
 * from any replica that still has it).
 */
import { stateBased } from './replication.ts';

/** adds: "element@tag" (or the bare element without tags); removed: tags (or elements) removed. */
type S = { adds: string[]; removed: string[]; k: number };

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const elementOf = (a: string) => a.split('@')[0];

export default stateBased<S, { tags: string }>({
  name: 'or-set',
  description: 'observed-remove set: adds with unique tags, removes of the observed tags, merged by union (tags: element-tombstones or none, the classic mistakes)',
  params: { tags: 'unique' },
  updates: ['add', 'remove'],
  init: () => ({ adds: [], removed: [], k: 0 }),
  update(s, req, self, params) {
    const e = req.e as string;
    if (req.type === 'add') {
      if (params.tags !== 'unique') return { adds: sorted([...s.adds, e]), removed: [...s.removed], k: s.k };
      return { adds: sorted([...s.adds, `${e}@${self}.${s.k + 1}`]), removed: [...s.removed], k: s.k + 1 };
    }
    const observed = s.adds.filter((a) => elementOf(a) === e && !s.removed.includes(a));
    if (params.tags === 'none') return { adds: s.adds.filter((a) => a !== e), removed: [], k: s.k };
    return { adds: [...s.adds], removed: sorted([...s.removed, ...(params.tags === 'unique' ? observed : [e])]), k: s.k };
  },
  merge: (a, b) => ({ adds: sorted([...a.adds, ...b.adds]), removed: sorted([...a.removed, ...b.removed]), k: a.k }),
  value: (s) => sorted(s.adds.filter((a) => !s.removed.includes(a)).map(elementOf)),
});
