/**
 * Canonical 64-bit fingerprints of plain values, computed by walking the value (no JSON
 * round trip). Object keys are visited in sorted order, Sets and Maps are hashed
 * order-independently, so equal values have equal fingerprints however they were built.
 *
 * The encoding is fixed (trace files record fingerprints; test/core/fingerprint-stable
 * checks this implementation against the reference one): a composite with at least 8
 * entries is hashed on its own and enters its parent as a reference (T_REF + its 64 bits),
 * smaller ones inline. That makes caching a big subtree's hash invisible in the result, so
 * the cache policy is free: large *frozen* subtrees that are costly to hash (nested
 * composites, 64+ entries, Sets and Maps) are memoised in a WeakMap, and unchanged parts of
 * a successor state are not re-hashed. Cheap ones (an array of 8 booleans) are re-hashed,
 * which costs less than a WeakMap lookup and keeps the WeakMap (and GC) small.
 *
 * The hot path allocates nothing per value: results travel in module variables, object keys
 * are read with for-in into a scratch stack and sorted once per object shape, and the path
 * to an unserialisable value is only worked out (by a second, slower walk) when one is found.
 *
 * `fp.hi` and `fp.lo` hold the last result.
 */

import { findBad, UnserialisableStateError } from './fingerprint-bad.ts';

export { UnserialisableStateError };

interface Pair {
  hi: number;
  lo: number;
}

const memo = new WeakMap<object, Pair>();
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

const T_NULL = 1, T_UNDEF = 2, T_TRUE = 3, T_FALSE = 4, T_INT = 5, T_NUM = 6, T_STR = 7;
const T_ARR = 8, T_OBJ = 9, T_SET = 10, T_MAP = 11, T_BIG = 12, T_REF = 13;
/** Composites with at least this many entries are hashed separately (part of the encoding). */
const LARGE = 8;
/** Deeper than this is taken for a cycle. */
const MAX_DEPTH = 200;

// Two independent 32-bit lanes (murmur3-style block mixing with different constants).
let a = 0;
let b = 0;
// The result of the last `sub`.
let rh = 0;
let rl = 0;

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

/** murmur3's 32-bit finaliser (a bijection), as an unsigned number. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The lanes' final 64 bits into (rh, rl). */
function finish(): void {
  const x = fmix(a ^ Math.imul(b, 0x27d4eb2d));
  rl = fmix(b ^ Math.imul(a, 0x165667b1) ^ 0x5bd1e995);
  rh = x;
}

// Short strings recur (state names, message kinds, keys): their 64 bits are cached, keyed by the string itself.
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
      finish();
      a = sa;
      b = sb;
      p = { hi: rh, lo: rl };
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

/** Hashes a value into fresh lanes, result in (rh, rl); the caller's lanes are kept. */
function sub(v: unknown, depth: number): void {
  const sa = a, sb = b;
  a = 0x2545f491;
  b = 0x6b43a9b5;
  walk(v, depth);
  finish();
  a = sa;
  b = sb;
}

/** Whether a large frozen composite is worth a WeakMap entry: its hash costs well over a lookup. */
function worthMemo(o: object): boolean {
  if (Array.isArray(o)) {
    if (o.length >= 64) return true;
    const e = o[0];
    return e !== null && typeof e === 'object';
  }
  return true; // Sets, Maps (one sub-hash per entry) and objects of 8+ keys (sorting)
}

/** A large composite as its parent sees it: T_REF and its own 64 bits. */
function mixRef(o: object, depth: number): void {
  if (worthMemo(o)) {
    // only frozen composites get an entry: look it up first, ask whether it is frozen on a miss
    const p = memo.get(o);
    if (p !== undefined) {
      rh = p.hi;
      rl = p.lo;
    } else {
      sub(o, depth);
      if (Object.isFrozen(o)) memo.set(o, { hi: rh, lo: rl });
    }
  } else sub(o, depth);
  mix(T_REF);
  mix(rh);
  mix(rl);
}

