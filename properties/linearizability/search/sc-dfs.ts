/**
 * Sequential consistency, depth first: which process moves next (its next operation takes
 * effect, or, with an unknown outcome, never does), trying first the process whose next
 * operation was called earliest, so that a history that is linearizable is ordered as it
 * happened. A pure operation that is legal is applied at once with no alternative tried
 * (it is next in its process, and moving it earlier changes no state). The memo key is the
 * state and each process's position, from the first process not finished to the last one
 * started: a few words when the search follows real time.
 */
import type { MemoryBudget } from './budget.ts';
import { KeySet } from './keyset.ts';
import type { ScProblem } from './sc.ts';
import type { Search, SearchStatus } from './search.ts';

export class ScDfs implements Search {
  readonly algorithm = 'dfs';
  steps = 0;
  status: SearchStatus = 'running';

  private readonly pos: Int32Array;
  private readonly memo: KeySet;
  private readonly key: Uint32Array;
  // frames: the choice made (process * 2 + skip), state before, lowest unfinished and highest started before
  private readonly frChoice: Int32Array;
  private readonly frSid: Int32Array;
  private readonly frLo: Int32Array;
  private readonly frHi: Int32Array;
  private readonly frForced: Uint8Array;
  private readonly cands: Int32Array; // candidate processes of the current configuration, by next call
  private orderLen = 0;
  private depth = 0;
  private sid: number;
  private lo = 0; // processes below are finished
  private hi = -1; // processes above have not started
  private knownLeft: number;
  private cursor = 0; // next choice among order[] x {apply, skip}
  private fresh = true;
  private best: Int32Array; // choices of the deepest configuration
  private bestLen = 0;
  private low = 0;
  private readonly fixedBytes: number;

  constructor(
    private readonly p: ScProblem,
    private readonly budget: MemoryBudget,
  ) {
    const n = p.n;
    this.fixedBytes = p.procs * 12 + n * 21 + 64;
    budget.take(this.fixedBytes);
    this.pos = new Int32Array(p.procs);
    this.cands = new Int32Array(p.procs);
    this.frChoice = new Int32Array(n);
    this.frSid = new Int32Array(n);
    this.frLo = new Int32Array(n);
    this.frHi = new Int32Array(n);
    this.frForced = new Uint8Array(n);
    this.best = new Int32Array(n);
    this.key = new Uint32Array(p.procs + 3);
    this.memo = new KeySet(budget, 64, 4);
    this.sid = p.initial;
    this.knownLeft = p.knownCount;
  }

  get configurations(): number {
    return this.memo.size;
  }

  run(budget: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { p, pos } = this;
    const { qStart, qOps, known, pure, cls, trans } = p;
    let steps = 0;
    while (steps < budget) {
      steps++;
      if (this.knownLeft === 0) {
        this.status = 'ok';
        this.record();
        break;
      }
      if (this.fresh) {
        this.fresh = false;
        if (this.depth >= this.bestLen) this.record();
        this.candidates();
        // a legal pure next operation goes first, alone
        let forced = -1;
        for (let i = 0; i < this.orderLen && forced < 0; i++) {
          const q = this.cands[i];
          const op = qOps[qStart[q] + pos[q]];
          if (pure[op] === 1 && trans.step(this.sid, cls[op]) >= 0) forced = q;
        }
        if (forced >= 0) {
          if (!this.descend(forced, false, this.sid, true)) this.backtrack();
          continue;
        }
        this.cursor = 0;
        continue;
      }
      if (this.cursor >= this.orderLen * 2) {
        if (!this.backtrack()) break;
        continue;
      }
      const c = this.cursor++;
      const q = this.cands[c >>> 1];
      const skip = (c & 1) === 1;
      const op = qOps[qStart[q] + pos[q]];
      if (skip) {
        if (known[op] === 0) this.descend(q, true, this.sid, false);
        continue;
      }
      if (pure[op] === 1) continue; // illegal here, or it would have gone alone
      const ns = trans.step(this.sid, cls[op]);
      if (ns >= 0) this.descend(q, false, ns, false);
    }
    this.steps += steps;
    return this.status;
  }

