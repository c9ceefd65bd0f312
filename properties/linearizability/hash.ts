/** 32-bit hashing helpers for model states and the search cache. */

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the whole word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over UTF-16 code units, finalised. */
export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** Hash of any JSON-like value; cheap for the small integers and short strings histories carry. */
export function hashValue(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return (v | 0) === v ? fmix32(v ^ 0x2f0b3c1d) : hashString(String(v));
    case 'string':
      return hashString(v);
    case 'boolean':
      return v ? 0x1b873593 : 0x3c6ef372;
    case 'undefined':
      return 0x5bd1e995;
    default:
      return v === null ? 0x6a09e667 : hashString(canonicalJson(v));
  }
}

/** Structural equality of JSON-like values (=== for primitives). */
export function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === undefined) return null;
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return x;
  });
}

/** Deterministic xorshift32 stream for Zobrist keys (runs are reproducible). */
export function randomWords(n: number, seed = 0x9e3779b9): Int32Array {
  const out = new Int32Array(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
  }
  return out;
}
