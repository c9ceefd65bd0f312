/**
 * A set of configurations of the breadth-first search, kept free of dominated ones.
 * A record is [state, pending mask..., counts of unknown-outcome operations taken per
 * class..., trail]. Two records with the same state and mask differ in the unknown-outcome
 * operations they used; those are optional (never required to take effect), so the record
 * that used no more of any class can do whatever the other can: the other is dropped.
 * Without unknown-outcome classes this is plain deduplication.
 */
import { allocating, type MemoryBudget } from './budget.ts';
import { KeySet } from './keyset.ts';
import { Records } from './records.ts';

export class Frontier {
  readonly recs: Records;
  private readonly groups: KeySet;
  private head: Int32Array;
  private link: Int32Array;
  private alive: Uint8Array;
  /** Records dropped as dominated after they were added. */
  dead = 0;

  private readonly surplus: Int32Array;

  constructor(
    private readonly width: number,
    /** Words of the group key: state and mask. */
    private readonly keyWords: number,
    private readonly budget: MemoryBudget,
    /**
     * Per unknown-outcome class, the one class that can do all it can (Model.subsumes), or
     * -1; with it, a record that used a write where another used a cas to the same value
     * compares too. Undefined: counts compare class by class.
     */
    private readonly coverer?: Int32Array,
  ) {
    this.surplus = new Int32Array(Math.max(0, width - 1 - keyWords));
    this.recs = new Records(width, budget, 16);
    this.groups = new KeySet(budget, 16, keyWords);
    this.head = allocating(budget, 16 * 4, () => new Int32Array(16));
    this.link = allocating(budget, 16 * 4, () => new Int32Array(16));
    this.alive = allocating(budget, 16, () => new Uint8Array(16));
  }

  get count(): number {
    return this.recs.count - this.dead;
  }

  /** Adds `rec` unless a record here dominates it; drops the records it dominates. */
  offer(rec: Uint32Array): boolean {
    const { keyWords, width } = this;
    const counts = width - 1 - keyWords;
    const before = this.groups.size;
    const g = this.groups.intern(rec, keyWords);
    if (g >= this.head.length) this.head = this.grown(this.head, g + 1);
    if (this.groups.size > before) this.head[g] = -1;
    else if (counts === 0) return false;
    else {
      const data = this.recs.data;
      for (let e = this.head[g]; e >= 0; e = this.link[e]) {
        if (this.alive[e] === 0) continue;
        const at = e * width + keyWords;
        let le = true; // existing <= new: the new one is dominated
        let ge = true; // existing >= new: the existing one is dominated
        for (let c = 0; c < counts; c++) {
          const a = data[at + c];
          const b = rec[keyWords + c];
          if (a > b) le = false;
          else if (a < b) ge = false;
        }
        if (this.coverer && !le) le = this.covers(data, at, rec, keyWords);
        if (le) return false;
        if (this.coverer && !ge) ge = this.covers(rec, keyWords, data, at);
        if (ge) {
          this.alive[e] = 0;
          this.dead++;
        }
      }
    }
    const idx = this.recs.count;
    this.recs.push(rec);
    if (idx >= this.link.length) {
      this.link = this.grown(this.link, idx + 1);
      const alive = allocating(this.budget, this.link.length, () => new Uint8Array(this.link.length));
      alive.set(this.alive);
      this.budget.give(this.alive.byteLength);
      this.alive = alive;
    }
    this.alive[idx] = 1;
    this.link[idx] = this.head[g];
    this.head[g] = idx;
    return true;
  }

  /**
   * Whether the record using counts x[xi..] can do all the one using y[yi..] can: every
   * class x used more of is made up by its coverer, which x used that much less of.
   */
  private covers(x: Uint32Array, xi: number, y: Uint32Array, yi: number): boolean {
    const { surplus, coverer } = this;
    const n = surplus.length;
    for (let c = 0; c < n; c++) surplus[c] = y[yi + c] - x[xi + c];
    for (let c = 0; c < n; c++) {
      if (surplus[c] >= 0) continue;
      const k = coverer![c];
      if (k < 0) return false;
      surplus[k] += surplus[c];
      surplus[c] = 0;
    }
    for (let c = 0; c < n; c++) if (surplus[c] < 0) return false;
    return true;
  }

  /** Whether record i is still in the set (not dropped as dominated). */
  live(i: number): boolean {
    return this.alive[i] === 1;
  }

  clear(): void {
    this.recs.clear();
    this.groups.clear();
    this.dead = 0;
  }

  private grown(a: Int32Array, need: number): Int32Array {
    let cap = a.length;
    while (cap < need) cap *= 2;
    const b = allocating(this.budget, cap * 4, () => new Int32Array(cap));
    b.set(a);
    this.budget.give(a.byteLength);
    return b;
  }

  release(): void {
    this.recs.release();
    this.groups.release();
    this.budget.give(this.head.byteLength + this.link.byteLength + this.alive.byteLength);
  }
}
