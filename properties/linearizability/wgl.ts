/**
 * The Wing & Gong / Lowe linearizability search over one partition, as in
 * Porcupine's checker.go: a doubly linked list of call and return entries in
 * time order; the next operation to linearize is any call that comes before
 * the first remaining return; reaching a return means backtracking. A memo of
 * (linearized set, state) pairs prunes configurations already explored.
 *
 * Differences from Porcupine: the list lives in typed arrays; the set's hash
 * is a Zobrist hash kept incrementally; an operation with an unknown outcome
 * has no return entry (it may take effect any time, or never), so the search
 * succeeds once every known operation is linearized; and of several
 * unknown-outcome operations with equal inputs, only the earliest-called one
 * not yet linearized is tried (swapping two of them in a linearization gives
 * another linearization, so nothing is lost).
 *
 * The search is resumable: `run(budget)` does at most `budget` steps, so a
 * caller can interleave partitions and poll a time limit.
 */
import { ILLEGAL, UNKNOWN, type Model } from './model.ts';
import type { Operation } from './history.ts';
import { StateCache } from './cache.ts';
import { canonicalJson, fmix32 as fmix32Imported, randomWords } from './hash.ts';

// Module-local copies: some loaders turn imported bindings into getter calls, which the hot loop feels.
const ILLEGAL_: typeof ILLEGAL = ILLEGAL;
const fmix32 = fmix32Imported;

export type SearchStatus = 'ok' | 'illegal' | 'running';

const END = -1;

export class WglSearch<S> {
  /** Search steps done so far (entries visited). */
  steps = 0;
  status: SearchStatus = 'running';

  private readonly n: number;
  private readonly inputs: unknown[];
  private readonly outputs: unknown[];
  private readonly entryOp: Int32Array;
  private readonly match: Int32Array; // call entry -> its return entry, or -1 (unknown outcome, or a return entry)
  private readonly isCall: Uint8Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly head: number;
  private readonly zobrist: Int32Array;
  private readonly prevTwin: Int32Array;
  private readonly known: Uint8Array;

  private readonly bits: Uint32Array;
  private readonly cache: StateCache<S>;
  private readonly stack: Int32Array; // call entries linearized, in order
  private readonly states: S[]; // state before each stack entry
  private depth = 0;
  private state: S;
  private setHash = 0;
  private knownLeft = 0;
  private cursor: number;
  private best: number[] = [];

