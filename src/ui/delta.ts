/**
 * A value as a change to the previous one, so that a page of a long trace carries each step's
 * change, not each step's whole state (a network of 200 messages, a log that grows by one entry
 * a step). `src/ui/client/steps.js` applies them. Encoded as tagged tuples:
 *
 * - `['=', value]` the new value;
 * - `['o', { key: delta }, [removed keys]]` a record with some fields changed;
 * - `['a', [[at, deleteCount, [items]], ...]]` a list spliced, positions counted in the list
 *   being built (each splice applies to the result of the ones before).
 */
import { sameValue } from '../core/fingerprint.ts';

export type Delta = ['=', unknown] | ['o', Record<string, Delta>, string[]] | ['a', [number, number, unknown[]][]];

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const size = (x: unknown): number => JSON.stringify(x)?.length ?? 9;

/** How `next` differs from `prev` (undefined: it does not); values are plain data (toData). */
export function delta(prev: unknown, next: unknown): Delta | undefined {
  if (sameValue(prev, next)) return undefined;
  if (isRecord(prev) && isRecord(next)) {
    const fields: Record<string, Delta> = {};
    for (const k of Object.keys(next)) {
      const d = k in prev ? delta(prev[k], next[k]) : (['=', next[k]] as Delta);
      if (d) fields[k] = d;
    }
    const removed = Object.keys(prev).filter((k) => !(k in next));
    const patch: Delta = ['o', fields, removed];
    return size(patch) < size(next) ? patch : ['=', next];
  }
  if (Array.isArray(prev) && Array.isArray(next) && prev.length > 4) {
    const patch: Delta = ['a', splices(prev, next)];
    return size(patch) < size(next) ? patch : ['=', next];
  }
  return ['=', next];
}

/**
 * Splices that turn `a` into `b`: walking both, an element of `a` that `b` still holds further
 * on stays (what `b` has before it was inserted); one it does not was removed. Greedy, not a
 * shortest edit, which is what a network or a log needs: a few removals and insertions.
 */
function splices(a: readonly unknown[], b: readonly unknown[]): [number, number, unknown[]][] {
  const ka = a.map((x) => JSON.stringify(x));
  const kb = b.map((x) => JSON.stringify(x));
  const left = new Map<string, number>(); // how many copies of a key b still holds from j on
  for (const k of kb) left.set(k, (left.get(k) ?? 0) + 1);
  const out: [number, number, unknown[]][] = [];
  // the list being built is b[0..j) followed by a[i..): the next change is always at j
  const add = (del: number, item: unknown[]) => {
    const last = out[out.length - 1];
    if (last && last[0] + last[2].length === j) {
      last[1] += del;
      last[2].push(...item);
    } else out.push([j, del, item]);
  };
  let i = 0;
  let j = 0;
  while (i < ka.length || j < kb.length) {
    if (i < ka.length && j < kb.length && ka[i] === kb[j]) {
      left.set(kb[j], left.get(kb[j])! - 1);
      i++;
      j++;
    } else if (i < ka.length && !left.get(ka[i])) {
      add(1, []);
      i++;
    } else {
      left.set(kb[j], left.get(kb[j])! - 1);
      add(0, [b[j]]);
      j++;
    }
  }
  return out;
}

/** Applies a delta (the Node-side twin of the page's, for the tests). */
export function applyDelta(prev: unknown, d: Delta): unknown {
  if (d[0] === '=') return d[1];
  if (d[0] === 'o') {
    const out: Record<string, unknown> = { ...(prev as Record<string, unknown>) };
    for (const k of d[2]) delete out[k];
    for (const [k, x] of Object.entries(d[1])) out[k] = applyDelta(out[k], x);
    return out;
  }
  const out = [...(prev as unknown[])];
  for (const [at, del, items] of d[1]) out.splice(at, del, ...items);
  return out;
}
