/**
 * The OR-Set's specification over the causal history (Bieniusa et al.): a replica's set holds
 * e exactly when some add(e) it has delivered was not followed by a remove(e) that had seen
 * it — an add happened before a remove when the remove's replica had delivered it. Which
 * updates a report reflects, and which add a remove had seen, come from the system's
 * happens-before (`causality: true`), not from the protocol.
 */
import { defineProperty, happenedBefore, type HistoryEvent } from '../../src/index.ts';

type Update = { p: number; ev: HistoryEvent; type: string; e: string };

export const orSetSemantics = defineProperty({
  name: 'or-set-semantics',
  kind: 'safety',
  description: 'every reported set holds exactly the elements with an add it has delivered that no delivered remove had seen (add wins over a concurrent remove)',
  check(h) {
    const updates: Update[] = [];
    for (let p = 0; p < h.n; p++) for (const ev of h.events(p)) if (ev.k === 'request' && (ev.v.type === 'add' || ev.v.type === 'remove')) updates.push({ p, ev, type: ev.v.type, e: ev.v.e as string });
    for (let p = 0; p < h.n; p++) {
      for (const ev of h.events(p)) {
        if (ev.k !== 'indication' || ev.v.type !== 'value') continue;
        const seen = updates.filter((u) => happenedBefore(u.ev, ev));
        const expected = [...new Set(seen.filter((a) => a.type === 'add' && !seen.some((r) => r.type === 'remove' && r.e === a.e && happenedBefore(a.ev, r.ev))).map((a) => a.e))].sort();
        const got = ev.v.v as string[];
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          const past = seen.map((u) => `${u.type}(${u.e}) at p${u.p}`).join(', ');
          return `p${p} reports {${got.join(', ')}} but the updates it has delivered (${past}) give {${expected.join(', ')}}`;
        }
      }
    }
    return null;
  },
});
