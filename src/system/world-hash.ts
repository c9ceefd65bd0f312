/**
 * The fingerprint of a world, built from its parts: each process state, history, message in
 * flight or timer set is hashed on its own (core/fingerprint.ts, memoised per frozen record),
 * and the world's fingerprint is a sum of the parts' 64 bits, each first spread by a mixing
 * function keyed by where the part sits: its index in a per-process list, its rank on its
 * channel for a message in flight, and its field for a field of the world. Equal worlds
 * therefore get equal fingerprints, however they were made.
 *
 * A sum because a successor shares all but a few parts with the world it came from: the world
 * keeps the sums of its fields in a slot of its own (RECORD, dying with it), made when it is
 * first hashed from its parent's, and a step costs the spreading of what it replaced and what
 * it made (found by object identity against the parent's lists), never a pass over every
 * part's 64 bits. A world the system did not make (a renamed one) is summed from scratch, with
 * the same result.
 *
 * Soundness: each spreading is a bijection of the 64 bits for a given key, and the keys give
 * unrelated bijections, so two different worlds collide when a sum of differences of
 * pseudo-random 64-bit values is zero: the 2^-64 of any fingerprint (two lanes of 32 bits,
 * each summed modulo 2^32). Messages in flight are summed as a bag of (message, rank on its
 * channel): faithful because every channel discipline keeps the network grouped by channel in
 * a canonical order (network/channels.ts), so the bag gives the list back.
 */
import { freezeDeep } from './freeze.ts';
import { fingerprintPart, fmix, fp } from '../core/fingerprint.ts';
import type { Envelope, World } from './world.ts';
import { RECORD, type WorldShape } from './world-shape.ts';

// A value's 64 bits: a small tag and a number for primitives, or a part's fingerprint (a part
// whose high word equals a tag and low word a number would collide with that primitive: the
// chance is 2^-64, as for any fingerprint collision).
const T_ABSENT = 1, T_NULL = 2, T_TRUE = 3, T_FALSE = 4, T_INT = 5;

/** The 64 bits of frozen lists held in per-process lists (fingerprintPart memoises records only). */
const lists = new WeakMap<readonly unknown[], { readonly hi: number; readonly lo: number }>();

let eh = 0;
let el = 0;
/** A value's two words into (eh, el), as int32 (an unsigned number outside the small-integer range would be boxed). */
function value(v: unknown): void {
  switch (typeof v) {
    case 'boolean':
      eh = v ? T_TRUE : T_FALSE;
      el = 0;
      return;
    case 'undefined':
      eh = T_ABSENT;
      el = 0;
      return;
    case 'number':
      if ((v | 0) === v && !Object.is(v, -0)) {
        eh = T_INT;
        el = v;
        return;
      }
      break;
    case 'object':
      if (v === null) {
        eh = T_NULL;
        el = 0;
        return;
      }
      break;
  }
  if (Array.isArray(v)) {
    // a process's event list: frozen, and shared by the worlds that hold it (history, record.ts);
    // open lists (a process's timers) have no entry and are hashed each time
    const known = lists.get(v);
    if (known !== undefined) {
      eh = known.hi;
      el = known.lo;
      return;
    }
    fingerprintPart(v);
    eh = fp.hi | 0;
    el = fp.lo | 0;
    if (Object.isFrozen(v)) lists.set(v, { hi: eh, lo: el });
    return;
  }
  fingerprintPart(v);
  eh = fp.hi | 0;
  el = fp.lo | 0;
}

/** fmix as int32. */
const mix32 = (h: number): number => fmix(h) | 0;

// The keys of the three kinds of place (an index in a list, a rank on a channel, a field), apart.
const at = (i: number): number => Math.imul(i + 1, 0x632be5ab);
const rankAt = (r: number): number => Math.imul(r + 1, 0x4cf5ad43) ^ 0x2545f491;
const fieldAt = (f: number): number => Math.imul(f + 1, 0x7feb352d) ^ 0x68e31da4;

