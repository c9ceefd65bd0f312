/**
 * The visited set: 64-bit fingerprints in an open-addressing table of typed arrays (V8's
 * Set and Map stop at 2^24 entries), each mapped to a dense state id. Beside it, per id, the
 * parent id and the index of the action that led there, so that a trace is rebuilt by
 * re-running those choices from an initial state, as TLC does.
 */
export class VisitedSet {
  private keys: Uint32Array; // 2 words per slot; (0,0) marks an empty slot
  private ids: Int32Array;
  private mask: number;
  private count = 0;
  private parents: Int32Array;
  private choices: Uint32Array;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity) cap <<= 1;
    this.keys = new Uint32Array(cap * 2);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    this.parents = new Int32Array(1024);
    this.choices = new Uint32Array(1024);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the typed arrays (for memory reports). */
  get bytes(): number {
    return this.keys.byteLength + this.ids.byteLength + this.parents.byteLength + this.choices.byteLength;
  }

  /**
   * Adds a fingerprint. Returns the new state's id, or -1 when it was already present.
   * `parent` is the id of the state it was reached from (-1 for an initial state) and
   * `choice` the index of the action (or of the initial state) taken.
   */
  add(hi: number, lo: number, parent: number, choice: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const keys = this.keys;
    for (;;) {
      const k0 = keys[slot * 2], k1 = keys[slot * 2 + 1];
      if (k0 === 0 && k1 === 0) break;
      if (k0 === hi >>> 0 && k1 === lo >>> 0) return -1;
      slot = (slot + 1) & this.mask;
    }
    keys[slot * 2] = hi;
    keys[slot * 2 + 1] = lo;
    const id = this.count++;
    this.ids[slot] = id;
    if (id >= this.parents.length) this.growLinks();
    this.parents[id] = parent;
    this.choices[id] = choice;
    if (this.count * 10 > (this.mask + 1) * 7) this.rehash();
    return id;
  }

  /** The id of a fingerprint, or -1. */
  find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const k0 = this.keys[slot * 2], k1 = this.keys[slot * 2 + 1];
      if (k0 === 0 && k1 === 0) return -1;
      if (k0 === hi >>> 0 && k1 === lo >>> 0) return this.ids[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  parentOf(id: number): number {
    return this.parents[id];
  }

  choiceOf(id: number): number {
    return this.choices[id];
  }

  /** The choices from an initial state to `id`: [initial-state index, action index, action index, ...]. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let cur = id; cur !== -1; cur = this.parents[cur]) path.push(this.choices[cur]);
    return path.reverse();
  }

  private growLinks(): void {
    const n = this.parents.length * 2;
    const p = new Int32Array(n);
    p.set(this.parents);
    const c = new Uint32Array(n);
    c.set(this.choices);
    this.parents = p;
    this.choices = c;
  }

  private rehash(): void {
    const oldKeys = this.keys, oldIds = this.ids;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(cap * 2);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < oldIds.length; s++) {
      const hi = oldKeys[s * 2], lo = oldKeys[s * 2 + 1];
      if (hi === 0 && lo === 0) continue;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
      while (this.keys[slot * 2] !== 0 || this.keys[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot * 2] = hi;
      this.keys[slot * 2 + 1] = lo;
      this.ids[slot] = oldIds[s];
    }
  }
}