  constructor(
    private readonly model: Model<S>,
    /** The partition's operations; the search refers to them by position. */
    readonly ops: readonly Operation[],
  ) {
    const n = (this.n = ops.length);
    this.inputs = ops.map((o) => o.input);
    this.outputs = ops.map((o) => (o.ret === Infinity ? UNKNOWN : o.output));
    this.known = Uint8Array.from(ops, (o) => (o.ret === Infinity ? 0 : 1));
    this.knownLeft = this.known.reduce((a, b) => a + b, 0);

    // Entries sorted by time; at equal times calls come first (equal times are concurrent).
    const events: { t: number; call: boolean; op: number }[] = [];
    ops.forEach((o, i) => {
      events.push({ t: o.call, call: true, op: i });
      if (o.ret !== Infinity) events.push({ t: o.ret, call: false, op: i });
    });
    events.sort((a, b) => a.t - b.t || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
    const m = events.length;
    this.entryOp = new Int32Array(m);
    this.isCall = new Uint8Array(m);
    this.match = new Int32Array(m).fill(-1);
    this.next = new Int32Array(m + 1);
    this.prev = new Int32Array(m + 1);
    this.head = m;
    const callEntry = new Int32Array(n);
    events.forEach((e, i) => {
      this.entryOp[i] = e.op;
      this.isCall[i] = e.call ? 1 : 0;
      if (e.call) callEntry[e.op] = i;
      else this.match[callEntry[e.op]] = i;
      this.next[i] = i + 1 < m ? i + 1 : END;
      this.prev[i] = i === 0 ? this.head : i - 1;
    });
    this.next[this.head] = m > 0 ? 0 : END;

    this.prevTwin = new Int32Array(n).fill(-1);
    const lastTwin = new Map<string, number>();
    for (const e of events) {
      if (!e.call || this.known[e.op]) continue;
      const k = canonicalJson(ops[e.op].input);
      const p = lastTwin.get(k);
      if (p !== undefined) this.prevTwin[e.op] = p;
      lastTwin.set(k, e.op);
    }

    this.zobrist = randomWords(n);
    this.bits = new Uint32Array(Math.max(1, (n + 31) >>> 5));
    this.cache = new StateCache<S>(this.bits.length, (a, b) => model.equal(a, b));
    this.stack = new Int32Array(n);
    this.states = new Array<S>(n);
    this.state = model.init();
    this.cursor = this.next[this.head];
  }

  /** Runs at most `budget` steps; returns the status reached. */
  run(budget: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { model, inputs, outputs, entryOp, match, isCall, next, prev, head, zobrist, prevTwin, known, bits, cache, stack, states } = this;
    let { depth, state, setHash, knownLeft } = this;
    let entry = this.cursor;
    let steps = 0;
    let status: SearchStatus = 'running';
    for (;;) {
      if (knownLeft === 0) {
        status = 'ok';
        break;
      }
      if (steps >= budget) break;
      steps++;
      if (entry === END || isCall[entry] === 0) {
        // No candidate before the first pending return: backtrack.
        if (depth === 0) {
          status = 'illegal';
          break;
        }
        if (depth > this.best.length) this.best = this.prefix(stack, depth);
        depth--;
        const e = stack[depth];
        const op = entryOp[e];
        state = states[depth];
        bits[op >>> 5] &= ~(1 << (op & 31));
        setHash ^= zobrist[op];
        knownLeft += known[op];
        // unlift: relink the return entry, then the call entry
        const r = match[e];
        if (r !== END) {
          next[prev[r]] = r;
          if (next[r] !== END) prev[next[r]] = r;
        }
        next[prev[e]] = e;
        if (next[e] !== END) prev[next[e]] = e;
        entry = next[e];
        continue;
      }
      const op = entryOp[entry];
      const twin = prevTwin[op];
      if (twin !== -1 && (bits[twin >>> 5] & (1 << (twin & 31))) === 0) {
        entry = next[entry];
        continue;
      }
      const ns = model.step(state, inputs[op], outputs[op]);
      if (ns !== ILLEGAL_) {
        const w = op >>> 5;
        const bit = 1 << (op & 31);
        bits[w] |= bit;
        const h = fmix32((setHash ^ zobrist[op]) + Math.imul(model.hash(ns), 0x9e3779b1));
        if (cache.addIfAbsent(h, bits, ns)) {
          states[depth] = state;
          stack[depth++] = entry;
          state = ns;
          setHash ^= zobrist[op];
          knownLeft -= known[op];
          // lift: unlink the call entry, then its return entry
          next[prev[entry]] = next[entry];
          if (next[entry] !== END) prev[next[entry]] = prev[entry];
          const r = match[entry];
          if (r !== END) {
            next[prev[r]] = next[r];
            if (next[r] !== END) prev[next[r]] = prev[r];
          }
          entry = next[head];
          continue;
        }
        bits[w] &= ~bit;
      }
      entry = next[entry];
    }
    this.depth = depth;
    this.state = state;
    this.setHash = setHash;
    this.knownLeft = knownLeft;
    this.cursor = entry;
    this.steps += steps;
    this.status = status;
    if (status === 'ok') this.best = this.prefix(stack, depth);
    return status;
  }

  private prefix(stack: Int32Array, depth: number): number[] {
    const out = new Array<number>(depth);
    for (let i = 0; i < depth; i++) out[i] = this.entryOp[stack[i]];
    return out;
  }

  /** Distinct (set, state) configurations memoised. */
  get cacheSize(): number {
    return this.cache.size;
  }

  /**
   * When ok: a linearization, as positions in `ops` (operations with an
   * unknown outcome that are left out never took effect). When illegal: the
   * longest linearizable prefix found.
   */
  get order(): number[] {
    return this.best;
  }
}