  /** The processes with operations left, by the call time of their next one. */
  private candidates(): void {
    const { p, pos, cands } = this;
    let len = 0;
    for (let q = this.lo; q < p.procs; q++) if (p.qStart[q] + pos[q] < p.qStart[q + 1]) cands[len++] = q;
    const callOf = (q: number) => p.ops[p.qOps[p.qStart[q] + pos[q]]].call;
    const sorted = Array.from(cands.subarray(0, len)).sort((a, b) => callOf(a) - callOf(b) || a - b);
    cands.set(sorted);
    this.orderLen = len;
  }

  private descend(q: number, skip: boolean, ns: number, forced: boolean): boolean {
    const { p, pos } = this;
    pos[q]++;
    let lo = this.lo;
    while (lo < p.procs && p.qStart[lo] + pos[lo] >= p.qStart[lo + 1]) lo++;
    const hi = Math.max(this.hi, q);
    if (!this.memo.add(this.key, this.keyOf(ns, lo, hi))) {
      pos[q]--;
      return false;
    }
    const d = this.depth++;
    this.frChoice[d] = q * 2 + (skip ? 1 : 0);
    this.frSid[d] = this.sid;
    this.frLo[d] = this.lo;
    this.frHi[d] = this.hi;
    this.frForced[d] = forced ? 1 : 0;
    const op = p.qOps[p.qStart[q] + pos[q] - 1];
    this.knownLeft -= p.known[op];
    this.sid = ns;
    this.lo = lo;
    this.hi = hi;
    this.fresh = true;
    return true;
  }

  private backtrack(): boolean {
    const { p, pos } = this;
    for (;;) {
      if (this.depth === 0) {
        this.status = 'illegal';
        return false;
      }
      const d = --this.depth;
      if (d < this.low) this.low = d;
      const q = this.frChoice[d] >>> 1;
      pos[q]--;
      this.knownLeft += p.known[p.qOps[p.qStart[q] + pos[q]]];
      this.sid = this.frSid[d];
      this.lo = this.frLo[d];
      this.hi = this.frHi[d];
      if (this.frForced[d] === 1) continue;
      // resume the parent's choices after the one just undone
      this.candidates();
      const at = this.cands.subarray(0, this.orderLen).indexOf(q);
      this.cursor = at * 2 + (this.frChoice[d] & 1) + 1;
      this.fresh = false;
      return true;
    }
  }

  private keyOf(ns: number, lo: number, hi: number): number {
    const { key, pos } = this;
    let len = 0;
    key[len++] = ns;
    key[len++] = lo;
    for (let q = lo; q <= hi; q++) key[len++] = pos[q];
    return len;
  }

  private record(): void {
    for (let i = this.low; i < this.depth; i++) this.best[i] = this.frChoice[i];
    this.bestLen = this.depth;
    this.low = this.depth;
  }

  /** The operations of the deepest configuration reached, in order, with whether each took effect. */
  consumed(): { op: number; applied: boolean }[] {
    const { p } = this;
    const at = new Int32Array(p.procs);
    const out: { op: number; applied: boolean }[] = [];
    for (let i = 0; i < this.bestLen; i++) {
      const q = this.best[i] >>> 1;
      out.push({ op: p.qOps[p.qStart[q] + at[q]++], applied: (this.best[i] & 1) === 0 });
    }
    return out;
  }

  order(): number[] {
    return this.consumed()
      .filter((c) => c.applied)
      .map((c) => c.op);
  }

  reached(): { event: number; prefix: number[] } {
    return { event: -1, prefix: this.order() };
  }

  release(): void {
    this.memo.release();
    this.budget.give(this.fixedBytes);
  }
}
