/**
 * The visited set shared by the worker threads of a parallel search: 64-bit fingerprints in
 * an open-addressing table on a SharedArrayBuffer, claimed with Atomics.compareExchange, and
 * per state id (ids are dense, handed out by one atomic counter) the parent id and the index
 * of the action that led there, as in VisitedSet. The worker that claims a fingerprint owns
 * the new state: no state crosses threads to be deduplicated.
 *
 * A slot is two 32-bit words, hi then lo, neither ever 0 (0 marks "empty" and "not yet
 * written"): a writer claims the slot by swapping hi in, then stores lo; a reader that finds
 * its hi waits for lo. The table never grows while workers insert: when the count passes the
 * load limit a worker raises PAUSE, every worker parks what it has not inserted yet and
 * stops, and the coordinator rehashes into a bigger table (see parallel.ts).
 */

/**
 * Word indices in the control array (an Int32Array on a SharedArrayBuffer). The counter that
 * every new state increments sits on its own cache line, away from the flags that every
 * expansion reads (no difference measured with 2 workers, but it costs nothing).
 */
export const C_STOP = 0; // 1: stop now (a violation, a limit)
export const C_PAUSE = 1; // 1: the table is full enough to grow; stop inserting
export const C_COUNT = 32; // distinct states (the next id)
export const C_SYNC = 64; // written with Atomics before a worker reports, read by the coordinator after
export const CONTROL_WORDS = 96;

/** What a table is made of, as posted to the workers. */
export interface SharedTables {
  keys: SharedArrayBuffer;
  parents: SharedArrayBuffer;
  choices: SharedArrayBuffer;
  /** Slots (a power of two). */
  capacity: number;
}

/** The share of slots in use at which the table grows. */
const LOAD = 0.7;
/** Replaces a 0 half of a fingerprint (0 means empty): a 2^-32 chance per half of merging two fingerprints, far below the collision estimate. */
const ZERO_HI = 0x6a09e667 | 0;
const ZERO_LO = 0xbb67ae85 | 0;

export function allocateTables(capacity: number): SharedTables {
  return {
    keys: new SharedArrayBuffer(capacity * 8),
    parents: new SharedArrayBuffer(capacity * 4),
    choices: new SharedArrayBuffer(capacity * 4),
    capacity,
  };
}

export class SharedVisited {
  keys: Int32Array;
  parents: Int32Array;
  choices: Int32Array;
  mask: number;
  /** When the count reaches this, the table must grow. */
  threshold: number;

  constructor(
    tables: SharedTables,
    readonly ctrl: Int32Array,
  ) {
    this.keys = new Int32Array(tables.keys);
    this.parents = new Int32Array(tables.parents);
    this.choices = new Int32Array(tables.choices);
    this.mask = tables.capacity - 1;
    this.threshold = Math.floor(tables.capacity * LOAD);
  }

  get size(): number {
    return Atomics.load(this.ctrl, C_COUNT);
  }

  /**
   * Adds a fingerprint; returns the new state's id, or -1 when some thread added it before.
   * Raises PAUSE when the table is full enough to grow (the caller checks PAUSE before each add).
   */
  add(hi: number, lo: number, parent: number, choice: number): number {
    hi |= 0;
    lo |= 0;
    if (hi === 0) hi = ZERO_HI;
    if (lo === 0) lo = ZERO_LO;
    const keys = this.keys, mask = this.mask;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const i = slot << 1;
      let k = keys[i];
      if (k === 0) {
        k = Atomics.compareExchange(keys, i, 0, hi);
        if (k === 0) {
          const id = Atomics.add(this.ctrl, C_COUNT, 1);
          this.parents[id] = parent;
          this.choices[id] = choice;
          Atomics.store(keys, i + 1, lo);
          if (id + 1 >= this.threshold) Atomics.store(this.ctrl, C_PAUSE, 1);
          return id;
        }
      }
      if (k === hi) {
        let l = keys[i + 1];
        while (l === 0) l = Atomics.load(keys, i + 1);
        if (l === lo) return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The choices from an initial state to `id`: [initial-state index, action index, ...]. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let cur = id; cur !== -1; cur = this.parents[cur]) path.push(this.choices[cur]);
    return path.reverse();
  }
}

/**
 * A bigger table with the same contents (run by the coordinator while no worker inserts).
 * Grows fourfold while small, then twofold.
 */
export function growTables(old: SharedTables, count: number): SharedTables {
  let capacity = old.capacity * (old.capacity < 1 << 22 ? 4 : 2);
  while (count >= capacity * LOAD) capacity *= 2;
  const t = allocateTables(capacity);
  const src = new Int32Array(old.keys);
  const dst = new Int32Array(t.keys);
  const mask = capacity - 1;
  for (let s = 0; s < old.capacity; s++) {
    const hi = src[2 * s], lo = src[2 * s + 1];
    if (hi === 0) continue;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (dst[2 * slot] !== 0) slot = (slot + 1) & mask;
    dst[2 * slot] = hi;
    dst[2 * slot + 1] = lo;
  }
  new Int32Array(t.parents).set(new Int32Array(old.parents).subarray(0, count));
  new Int32Array(t.choices).set(new Int32Array(old.choices).subarray(0, count));
  return t;
}

/** Bytes held by a table. */
export function tableBytes(t: SharedTables): number {
  return t.keys.byteLength + t.parents.byteLength + t.choices.byteLength;
}
