/**
 * The fingerprint of a world, built from its parts: each process state, history, message in
 * flight or timer set is hashed on its own, and the world's fingerprint combines the parts'
 * 64 bits with its small fields, in a fixed order (the fields sorted by name, per-process
 * slots in pid order, messages in the network's canonical order). Equal worlds therefore get
 * equal fingerprints.
 *
 * Two levels: a list field's hash combines its elements' hashes, the world's hash combines
 * its fields' hashes and small values.
 *
 * A successor shares all but a few parts with the world it came from: the world keeps its
 * record in a slot of its own (RECORD, dying with it), made when it is first hashed from its
 * parent's. An unchanged field keeps the parent's words; a changed list reuses the hashes of
 * its elements that are the same objects as the parent's (by index when the length is the
 * same, else by a scan that follows insertions and removals), so a step costs the hashing of
 * what it made, not a walk of the whole world. A world the system did not make (a renamed one) is
 * hashed from scratch, with the same result.
 */
import { freezeDeep } from './freeze.ts';
import { fingerprintPart, fingerprintWords, fp } from '../core/fingerprint.ts';
import type { World } from './world.ts';
import { RECORD, type WorldShape } from './world-shape.ts';

// Each value is two words: a small tag and a number for primitives, or a part's 64 bits (a part
// whose high word equals a tag and low word a number would collide with that primitive: the
// chance is 2^-64, as for any fingerprint collision).
const T_ABSENT = 1, T_NULL = 2, T_TRUE = 3, T_FALSE = 4, T_INT = 5;

/**
 * A world's hash and its parts': two words per field in key order (the field's hash, or a
 * small value's tag and number), and for each list field its words (the length, then two per
 * element). Flat arrays: a successor copies its parent's (one copy, no pointer per field to
 * follow into the parent's memory) and writes over the fields that changed.
 */
interface WorldRecord {
  readonly hashes: number[];
  readonly words: (readonly number[] | undefined)[];
  /** As int32 (an unsigned number outside the small-integer range would be boxed). */
  readonly hi: number;
  readonly lo: number;
}

type Recorded = { [RECORD]?: Slot };

let eh = 0;
let el = 0;
/** A value's two words into (eh, el). */
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
  fingerprintPart(v);
  // as int32 (fp holds unsigned numbers, which V8 keeps boxed outside the small-integer range)
  eh = fp.hi | 0;
  el = fp.lo | 0;
}

/** How far ahead in the parent's list a part is looked for (a removal or two). */
const LOOKAHEAD = 3;

/** A list's words, reusing the parent's for the elements it still holds (the same objects). */
function listWords(v: readonly unknown[], prev: readonly unknown[] | undefined, pw: readonly number[] | undefined): number[] {
  const n = v.length;
  if (prev && pw && prev.length === n) {
    // a per-process list with a slot or two replaced: copy, then write over what changed
    const words = pw.slice();
    for (let i = 0; i < n; i++) {
      const e = v[i];
      if (e === prev[i]) continue;
      value(e);
      words[1 + 2 * i] = eh;
      words[2 + 2 * i] = el;
    }
    return words;
  }
  const words = new Array<number>(1 + 2 * n);
  words[0] = n;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const e = v[i];
    if (prev && pw && typeof e === 'object' && e !== null) {
      let k = j;
      while (k < prev.length && k < j + LOOKAHEAD && prev[k] !== e) k++;
      if (k < prev.length && prev[k] === e) {
        words[1 + 2 * i] = pw[1 + 2 * k];
        words[2 + 2 * i] = pw[2 + 2 * k];
        j = k + 1;
        continue;
      }
    }
    value(e);
    words[1 + 2 * i] = eh;
    words[2 + 2 * i] = el;
  }
  return words;
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

/** A world's slot: its parent until it is hashed, then its record (a copy made by spreading is told apart by `owner`). */
interface Slot {
  readonly owner: World;
  from?: World;
  record?: WorldRecord;
}

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

  constructor(shape: WorldShape) {
    this.keys = shape.keys;
    this.read = shape.read;
    this.now = new Array(this.keys.length);
    this.before = new Array(this.keys.length);
  }

  /** The record of a world, reusing the parent's where its fields are the same objects. */
  private record(w: World, from?: World, prev?: WorldRecord): WorldRecord {
    const keys = this.keys;
    const now = this.now, before = this.before;
    this.read(w, now);
    if (prev) this.read(from!, before);
    const hashes = prev ? prev.hashes.slice() : new Array<number>(2 * keys.length);
    const words = prev ? prev.words.slice() : new Array<readonly number[] | undefined>(keys.length);
    for (let f = 0; f < keys.length; f++) {
      const v = now[f];
      const p = prev ? before[f] : undefined;
      now[f] = before[f] = undefined;
      if (prev && p === v) continue;
      if (Array.isArray(v)) {
        const lw = listWords(v, prev && Array.isArray(p) ? p : undefined, prev?.words[f]);
        fingerprintWords(lw, lw.length);
        words[f] = lw;
        hashes[2 * f] = fp.hi | 0;
        hashes[2 * f + 1] = fp.lo | 0;
      } else {
        value(v);
        words[f] = undefined;
        hashes[2 * f] = eh;
        hashes[2 * f + 1] = el;
      }
    }
    fingerprintWords(hashes, hashes.length);
    return { hashes, words, hi: fp.hi | 0, lo: fp.lo | 0 };
  }

  /**
   * A world the system just made from `from` (none for an initial world): unless `link` is
   * false it is tied to `from`, whose record its own will be made from when it is first hashed
   * (a random run that never asks for fingerprints never computes them; one that does not link
   * them does not keep their ancestors either).
   */
  made(w: World, from: World | undefined, link = true): void {
    (w as Recorded)[RECORD] = { owner: w, from: link ? from : undefined };
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

  /** The fingerprint of a world into `fp`. */
  hash(w: World): void {
    const r = this.resolve(w);
    fp.hi = r.hi >>> 0;
    fp.lo = r.lo >>> 0;
  }

  /** The world's record: made now from its parent's (and theirs, up to one that has one), or from scratch. */
  private resolve(w: World): WorldRecord {
    const slot = slotOf(w);
    if (!slot) return this.record(w);
    if (slot.record) return slot.record;
    // the usual case, a world made from one already hashed, without the list of the chain below
    const parent = slot.from ? slotOf(slot.from) : undefined;
    if (!parent || parent.record) {
      slot.record = parent ? this.record(w, slot.from, parent.record) : this.record(w);
      slot.from = undefined;
      return slot.record;
    }
    const chain: Slot[] = [slot];
    let top = slot;
    while (top.from) {
      const up = slotOf(top.from);
      if (!up || up.record) break;
      chain.push(up);
      top = up;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i];
      const prev = s.from ? slotOf(s.from)?.record : undefined;
      s.record = this.record(s.owner, prev ? s.from : undefined, prev);
      s.from = undefined;
    }
    return slot.record!;
  }
}