let ch = 0;
let cl = 0;
/** (h, l) spread by the bijection of key k into (ch, cl). */
function spread(k: number, h: number, l: number): void {
  const x = mix32(h ^ Math.imul(l, 0x9e3779b1) ^ k);
  const y = mix32(l ^ Math.imul(x, 0x85ebca6b) ^ Math.imul(k, 0xc2b2ae35));
  ch = mix32(x ^ Math.imul(y, 0x27d4eb2d));
  cl = y;
}

// The sum being built, two lanes.
let sh = 0;
let sl = 0;
function add(): void {
  sh = (sh + ch) | 0;
  sl = (sl + cl) | 0;
}
function subtract(): void {
  sh = (sh - ch) | 0;
  sl = (sl - cl) | 0;
}

/** The sum of a list from scratch: its elements spread by index. */
function listSum(v: readonly unknown[]): void {
  sh = sl = 0;
  for (let i = 0; i < v.length; i++) {
    value(v[i]);
    spread(at(i), eh, el);
    add();
  }
}

/** The sum of a list of the same length as the parent's, from the parent's sum (in sh, sl): the slots replaced. */
function listSumFrom(v: readonly unknown[], prev: readonly unknown[]): void {
  for (let i = 0; i < v.length; i++) {
    const e = v[i], p = prev[i];
    if (e === p) continue;
    value(p);
    spread(at(i), eh, el);
    subtract();
    value(e);
    spread(at(i), eh, el);
    add();
  }
}

const sameChannel = (a: Envelope, b: Envelope): boolean => a.from === b.from && a.to === b.to;

/** The sum of the messages in flight from scratch: each spread by its rank on its channel. */
function netSum(v: readonly Envelope[]): void {
  sh = sl = 0;
  let r = 0;
  for (let i = 0; i < v.length; i++) {
    r = i > 0 && sameChannel(v[i - 1], v[i]) ? r + 1 : 0;
    value(v[i]);
    spread(rankAt(r), eh, el);
    add();
  }
}

/** The rank of prev[k] on its channel, from that of prev[k - 1] (in pr): called for k = 0, 1, ... in turn. */
let pr = 0;
function prevRank(prev: readonly Envelope[], k: number): number {
  pr = k > 0 && sameChannel(prev[k - 1], prev[k]) ? pr + 1 : 0;
  return pr;
}

/** How far ahead in the parent's network a message is looked for (a removal or two). */
const LOOKAHEAD = 3;

/**
 * The sum of the messages in flight from the parent's (in sh, sl): the messages of the
 * parent's network that are not in this one (by identity, looked for a few places ahead) are
 * taken out, the new ones put in, and those that stayed but moved on their channel moved.
 */
function netSumFrom(v: readonly Envelope[], prev: readonly Envelope[]): void {
  const m = prev.length;
  // the messages before the first change keep their places and ranks: skipped, with the rank
  // of the last of them (counted back along its channel) to go on from
  let s = 0;
  while (s < v.length && s < m && v[s] === prev[s]) s++;
  let r = 0;
  for (let t = s - 1; t > 0 && sameChannel(v[t - 1], v[t]); t--) r++;
  pr = r;
  let j = s; // the parent's next message not yet matched or taken out
  for (let i = s; i < v.length; i++) {
    const e = v[i];
    r = i > 0 && sameChannel(v[i - 1], e) ? r + 1 : 0;
    let k = j;
    while (k < m && k < j + LOOKAHEAD && prev[k] !== e) k++;
    if (k < m && prev[k] === e) {
      for (; j < k; j++) {
        const q = prevRank(prev, j);
        value(prev[j]);
        spread(rankAt(q), eh, el);
        subtract();
      }
      const q = prevRank(prev, k);
      j = k + 1;
      if (q === r) continue;
      value(e);
      spread(rankAt(q), eh, el);
      subtract();
      spread(rankAt(r), eh, el);
      add();
      continue;
    }
    value(e);
    spread(rankAt(r), eh, el);
    add();
  }
  for (; j < m; j++) {
    const q = prevRank(prev, j);
    value(prev[j]);
    spread(rankAt(q), eh, el);
    subtract();
  }
}

