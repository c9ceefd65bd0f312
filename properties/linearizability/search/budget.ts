/**
 * The memory a search may use, counted in bytes: every table and buffer of the searches
 * takes its bytes from a budget before it allocates them, so a search that would outgrow
 * `--max-memory` stops with the figures it reached instead of crashing. The count is exact
 * for the typed arrays and an estimate for the model states kept on the JavaScript heap, so
 * with a given limit the same history stops at the same point on every machine.
 *
 * A budget may be shared between threads (the portfolio): the bytes in use then live in a
 * SharedArrayBuffer, in KiB, and each thread adds and removes its own.
 */

/** Thrown when a search would exceed its memory budget; the checker reports it as inconclusive. */
export class OutOfBudget extends Error {
  constructor(
    readonly limitBytes: number,
    readonly wantedBytes: number,
  ) {
    super(`memory limit of ${mib(limitBytes)} MiB reached (the search wanted ${mib(wantedBytes)} MiB more)`);
    this.name = 'OutOfBudget';
  }
}

const mib = (b: number) => (b / 1048576).toFixed(b < 10 * 1048576 ? 1 : 0);

export class MemoryBudget {
  /** Bytes taken by this thread. */
  private mine = 0;
  /** The most this thread held at once. */
  peak = 0;

  constructor(
    readonly limitBytes: number,
    /** [KiB in use by every thread] when shared. */
    private readonly shared?: Int32Array,
  ) {}

  /** A budget over a new SharedArrayBuffer, to hand to other threads with `attach`. */
  static shared(limitBytes: number): { budget: MemoryBudget; buffer: SharedArrayBuffer } {
    const buffer = new SharedArrayBuffer(4);
    return { budget: new MemoryBudget(limitBytes, new Int32Array(buffer)), buffer };
  }

  static attach(limitBytes: number, buffer: SharedArrayBuffer): MemoryBudget {
    return new MemoryBudget(limitBytes, new Int32Array(buffer));
  }

  /** Bytes in use (by every thread, when shared). */
  get used(): number {
    return this.shared ? Atomics.load(this.shared, 0) * 1024 : this.mine;
  }

  /** Takes `bytes` or throws OutOfBudget. */
  take(bytes: number): void {
    if (bytes <= 0) return;
    if (this.shared) {
      const kib = Math.ceil(bytes / 1024);
      const after = Atomics.add(this.shared, 0, kib) + kib;
      if (after * 1024 > this.limitBytes) {
        Atomics.sub(this.shared, 0, kib);
        throw new OutOfBudget(this.limitBytes, bytes);
      }
      this.mine += kib * 1024;
    } else {
      if (this.mine + bytes > this.limitBytes) throw new OutOfBudget(this.limitBytes, bytes);
      this.mine += bytes;
    }
    if (this.mine > this.peak) this.peak = this.mine;
  }

  give(bytes: number): void {
    if (bytes <= 0) return;
    if (this.shared) {
      const kib = Math.ceil(bytes / 1024);
      Atomics.sub(this.shared, 0, kib);
      this.mine -= kib * 1024;
    } else this.mine -= bytes;
  }

  /** Gives back everything this thread took (when its searches are dropped). */
  releaseAll(): void {
    if (this.shared && this.mine > 0) Atomics.sub(this.shared, 0, Math.round(this.mine / 1024));
    this.mine = 0;
  }
}

/** A budget with no limit worth the name, for callers that set none. */
export const unlimited = (): MemoryBudget => new MemoryBudget(Number.MAX_SAFE_INTEGER);

/**
 * Runs an allocation, turning the engine's own allocation failures (typed arrays past what
 * the process can map, V8 collections past 2^24 entries) into OutOfBudget.
 */
export function allocating<T>(budget: MemoryBudget, bytes: number, make: () => T): T {
  budget.take(bytes);
  try {
    return make();
  } catch (e) {
    budget.give(bytes);
    if (e instanceof RangeError) throw new OutOfBudget(budget.limitBytes, bytes);
    throw e;
  }
}
