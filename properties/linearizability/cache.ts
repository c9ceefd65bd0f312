/**
 * The search memo: a set of (linearized-ops bitset, model state) pairs.
 * Open addressing over typed arrays; the caller passes the pair's hash, made
 * of both the bitset and the state, so entries that share a bitset but differ
 * in state land in different slots. Equality is checked on every hash hit.
 */
export class StateCache<S> {
  private slots: Int32Array; // entry index + 1; 0 = empty
  private mask: number;
  private hashes: Int32Array;
  private bits: Uint32Array; // `words` words per entry
  private states: S[] = [];
  size = 0;

  constructor(
    private readonly words: number,
    private readonly equal: (a: S, b: S) => boolean,
    capacity = 1024,
  ) {
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity * 2 - 1;
    this.hashes = new Int32Array(capacity);
    this.bits = new Uint32Array(capacity * Math.max(1, words));
  }

  /** Adds the pair unless present; true when it was added. */
  addIfAbsent(hash: number, set: Uint32Array, state: S): boolean {
    const words = this.words;
    let i = hash & this.mask;
    for (;;) {
      const e = this.slots[i];
      if (e === 0) break;
      if (this.hashes[e - 1] === hash && this.same(e - 1, set, state)) return false;
      i = (i + 1) & this.mask;
    }
    const idx = this.size;
    if (idx === this.hashes.length) {
      this.grow();
      return this.addIfAbsent(hash, set, state);
    }
    this.slots[i] = idx + 1;
    this.hashes[idx] = hash;
    this.bits.set(set.subarray(0, words), idx * words);
    this.states.push(state);
    this.size = idx + 1;
    return true;
  }

  private same(e: number, set: Uint32Array, state: S): boolean {
    const words = this.words;
    const base = e * words;
    for (let w = 0; w < words; w++) if (this.bits[base + w] !== set[w]) return false;
    const s = this.states[e];
    return s === state || this.equal(s, state);
  }

  private grow(): void {
    const cap = this.hashes.length * 2;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const bits = new Uint32Array(cap * Math.max(1, this.words));
    bits.set(this.bits);
    this.bits = bits;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
    for (let e = 0; e < this.size; e++) {
      let i = this.hashes[e] & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = e + 1;
    }
  }
}
