/**
 * Model states hash-consed to small integers, and the model's step memoised per (state,
 * operation class): the searches run on integers and call the model only the first time a
 * class of operation meets a state. A class is the operations with equal input and equal
 * output (or, for an unknown outcome, equal input): the model gives them equal results.
 */
import { ILLEGAL, type Model } from '../model.ts';
import { allocating, type MemoryBudget } from './budget.ts';

const ILLEGAL_: typeof ILLEGAL = ILLEGAL;
/** Not computed yet. */
const UNSEEN = -2;
/** A dense row per state while classes are few; hashed pairs beyond. */
const DENSE_CLASSES = 64;
/** What a state costs on the heap beyond its table entry, as counted (an estimate). */
const STATE_BYTES = 64;

export class Transitions<S> {
  readonly states: S[] = [];
  private readonly hashes: number[] = [];
  private index: Int32Array; // open addressing over state ids + 1
  private rows: Int32Array[] = [];
  private pairKeys: Int32Array = new Int32Array(0); // [state, class] per slot, state -1 = empty
  private pairValues: Int32Array = new Int32Array(0);
  private pairs = 0;
  /** Model steps computed (memo misses). */
  computed = 0;

  constructor(
    private readonly model: Model<S>,
    /** Input and output of each class (output UNKNOWN for an unknown outcome). */
    private readonly inputs: readonly unknown[],
    private readonly outputs: readonly unknown[],
    private readonly budget: MemoryBudget,
  ) {
    this.index = allocating(budget, 64 * 4, () => new Int32Array(64));
    if (inputs.length > DENSE_CLASSES) this.growPairs(1024);
  }

  get classes(): number {
    return this.inputs.length;
  }

  /** The id of `s`, added if new. */
  intern(s: S): number {
    const h = this.model.hash(s) | 0;
    const { index } = this;
    const mask = index.length - 1;
    let i = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const e = index[i];
      if (e === 0) break;
      const id = e - 1;
      if (this.hashes[id] === h && (this.states[id] === s || this.model.equal(this.states[id], s))) return id;
      i = (i + 1) & mask;
    }
    const id = this.states.length;
    this.budget.take(STATE_BYTES);
    this.states.push(s);
    this.hashes.push(h);
    index[i] = id + 1;
    if (this.states.length * 2 > index.length) this.rehash();
    return id;
  }

  /** The state after an operation of class `c` in state `sid`, or -1 when illegal. */
  step(sid: number, c: number): number {
    if (this.inputs.length <= DENSE_CLASSES) {
      let row = this.rows[sid];
      if (row === undefined) {
        const n = this.inputs.length;
        row = this.rows[sid] = allocating(this.budget, n * 4, () => new Int32Array(n).fill(UNSEEN));
      }
      const r = row[c];
      if (r !== UNSEEN) return r;
      return (row[c] = this.compute(sid, c));
    }
    return this.stepHashed(sid, c);
  }

  private compute(sid: number, c: number): number {
    this.computed++;
    const ns = this.model.step(this.states[sid], this.inputs[c], this.outputs[c]);
    return ns === ILLEGAL_ ? -1 : this.intern(ns as S);
  }

  private stepHashed(sid: number, c: number): number {
    const keys = this.pairKeys;
    const mask = (keys.length >>> 1) - 1;
    let i = (Math.imul(sid, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & mask;
    for (;;) {
      const s = keys[2 * i];
      if (s === -1) break;
      if (s === sid && keys[2 * i + 1] === c) return this.pairValues[i];
      i = (i + 1) & mask;
    }
    const r = this.compute(sid, c);
    // compute() may have grown nothing here (only the state index), so slot i is still free
    keys[2 * i] = sid;
    keys[2 * i + 1] = c;
    this.pairValues[i] = r;
    if (++this.pairs * 2 > mask + 1) this.growPairs((mask + 1) * 2);
    return r;
  }

  private growPairs(cap: number): void {
    const oldKeys = this.pairKeys;
    const oldValues = this.pairValues;
    const keys = allocating(this.budget, cap * 8, () => new Int32Array(cap * 2).fill(-1));
    const values = allocating(this.budget, cap * 4, () => new Int32Array(cap));
    const mask = cap - 1;
    for (let j = 0; j < oldValues.length; j++) {
      const s = oldKeys[2 * j];
      if (s === -1) continue;
      const c = oldKeys[2 * j + 1];
      let i = (Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & mask;
      while (keys[2 * i] !== -1) i = (i + 1) & mask;
      keys[2 * i] = s;
      keys[2 * i + 1] = c;
      values[i] = oldValues[j];
    }
    this.budget.give(oldKeys.byteLength + oldValues.byteLength);
    this.pairKeys = keys;
    this.pairValues = values;
  }

  private rehash(): void {
    const cap = this.index.length * 2;
    const index = allocating(this.budget, cap * 4, () => new Int32Array(cap));
    const mask = cap - 1;
    for (let id = 0; id < this.states.length; id++) {
      const h = this.hashes[id];
      let i = (h ^ (h >>> 15)) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = id + 1;
    }
    this.budget.give(this.index.byteLength);
    this.index = index;
  }

  /** Bytes this table holds, as counted against the budget. */
  get bytes(): number {
    let b = this.index.byteLength + this.pairKeys.byteLength + this.pairValues.byteLength + this.states.length * STATE_BYTES;
    for (const r of this.rows) if (r) b += r.byteLength;
    return b;
  }

  release(): void {
    this.budget.give(this.bytes);
    this.rows = [];
    this.states.length = 0;
  }
}
