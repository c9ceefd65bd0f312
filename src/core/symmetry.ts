/**
 * Symmetry reduction: when processes are interchangeable (renaming them maps reachable states
 * to reachable states and every property to itself), the search need only keep one state per
 * class of renamings. `symmetryReduction` builds a `Model.canonical` that maps a state to a
 * representative of its class: processes are put in order of what they look like (their
 * `key`), and processes that look alike are tried in every order, keeping the least
 * fingerprint (TLC's SYMMETRY does the same over all permutations).
 *
 * It is sound whatever the representative: the search still explores real states (traces
 * replay as they are) and only the visited set sees canonical forms. An exact canonical form
 * makes the reduced count the number of classes, independent of search order.
 *
 * The properties checked must be symmetric too (e.g. "no two processes decide differently";
 * not "process 0 decides first"): that is the model author's promise, as in TLC.
 */
import { fingerprint, fp } from './fingerprint.ts';

export interface SymmetryOptions<S> {
  /** The interchangeable processes are 0 .. count-1. */
  count: number;
  /**
   * What process i looks like, independent of its index: its own part of the state, with any
   * process ids in it left out or replaced. Numbers and strings compare fastest; other values
   * are compared by fingerprint.
   */
  key(state: S, i: number): unknown;
  /**
   * The state with the processes renamed: process i becomes perm[i]. Per-process slots move
   * (see `permuteSlots`) and process ids held as values are mapped through perm.
   */
  permute(state: S, perm: readonly number[]): S;
  /**
   * True when `key` is all there is to a process and nothing else in the state names processes
   * (as in TwoPhase, where each resource manager has only its own slots): processes with equal
   * keys are then identical, and sorting by key alone is an exact canonical form.
   */
  keyIsComplete?: boolean;
  /**
   * Otherwise, processes with equal keys are tried in every order, up to this many orders per
   * state (default 5040 = 7!); beyond that the first order is kept, which is still sound but
   * may keep more than one state per class.
   */
  maxPermutations?: number;
  /**
   * Writes a state's fingerprint into `fp` (default: `fingerprint`): renamings are compared by
   * it. The model's own hash is the one to give, as it sees the canonical form again.
   */
  hash?(state: S): void;
}

/**
 * A canonical-form function for `Model.canonical`, with `orbitSize`: how many states the
 * class of a state holds (for `Model.orbitSize`: the reduced search then also counts the
 * states it stands for). The orbit size is n! / ∏ m! (the arrangements of the processes'
 * keys, m processes sharing each key) times the number of distinct states among the
 * renamings of processes with equal keys; undefined when those renamings are too many to try.
 */
export interface Canonicaliser<S> {
  (state: S): S;
  orbitSize(state: S): number | undefined;
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

export function symmetryReduction<S>(opts: SymmetryOptions<S>): Canonicaliser<S> {
  const n = opts.count;
  const maxPerms = opts.maxPermutations ?? 5040;
  const hash = opts.hash ?? fingerprint;
  const order = Array.from({ length: n }, (_, i) => i);
  const kind: ('number' | 'string' | 'other')[] = [];
  const keys: unknown[] = new Array(n);
  const kh = new Int32Array(n), kl = new Int32Array(n);

  // processes ordered by key: numbers, then strings, then other values by fingerprint
  const compare = (x: number, y: number): number => {
    const a = keys[x], b = keys[y];
    if (kind[x] !== kind[y]) return kind[x] < kind[y] ? -1 : 1;
    if (kind[x] === 'other') return kh[x] !== kh[y] ? (kh[x] >>> 0) - (kh[y] >>> 0) : (kl[x] >>> 0) - (kl[y] >>> 0);
    return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
  };

  /** Orders the processes by key and calls `visit` with each renaming worth trying; returns the run sizes, or undefined when there are too many orders. */
  const explore = (state: S, visit: (candidate: S, only: boolean) => void): { sizes: number[]; exhaustive: boolean } => {
    for (let i = 0; i < n; i++) {
      const k = opts.key(state, i);
      keys[i] = k;
      const t = typeof k;
      if (t === 'number' || t === 'string') kind[i] = t;
      else {
        kind[i] = 'other';
        fingerprint(k);
        kh[i] = fp.hi;
        kl[i] = fp.lo;
      }
    }
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort(compare);
    // order[r] is the process that gets rank r: perm maps each process to its rank
    const perm = new Array<number>(n);
    // runs of equal keys (a process alone is a run of one)
    const sizes: number[] = [];
    const runs: [number, number][] = [];
    let total = 1;
    for (let r = 0; r < n; ) {
      let e = r + 1;
      while (e < n && compare(order[r], order[e]) === 0) e++;
      sizes.push(e - r);
      if (e - r > 1) {
        runs.push([r, e]);
        for (let f = 2; f <= e - r && total <= maxPerms; f++) total *= f;
      }
      r = e;
    }
    const tryOrder = (only = false) => {
      for (let r = 0; r < n; r++) perm[order[r]] = r;
      visit(opts.permute(state, perm), only);
    };
    if (opts.keyIsComplete || runs.length === 0 || total > maxPerms) {
      tryOrder(true);
      return { sizes, exhaustive: opts.keyIsComplete === true || runs.length === 0 };
    }
    // every permutation of every run (Heap's algorithm, run by run)
    const permuteRun = (k: number): void => {
      if (k === runs.length) return tryOrder();
      const [lo, hi] = runs[k];
      const m = hi - lo;
      const c = new Array<number>(m).fill(0);
      permuteRun(k + 1);
      let i = 1;
      while (i < m) {
        if (c[i] < i) {
          const j = i % 2 === 0 ? lo : lo + c[i];
          const t = order[j];
          order[j] = order[lo + i];
          order[lo + i] = t;
          permuteRun(k + 1);
          c[i]++;
          i = 1;
        } else {
          c[i] = 0;
          i++;
        }
      }
    };
    permuteRun(0);
    return { sizes, exhaustive: true };
  };

  const canonical = (state: S): S => {
    // the least fingerprint among the renamings tried
    let best: S | undefined;
    let bh = 0, bl = 0;
    explore(state, (candidate, only) => {
      if (only) {
        best = candidate;
        return;
      }
      hash(candidate);
      const h = fp.hi >>> 0, l = fp.lo >>> 0;
      if (best === undefined || h < bh || (h === bh && l < bl)) {
        best = candidate;
        bh = h;
        bl = l;
      }
    });
    return best as S;
  };

  const orbitSize = (state: S): number | undefined => {
    const seen = new Set<string>();
    const { sizes, exhaustive } = explore(state, (candidate) => {
      hash(candidate);
      seen.add(`${fp.hi}:${fp.lo}`);
    });
    if (!exhaustive) return undefined;
    // with complete keys, processes with equal keys are identical: renaming them changes nothing
    const distinct = opts.keyIsComplete ? 1 : seen.size;
    return (factorial(n) / sizes.reduce((x, m) => x * factorial(m), 1)) * distinct;
  };

  return Object.assign(canonical, { orbitSize });
}

/** A per-process array with the processes renamed: the slot of process i moves to perm[i]. */
export function permuteSlots<T>(xs: readonly T[], perm: readonly number[]): T[] {
  const out = new Array<T>(xs.length);
  for (let i = 0; i < xs.length; i++) out[perm[i]] = xs[i];
  return out;
}

/** A process id renamed (ids outside the symmetric set are kept). */
export function permuteId(id: number, perm: readonly number[]): number {
  return id >= 0 && id < perm.length ? perm[id] : id;
}