/** A child of an array or object: inline when small, by reference when large. */
function child(e: unknown, depth: number): void {
  if (typeof e === 'object' && e !== null) {
    if (Array.isArray(e)) {
      if (e.length >= LARGE) return mixRef(e, depth);
    } else {
      const proto = Object.getPrototypeOf(e);
      if (proto === Object.prototype || proto === null) {
        // its keys are read once: counted, then mixed from the scratch stack if it is small
        if (depth > MAX_DEPTH) throw new BadValue();
        const base = scratchTop;
        const n = collect(e, base);
        if (n >= LARGE) {
          for (let i = base; i < base + n; i++) scratchVals[i] = undefined;
          return mixRef(e, depth);
        }
        scratchTop = base + n;
        return mixCollected(base, n, depth);
      }
      if ((e instanceof Set || e instanceof Map) && e.size >= LARGE) return mixRef(e, depth);
    }
  }
  walk(e, depth);
}

// A stack of object keys and values read with for-in (nested objects push above their parent's).
const scratchKeys: string[] = [];
const scratchVals: unknown[] = [];
let scratchTop = 0;

/** Key orders seen before: the keys in insertion order, the permutation that sorts them, and the sorted keys' hashes. */
interface Shape {
  keys: string[];
  perm: number[];
  /** hi, lo of each key in sorted order (what mixString mixes for it). */
  hashes: number[];
}
const shapes: Shape[][] = [];
const SHAPE_MAX_KEYS = 32;

function stringPair(s: string): Pair {
  let p = stringCache.get(s);
  if (p === undefined) {
    const sa = a, sb = b;
    a = 0;
    b = 0;
    mixString(s);
    a = sa;
    b = sb;
    p = stringCache.get(s) as Pair;
  }
  return p;
}

/** The shape of the object whose keys are scratchKeys[base, base+n), cached per key sequence. */
function shapeOf(base: number, n: number): Shape {
  const cached = n <= SHAPE_MAX_KEYS ? (shapes[n] ??= []) : undefined;
  if (cached) {
    outer: for (let i = 0; i < cached.length; i++) {
      const ks = cached[i].keys;
      for (let j = 0; j < n; j++) if (ks[j] !== scratchKeys[base + j]) continue outer;
      return cached[i];
    }
  }
  const keys = scratchKeys.slice(base, base + n);
  const perm = keys.map((_, i) => i).sort((x, y) => (keys[x] < keys[y] ? -1 : keys[x] > keys[y] ? 1 : 0));
  const hashes: number[] = [];
  for (const i of perm) {
    if (keys[i].length > 64) {
      hashes.push(0, 0); // long keys are mixed character by character, never from here
      continue;
    }
    const p = stringPair(keys[i]);
    hashes.push(p.hi, p.lo);
  }
  const shape = { keys, perm, hashes };
  if (cached) {
    if (cached.length >= 16) cached.shift();
    cached.push(shape);
  }
  return shape;
}

/** Reads an object's keys and values onto the scratch stack at base; returns how many. */
function collect(o: object, base: number): number {
  let n = 0;
  for (const k in o) {
    scratchKeys[base + n] = k;
    scratchVals[base + n] = (o as Record<string, unknown>)[k];
    n++;
  }
  return n;
}

function walkObject(o: object, depth: number): void {
  const base = scratchTop;
  const n = collect(o, base);
  scratchTop = base + n;
  mixCollected(base, n, depth);
}