/** A list field's two words as the world's sum sees them: its sum and its length. */
function listWords(s0: number, s1: number, n: number): void {
  eh = s0 ^ Math.imul(n, 0x2c1b3c6d) ^ 0x1d8e4e27;
  el = (s1 + n) | 0;
}

let guarded = false;

/**
 * Tests: check that every world holds only frozen objects, and freeze the world and its lists
 * too, so that a component that writes into a world already made (its parent's, say) throws
 * instead of changing a state the search has kept. Off, nothing is checked: the components
 * freeze what they make (handlers' results, envelopes, events) as they make it.
 */
export function freezeWorldLists(on: boolean): void {
  guarded = on;
}

/** Throws unless everything a value holds outside lists is frozen (lists are entered). */
function checkHeld(v: unknown, field: string): void {
  if (v === null || typeof v !== 'object') return;
  if (!Array.isArray(v)) {
    if (!Object.isFrozen(v)) throw new Error(`a world's ${field} holds an object that is not frozen`);
    return;
  }
  for (let i = 0; i < v.length; i++) checkHeld(v[i], field);
}

/**
 * A world's slot: its parent until it is hashed, then its record: per field two words (a list's
 * sum, or a small value or part's 64 bits) and the world's sum (a copy made with `{ ...w }` is told
 * apart by `owner`).
 */
interface Slot {
  readonly owner: World;
  from: World | undefined;
  /** As int32 (an unsigned number outside the small-integer range would be boxed). */
  sums: number[] | undefined;
  hi: number;
  lo: number;
}

type Recorded = { [RECORD]?: Slot };

function slotOf(w: World): Slot | undefined {
  const s = (w as Recorded)[RECORD];
  return s && s.owner === w ? s : undefined;
}

/** The fingerprints of one system's worlds; `keys` are the world's fields in sorted order (the same for every world of a system). */
export class WorldHasher {
  private readonly keys: readonly string[];
  private readonly read: (w: World, into: unknown[]) => void;
  private readonly now: unknown[];
  private readonly before: unknown[];
  /** The field of the messages in flight (a bag by channel rank, not a list by index). */
  private readonly net: number;

  constructor(shape: WorldShape) {
    this.keys = shape.keys;
    this.read = shape.read;
    this.now = new Array(this.keys.length);
    this.before = new Array(this.keys.length);
    this.net = this.keys.indexOf('net');
  }

  /** Fills a world's record, from its parent's where its fields are the same objects. */
  private record(s: Slot, from?: World, prev?: Slot): void {
    const n = this.keys.length;
    const now = this.now, before = this.before;
    this.read(s.owner, now);
    if (prev) this.read(from!, before);
    const sums = prev ? prev.sums!.slice() : new Array<number>(2 * n);
    let th = prev ? prev.hi : 0;
    let tl = prev ? prev.lo : 0;
    for (let f = 0; f < n; f++) {
      const v = now[f];
      const p = prev ? before[f] : undefined;
      now[f] = before[f] = undefined;
      if (prev) {
        if (p === v) continue;
        // the field's old words out of the world's sum
        if (Array.isArray(p)) listWords(sums[2 * f], sums[2 * f + 1], p.length);
        else {
          eh = sums[2 * f];
          el = sums[2 * f + 1];
        }
        spread(fieldAt(f), eh, el);
        th = (th - ch) | 0;
        tl = (tl - cl) | 0;
      }
      if (Array.isArray(v)) {
        if (prev && Array.isArray(p) && (f === this.net || p.length === v.length)) {
          sh = sums[2 * f];
          sl = sums[2 * f + 1];
          if (f === this.net) netSumFrom(v as Envelope[], p as Envelope[]);
          else listSumFrom(v, p);
        } else if (f === this.net) netSum(v as Envelope[]);
        else listSum(v);
        sums[2 * f] = sh;
        sums[2 * f + 1] = sl;
        listWords(sh, sl, v.length);
      } else {
        value(v);
        sums[2 * f] = eh;
        sums[2 * f + 1] = el;
      }
      spread(fieldAt(f), eh, el);
      th = (th + ch) | 0;
      tl = (tl + cl) | 0;
    }
    s.sums = sums;
    s.hi = th;
    s.lo = tl;
  }

