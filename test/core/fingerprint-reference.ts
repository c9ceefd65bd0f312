/**
 * The fingerprint encoding as first released (commit d657ff6), kept verbatim as the reference
 * that src/core/fingerprint.ts must agree with: trace files record fingerprints, so a faster
 * implementation may change how it computes them, never what it computes.
 */
/* eslint-disable */
interface Pair {
  hi: number;
  lo: number;
}

const memo = new WeakMap<object, Pair>();
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

const T_NULL = 1, T_UNDEF = 2, T_TRUE = 3, T_FALSE = 4, T_INT = 5, T_NUM = 6, T_STR = 7;
const T_ARR = 8, T_OBJ = 9, T_SET = 10, T_MAP = 11, T_BIG = 12, T_REF = 13;
/** Objects with at least this many entries are hashed separately and memoised. */
const MEMO_MIN = 8;

// Two independent 32-bit lanes (murmur3-style block mixing with different constants).
let a = 0;
let b = 0;

function mix(w: number): void {
  let k = Math.imul(w, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  a ^= Math.imul(k, 0x1b873593);
  a = (a << 13) | (a >>> 19);
  a = (Math.imul(a, 5) + 0xe6546b64) | 0;
  let j = Math.imul(w ^ 0x9e3779b9, 0x85ebca6b);
  j = (j << 16) | (j >>> 16);
  b ^= Math.imul(j, 0xc2b2ae35);
  b = (b << 11) | (b >>> 21);
  b = (Math.imul(b, 9) + 0x52dce729) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function finish(): Pair {
  const x = fmix(a ^ Math.imul(b, 0x27d4eb2d));
  const y = fmix(b ^ Math.imul(a, 0x165667b1) ^ 0x5bd1e995);
  return { hi: x, lo: y };
}

// Short strings recur (state names, message kinds, keys): their lanes are cached, keyed by the string itself.
const stringCache = new Map<string, Pair>();

function mixString(s: string): void {
  if (s.length <= 64) {
    let p = stringCache.get(s);
    if (p === undefined) {
      if (stringCache.size > 50_000) stringCache.clear();
      const sa = a, sb = b;
      a = 0x3c6ef372;
      b = 0x1f83d9ab;
      mixStringChars(s);
      p = finish();
      a = sa;
      b = sb;
      stringCache.set(s, p);
    }
    mix(p.hi);
    mix(p.lo);
    return;
  }
  mixStringChars(s);
}

function mixStringChars(s: string): void {
  mix(T_STR);
  mix(s.length);
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) mix(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) mix(s.charCodeAt(i));
}

function mixNumber(x: number): void {
  if ((x | 0) === x && !(x === 0 && 1 / x < 0)) {
    mix(T_INT);
    mix(x);
  } else {
    mix(T_NUM);
    f64[0] = Number.isNaN(x) ? NaN : x;
    mix(u32[0]);
    mix(u32[1]);
  }
}

/** Hash a value into a fresh pair of lanes and return the result; saves and restores the caller's lanes. */
function sub(v: unknown, depth: number): Pair {
  const sa = a, sb = b;
  a = 0x2545f491;
  b = 0x6b43a9b5;
  walk(v, depth);
  const r = finish();
  a = sa;
  b = sb;
  return r;
}

function hashObjectLike(o: object, depth: number): Pair {
  if (!Object.isFrozen(o)) return sub(o, depth);
  let p = memo.get(o);
  if (p === undefined) {
    p = sub(o, depth);
    memo.set(o, p);
  }
  return p;
}

function walk(v: unknown, depth: number): void {
  switch (typeof v) {
    case 'number':
      return mixNumber(v);
    case 'string':
      return mixString(v);
    case 'boolean':
      return mix(v ? T_TRUE : T_FALSE);
    case 'undefined':
      return mix(T_UNDEF);
    case 'bigint':
      mix(T_BIG);
      return mixString(v.toString());
    case 'object':
      break;
    default:
      throw new Error(`a ${typeof v} at ${currentPath()}`);
  }
  if (v === null) return mix(T_NULL);
  if (depth > 200) throw new Error('cycle');
  if (Array.isArray(v)) {
    mix(T_ARR);
    mix(v.length);
    for (let i = 0; i < v.length; i++) child(v[i], i, depth);
    return;
  }
  if (v instanceof Set) {
    // order-independent: sum of the elements' fingerprints, lane by lane
    let sh = 0, sl = 0;
    for (const e of v) {
      keyPath.push('{}');
      const p = sub(e, depth + 1);
      keyPath.pop();
      sh = (sh + p.hi) | 0;
      sl = (sl + p.lo) | 0;
    }
    mix(T_SET);
    mix(v.size);
    mix(sh);
    mix(sl);
    return;
  }
  if (v instanceof Map) {
    let sh = 0, sl = 0;
    for (const [k, e] of v) {
      keyPath.push('<key>');
      const pk = sub(k, depth + 1);
      keyPath[keyPath.length - 1] = '<value>';
      const pv = sub(e, depth + 1);
      keyPath.pop();
      sh = (sh + fmix(pk.hi ^ Math.imul(pv.hi, 0x9e3779b1))) | 0;
      sl = (sl + fmix(pk.lo ^ Math.imul(pv.lo, 0x85ebca77))) | 0;
    }
    mix(T_MAP);
    mix(v.size);
    mix(sh);
    mix(sl);
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto && proto.constructor && proto.constructor.name) || 'unknown class';
    throw new Error(`an instance of ${name}`);
  }
  const keys = Object.keys(v);
  if (keys.length > 1) keys.sort();
  mix(T_OBJ);
  let count = 0;
  for (const k of keys) {
    const e = (v as Record<string, unknown>)[k];
    if (e === undefined) continue; // an absent key and an undefined one are the same state
    count++;
    mixString(k);
    child(e, k, depth);
  }
  mix(count);
}

function isLarge(o: object): boolean {
  if (Array.isArray(o)) return o.length >= MEMO_MIN;
  if (o instanceof Set || o instanceof Map) return o.size >= MEMO_MIN;
  let n = 0;
  for (const _ in o) if (++n >= MEMO_MIN) return true;
  return false;
}

function child(e: unknown, key: string | number, depth: number): void {
  keyPath.push(key);
  if (e !== null && typeof e === 'object' && isLarge(e)) {
    const p = hashObjectLike(e, depth + 1);
    mix(T_REF);
    mix(p.hi);
    mix(p.lo);
  } else walk(e, depth + 1);
  keyPath.pop();
}

// The keys from the root to the value being hashed, for error messages only.
const keyPath: (string | number)[] = [];

function currentPath(): string {
  return keyPath.map((k) => (typeof k === 'number' ? `[${k}]` : k.startsWith('<') || k === '{}' ? k : `.${k}`)).join('');
}

/** The last fingerprint computed by `fingerprint`. */
const fp = { hi: 0, lo: 0 };

/** Computes the 64-bit fingerprint of a value into `fp` (hi, lo). */
function fingerprint(value: unknown): void {
  keyPath.length = 0;
  // the root is new in nearly every state: memoising it would only cost
  const p = sub(value, 0);
  fp.hi = p.hi;
  fp.lo = p.lo;
}

/** The fingerprint of a value as 16 hex digits (for trace files and messages). */
export function referenceHex(value: unknown): string {
  fingerprint(value);
  return fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
}
