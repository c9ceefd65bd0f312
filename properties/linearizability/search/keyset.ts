/**
 * A set of keys made of 32-bit words (configurations of a search), in typed arrays: an
 * open-addressing table of entry numbers over an arena that holds the keys back to back.
 * No JavaScript collection is involved, so there is no 2^24-entry ceiling, and every byte is
 * taken from a MemoryBudget. Membership compares the whole key, never just its hash: a
 * collision can cost time, never a wrong verdict.
 */
import { allocating, type MemoryBudget } from './budget.ts';

export function hashWords(key: Uint32Array, len: number): number {
  let h = 0x9747b28c ^ len;
  for (let i = 0; i < len; i++) {
    let k = Math.imul(key[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class KeySet {
  size = 0;
  private slots: Int32Array; // entry + 1, 0 = empty
  private mask: number;
  private hashes: Int32Array;
  private starts: Int32Array; // entry -> offset in the arena; starts[size] = end
  private arena: Uint32Array;
  private top = 0;

  constructor(
    private readonly budget: MemoryBudget,
    capacity = 1024,
    words = 4,
  ) {
    this.slots = allocating(budget, capacity * 8, () => new Int32Array(capacity * 2));
    this.mask = capacity * 2 - 1;
    this.hashes = allocating(budget, capacity * 4, () => new Int32Array(capacity));
    this.starts = allocating(budget, (capacity + 1) * 4, () => new Int32Array(capacity + 1));
    this.arena = allocating(budget, capacity * words * 4, () => new Uint32Array(capacity * words));
  }

  get bytes(): number {
    return this.slots.byteLength + this.hashes.byteLength + this.starts.byteLength + this.arena.byteLength;
  }

  /** Adds key[0..len) unless present; true when it was added. */
  add(key: Uint32Array, len: number): boolean {
    const before = this.size;
    this.intern(key, len);
    return this.size > before;
  }

  /** The entry number of key[0..len), added if absent (entries are numbered 0, 1, ...). */
  intern(key: Uint32Array, len: number): number {
    const h = hashWords(key, len);
    const { slots, hashes, starts, arena } = this;
    let i = h & this.mask;
    for (;;) {
      const e = slots[i];
      if (e === 0) break;
      if (hashes[e - 1] === h) {
        const s = starts[e - 1];
        if (starts[e] - s === len) {
          let j = 0;
          while (j < len && arena[s + j] === key[j]) j++;
          if (j === len) return e - 1;
        }
      }
      i = (i + 1) & this.mask;
    }
    if (this.size === this.hashes.length) {
      this.growEntries();
      return this.intern(key, len);
    }
    if (this.top + len > this.arena.length) {
      this.growArena(len);
      return this.intern(key, len);
    }
    const idx = this.size++;
    slots[i] = idx + 1;
    hashes[idx] = h;
    arena.set(key.subarray(0, len), this.top);
    this.top += len;
    this.starts[idx + 1] = this.top;
    return idx;
  }

  /** Empties the set, keeping its capacity. */
  clear(): void {
    if (this.size === 0) return;
    this.slots.fill(0);
    this.size = 0;
    this.top = 0;
  }

  /** Gives every byte back to the budget; the set must not be used afterwards. */
  release(): void {
    this.budget.give(this.bytes);
    this.slots = this.hashes = this.starts = new Int32Array(0);
    this.arena = new Uint32Array(0);
  }

  private growEntries(): void {
    const cap = this.hashes.length * 2;
    const { budget } = this;
    const hashes = allocating(budget, cap * 4, () => new Int32Array(cap));
    hashes.set(this.hashes);
    budget.give(this.hashes.byteLength);
    this.hashes = hashes;
    const starts = allocating(budget, (cap + 1) * 4, () => new Int32Array(cap + 1));
    starts.set(this.starts);
    budget.give(this.starts.byteLength);
    this.starts = starts;
    budget.give(this.slots.byteLength);
    this.slots = allocating(budget, cap * 8, () => new Int32Array(cap * 2));
    this.mask = cap * 2 - 1;
    for (let e = 0; e < this.size; e++) {
      let i = this.hashes[e] & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = e + 1;
    }
  }

  private growArena(need: number): void {
    const cap = Math.max(this.arena.length * 2, this.top + need);
    const arena = allocating(this.budget, cap * 4, () => new Uint32Array(cap));
    arena.set(this.arena.subarray(0, this.top));
    this.budget.give(this.arena.byteLength);
    this.arena = arena;
  }
}