  /**
   * A world the system just made from `from` (none for an initial world): unless `link` is
   * false it is tied to `from`, whose record its own will be made from when it is first hashed
   * (a random run that never asks for fingerprints never computes them; one that does not link
   * them does not keep their ancestors either).
   */
  made(w: World, from: World | undefined, link = true): void {
    (w as Recorded)[RECORD] = { owner: w, from: link ? from : undefined, sums: undefined, hi: 0, lo: 0 };
    if (guarded) this.guard(w);
  }

  private guard(w: World): void {
    const now = this.now;
    this.read(w, now);
    for (let f = 0; f < now.length; f++) {
      checkHeld(now[f], this.keys[f]);
      freezeDeep(now[f]);
      now[f] = undefined;
    }
    Object.freeze(w);
  }

  /** The index of a field in the records (-1 if worlds have no such field). */
  field(name: string): number {
    return this.keys.indexOf(name);
  }

  /**
   * Mixes into the 64 bits of `out` the content of some fields of a world already hashed (the
   * words its record keeps for them): a key for what depends on those fields alone, which a
   * later call can extend with more fields. False when the world has no record (never hashed)
   * or a field is missing.
   */
  fieldsKey(w: World, fields: readonly number[], out: { hi: number; lo: number }): boolean {
    const s = slotOf(w);
    if (!s || !s.sums) return false;
    let x = out.hi, y = out.lo;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f < 0) return false;
      x = mix32(x ^ s.sums[2 * f] ^ Math.imul(y, 0x9e3779b1));
      y = mix32(y ^ s.sums[2 * f + 1] ^ Math.imul(x, 0x85ebca6b));
    }
    out.hi = x;
    out.lo = y;
    return true;
  }

  /** The fingerprint of a world into `fp`: its sum, mixed once more (a bijection). */
  hash(w: World): void {
    const s = this.resolve(w);
    const x = mix32(s.hi ^ Math.imul(s.lo, 0x27d4eb2d));
    fp.hi = x >>> 0;
    fp.lo = mix32(s.lo ^ Math.imul(x, 0x165667b1)) >>> 0;
  }

  /** The world's record: made now from its parent's (and theirs, up to one that has one), or from scratch. */
  private resolve(w: World): Slot {
    const slot = slotOf(w);
    if (!slot) {
      const s: Slot = { owner: w, from: undefined, sums: undefined, hi: 0, lo: 0 };
      this.record(s);
      // kept when it can be (a renamed world is hashed again once chosen as the canonical form)
      if (Object.isExtensible(w)) (w as Recorded)[RECORD] = s;
      return s;
    }
    if (slot.sums) return slot;
    // the usual case, a world made from one already hashed, without the list of the chain below
    const parent = slot.from ? slotOf(slot.from) : undefined;
    if (!parent || parent.sums) {
      if (parent) this.record(slot, slot.from, parent);
      else this.record(slot);
      slot.from = undefined;
      return slot;
    }
    const chain: Slot[] = [slot];
    let top = slot;
    while (top.from) {
      const up = slotOf(top.from);
      if (!up || up.sums) break;
      chain.push(up);
      top = up;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i];
      const prev = s.from ? slotOf(s.from) : undefined;
      if (prev?.sums) this.record(s, s.from, prev);
      else this.record(s);
      s.from = undefined;
    }
    return slot;
  }
}
