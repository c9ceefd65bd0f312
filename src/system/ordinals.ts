/**
 * Ordinals: numbers a protocol only compares and creates fresh (ballots, terms, epochs).
 * A world is canonicalised by renumbering them by rank, so two worlds that differ only by an
 * order-preserving renaming of ballots are one state, and a protocol that keeps starting new
 * ballots has finitely many states.
 */

/** The largest ordinal anywhere in `v` (0 if none). */
export function maxOrdinal(v: unknown, keys: ReadonlySet<string>, under = false): number {
  if (typeof v === 'number') return under ? v : 0;
  if (v === null || typeof v !== 'object') return 0;
  let m = 0;
  if (Array.isArray(v)) {
    for (const x of v) m = Math.max(m, maxOrdinal(x, keys, under));
    return m;
  }
  for (const [k, x] of Object.entries(v)) m = Math.max(m, maxOrdinal(x, keys, under || keys.has(k)));
  return m;
}

function collect(v: unknown, keys: ReadonlySet<string>, under: boolean, out: Set<number>): void {
  if (typeof v === 'number') {
    if (under && v > 0) out.add(v);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) collect(x, keys, under, out);
    return;
  }
  for (const [k, x] of Object.entries(v)) collect(x, keys, under || keys.has(k), out);
}

/** A renamed copy is frozen, as what it copies was, except a part itself (a world's own list, which stays open: world.ts). */
function rename(v: unknown, keys: ReadonlySet<string>, under: boolean, rank: ReadonlyMap<number, number>, part = false): unknown {
  if (typeof v === 'number') return under && v > 0 ? rank.get(v)! : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = rename(x, keys, under, rank);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return out === undefined ? v : part ? out : Object.freeze(out);
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const y = rename(x, keys, under || keys.has(k), rank);
    if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
  }
  return out === undefined ? v : part ? out : Object.freeze(out);
}

/**
 * A renumbering of the ordinals in `parts` by rank (1, 2, ...), applied to each part; parts
 * without ordinals come back as they are. The identity when the ordinals are already 1..k.
 */
export function renumberOrdinals<T extends readonly unknown[]>(parts: T, keys: ReadonlySet<string>): T {
  const seen = new Set<number>();
  for (const p of parts) collect(p, keys, false, seen);
  const sorted = [...seen].sort((a, b) => a - b);
  if (sorted.every((v, i) => v === i + 1)) return parts;
  const rank = new Map(sorted.map((v, i) => [v, i + 1]));
  return parts.map((p) => rename(p, keys, false, rank, true)) as unknown as T;
}