/** Mixes the object whose keys and values are on the scratch stack at [base, base + n), then pops them. */
function mixCollected(base: number, n: number, depth: number): void {
  mix(T_OBJ);
  let count = 0;
  if (n === 1) {
    const e = scratchVals[base];
    if (e !== undefined) {
      count = 1;
      mixString(scratchKeys[base]);
      child(e, depth + 1);
    }
  } else if (n > 1) {
    const shape = shapeOf(base, n);
    const perm = shape.perm, hashes = shape.hashes;
    for (let j = 0; j < n; j++) {
      const i = base + perm[j];
      const e = scratchVals[i];
      if (e === undefined) continue; // an absent key and an undefined one are the same state
      count++;
      const k = scratchKeys[i];
      if (k.length <= 64) {
        mix(hashes[2 * j]);
        mix(hashes[2 * j + 1]);
      } else mixString(k);
      switch (typeof e) {
        case 'string':
          mixString(e);
          break;
        case 'boolean':
          mix(e ? T_TRUE : T_FALSE);
          break;
        case 'number':
          mixNumber(e);
          break;
        default:
          child(e, depth + 1);
      }
    }
  }
  for (let i = base; i < base + n; i++) scratchVals[i] = undefined; // do not keep states alive
  scratchTop = base;
  mix(count);
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
      throw new BadValue();
  }
  if (v === null) return mix(T_NULL);
  if (depth > MAX_DEPTH) throw new BadValue();
  if (Array.isArray(v)) {
    const n = v.length;
    mix(T_ARR);
    mix(n);
    for (let i = 0; i < n; i++) {
      const e = v[i];
      switch (typeof e) {
        case 'string':
          mixString(e);
          break;
        case 'boolean':
          mix(e ? T_TRUE : T_FALSE);
          break;
        case 'number':
          mixNumber(e);
          break;
        default:
          child(e, depth + 1);
      }
    }
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return walkObject(v, depth);
  if (v instanceof Set) {
    // order-independent: sum of the elements' fingerprints, lane by lane
    let sh = 0, sl = 0;
    for (const e of v) {
      sub(e, depth + 1);
      sh = (sh + rh) | 0;
      sl = (sl + rl) | 0;
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
      sub(k, depth + 1);
      const kh = rh, kl = rl;
      sub(e, depth + 1);
      sh = (sh + fmix(kh ^ Math.imul(rh, 0x9e3779b1))) | 0;
      sl = (sl + fmix(kl ^ Math.imul(rl, 0x85ebca77))) | 0;
    }
    mix(T_MAP);
    mix(v.size);
    mix(sh);
    mix(sl);
    return;
  }
  throw new BadValue();
}

/** Thrown by the fast walk; the slow walk (fingerprint-bad.ts) then finds the path and says what the value is. */
class BadValue extends Error {}

/** The last fingerprint computed by `fingerprint`. */
export const fp = { hi: 0, lo: 0 };

/** Computes the 64-bit fingerprint of a value into `fp` (hi, lo). Throws UnserialisableStateError naming the path of a value that is not plain data. */
export function fingerprint(value: unknown): void {
  try {
    // the root is new in nearly every state: memoising it would only cost
    sub(value, 0);
  } catch (err) {
    scratchVals.fill(undefined, 0, scratchTop);
    scratchTop = 0;
    if (err instanceof BadValue || err instanceof RangeError) {
      throw findBad(value, '', 0) ?? new UnserialisableStateError('', 'a value that cannot be hashed');
    }
    throw err;
  }
  fp.hi = rh;
  fp.lo = rl;
}

/**
 * The fingerprint of a part of a larger value, into `fp`: memoised for a frozen record, so that
 * a part many states share (a process state, a message) is hashed once. The same 64 bits as
 * `fingerprint`.
 */
export function fingerprintPart(v: unknown): void {
  // lists are mostly made anew for each state (a process's history with one more event), so a
  // memo entry for them would cost more than it saves; records (states, messages) recur
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fingerprint(v);
  // looked up before asking whether it is frozen (only frozen records get an entry), which costs twice a lookup
  const p = memo.get(v);
  if (p !== undefined) {
    fp.hi = p.hi;
    fp.lo = p.lo;
    return;
  }
  fingerprint(v);
  if (Object.isFrozen(v)) memo.set(v, { hi: fp.hi, lo: fp.lo });
}

/** The fingerprint of a value as 16 hex digits (for trace files and messages). */
export function fingerprintHex(value: unknown): string {
  fingerprint(value);
  return fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
}

/** Structural equality of plain values, with the same notion of equality as the fingerprint. */
export function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  return fingerprintHex(x) === fingerprintHex(y);
}
