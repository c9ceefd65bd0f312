/**
 * The Wing & Gong / Lowe search (as in Porcupine's checker.go) over one compiled partition:
 * calls and returns in one time-ordered doubly linked list; any call before the first
 * remaining return may take effect next; reaching a return backtracks. A memo of
 * configurations (linearized set, state) prunes what was explored already.
 *
 * Beyond Porcupine:
 * - the memo key is compact: every known operation that returned before the first pending
 *   return is linearized, and none called after it is, so the set is (the first known
 *   operation in call order not linearized, the known operations called before the first
 *   pending return, the bits between the two, a count per class of unknown outcome), plus
 *   the state's id: a few words where Porcupine keeps n bits per entry;
 * - a pure operation (a read, a failed cas) that is legal is linearized at once, with no
 *   alternative tried (moving it there changes no other operation's state);
 * - of two pending known operations of one class (same input and output) only the one that
 *   returns first is tried, and unknown-outcome operations of one class in call order
 *   (swapping such twins turns one linearization into another);
 * - an unknown-outcome operation has no return: it takes effect at most once, any time
 *   after its call, and the search succeeds once every known operation is linearized;
 * - the deepest first pending return reached is kept with a linearization that reaches it:
 *   when the partition is illegal, it is where the longest linearizable prefix of the
 *   history (cut in time) ends, found exactly because the search is exhaustive.
 *
 * Resumable: `run(budget)` does at most `budget` steps.
 */
import type { Problem } from './compile.ts';
import type { MemoryBudget } from './budget.ts';
import { KeySet } from './keyset.ts';
import type { Search, SearchStatus } from './search.ts';

const END = -1;

export class WglSearch implements Search {
  readonly algorithm = 'wgl';
  /** The partition's operations (positions are indices into it). */
  readonly ops: Problem['ops'];
  steps = 0;
  status: SearchStatus = 'running';

  private readonly m: number;
  private readonly head: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly lin: Uint8Array;
  private readonly kbits: Uint32Array;
  private readonly ucount: Int32Array;
  private readonly stEntry: Int32Array;
  private readonly stSid: Int32Array;
  private readonly stF: Int32Array;
  private readonly stR: Int32Array;
  private readonly stForced: Uint8Array;
  private readonly memo: KeySet;
  private readonly key: Uint32Array;
  private readonly fixedBytes: number;

  private depth = 0;
  private sid: number;
  private f = 0;
  private R = 0;
  private knownLeft: number;
  private cursor = END;
  private fresh = true;
  // the deepest first pending return, and a linearization that reaches it
  private maxR = -1;
  private best: Int32Array;
  private bestLen = 0;
  private low = 0;

  constructor(
    private readonly p: Problem,
    private readonly budget: MemoryBudget,
  ) {
    this.ops = p.ops;
    const m = (this.m = p.evOp.length);
    const n = p.n;
    this.head = m;
    this.fixedBytes = (m + 1) * 8 + n * 25 + p.knownCount / 8;
    budget.take(this.fixedBytes);
    this.next = new Int32Array(m + 1);
    this.prev = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) {
      this.next[i] = i + 1 < m ? i + 1 : END;
      this.prev[i] = i === 0 ? m : i - 1;
    }
    this.next[m] = m > 0 ? 0 : END;
    this.lin = new Uint8Array(n);
    this.kbits = new Uint32Array((p.knownCount >>> 5) + 2);
    this.ucount = new Int32Array(p.uclasses);
    this.stEntry = new Int32Array(n);
    this.stSid = new Int32Array(n);
    this.stF = new Int32Array(n);
    this.stR = new Int32Array(n);
    this.stForced = new Uint8Array(n);
    this.best = new Int32Array(n);
    this.key = new Uint32Array(4 + (p.knownCount >>> 5) + 2 + p.uclasses);
    this.memo = new KeySet(budget, 64, 6);
    this.sid = p.initial;
    this.knownLeft = p.knownCount;
  }

  get configurations(): number {
    return this.memo.size;
  }

  /** Steps at most `budget` times; returns the status reached. */
  run(budget: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { p, next, lin } = this;
    const { evOp, evRet: evRetOf, cls, known, pure, twin, callEv, trans } = p;
    let steps = 0;
    while (steps < budget) {
      steps++;
      if (this.knownLeft === 0) {
        this.status = 'ok';
        break;
      }
      if (this.fresh) {
        // a new configuration: find the first pending return, and a legal pure candidate
        let e = next[this.head];
        let pureEntry = END;
        while (e !== END && evRetOf[e] === 0) {
          const op = evOp[e];
          if (pureEntry === END && pure[op] === 1 && trans.step(this.sid, cls[op]) >= 0) pureEntry = e;
          e = next[e];
        }
        this.R = e === END ? this.m : e;
        if (this.R > this.maxR) this.record();
        if (this.R === p.doomedEv) {
          this.status = 'illegal'; // the model's static check: no configuration gets past this return
          break;
        }
        this.fresh = false;
        if (pureEntry !== END) {
          if (!this.descend(pureEntry, this.sid, true)) this.backtrack();
          continue;
        }
        this.cursor = next[this.head];
        continue;
      }
      const entry = this.cursor;
      if (entry === END || evRetOf[entry] === 1) {
        if (!this.backtrack()) break;
        continue;
      }
      const op = evOp[entry];
      this.cursor = next[entry];
      if (pure[op] === 1) continue; // illegal here, or it would have been taken at once
      const t = twin[op];
      if (t >= 0 && lin[t] === 0 && (known[op] === 0 || callEv[t] < this.R)) continue;
      const ns = trans.step(this.sid, cls[op]);
      if (ns < 0) continue;
      this.descend(entry, ns, false);
    }
    this.steps += steps;
    return this.status;
  }

  /** Linearizes the call at `entry` (new state `ns`) unless the configuration was seen. */
  private descend(entry: number, ns: number, forced: boolean): boolean {
    const { p, lin, kbits, ucount, next } = this;
    const op = p.evOp[entry];
    let nf = this.f;
    let nR = this.R;
    if (p.known[op] === 1) {
      const r = p.callRank[op];
      kbits[r >>> 5] |= 1 << (r & 31);
      if (r === nf) while (nf < p.knownCount && (kbits[nf >>> 5] & (1 << (nf & 31))) !== 0) nf++;
      if (p.retEv[op] === nR) {
        let x = next[nR];
        while (x !== END && p.evRet[x] === 0) x = next[x];
        nR = x === END ? this.m : x;
      }
    } else ucount[p.ucls[op]]++;
    if (!this.memo.add(this.key, this.keyOf(ns, nf, nR))) {
      if (p.known[op] === 1) {
        const r = p.callRank[op];
        kbits[r >>> 5] &= ~(1 << (r & 31));
      } else ucount[p.ucls[op]]--;
      return false;
    }
    const d = this.depth++;
    this.stEntry[d] = entry;
    this.stSid[d] = this.sid;
    this.stF[d] = this.f;
    this.stR[d] = this.R;
    this.stForced[d] = forced ? 1 : 0;
    lin[op] = 1;
    this.sid = ns;
    this.f = nf;
    this.knownLeft -= p.known[op];
    // lift: unlink the call entry, then its return entry
    const { prev } = this;
    next[prev[entry]] = next[entry];
    if (next[entry] !== END) prev[next[entry]] = prev[entry];
    const r = p.retEv[op];
    if (r >= 0) {
      next[prev[r]] = next[r];
      if (next[r] !== END) prev[next[r]] = prev[r];
    }
    this.fresh = true;
    return true;
  }

  /** Pops until a configuration with candidates left; false when the search is exhausted. */
  private backtrack(): boolean {
    const { p, lin, kbits, ucount, next, prev } = this;
    for (;;) {
      if (this.depth === 0) {
        this.status = 'illegal';
        return false;
      }
      const d = --this.depth;
      if (d < this.low) this.low = d;
      const entry = this.stEntry[d];
      const op = p.evOp[entry];
      this.sid = this.stSid[d];
      this.f = this.stF[d];
      this.R = this.stR[d];
      lin[op] = 0;
      this.knownLeft += p.known[op];
      if (p.known[op] === 1) {
        const rk = p.callRank[op];
        kbits[rk >>> 5] &= ~(1 << (rk & 31));
      } else ucount[p.ucls[op]]--;
      const r = p.retEv[op];
      if (r >= 0) {
        next[prev[r]] = r;
        if (next[r] !== END) prev[next[r]] = r;
      }
      next[prev[entry]] = entry;
      if (next[entry] !== END) prev[next[entry]] = entry;
      if (this.stForced[d] === 1) continue; // its only child failed: so does it
      this.cursor = next[entry];
      this.fresh = false;
      return true;
    }
  }

  /** The key of (linearized set, state) after a step, in `this.key`; returns its length. */
  private keyOf(ns: number, nf: number, nR: number): number {
    const { key, kbits, ucount, p } = this;
    const g = p.knownCalledBefore[nR];
    let len = 0;
    key[len++] = ns;
    key[len++] = nf;
    key[len++] = g;
    for (let off = nf + 1; off < g; off += 32) {
      const w = off >>> 5;
      const sh = off & 31;
      let v = kbits[w] >>> sh;
      if (sh !== 0) v |= kbits[w + 1] << (32 - sh);
      const rem = g - off;
      if (rem < 32) v &= (1 << rem) - 1;
      key[len++] = v;
    }
    for (let u = 0; u < ucount.length; u++) key[len++] = ucount[u];
    return len;
  }

  /** A new deepest first pending return: keep the linearization that reached it. */
  private record(): void {
    this.maxR = this.R;
    for (let i = this.low; i < this.depth; i++) this.best[i] = this.p.evOp[this.stEntry[i]];
    this.bestLen = this.depth;
    this.low = this.depth;
  }

  /** When ok: a linearization (positions in the partition's operations). */
  order(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.depth; i++) out.push(this.p.evOp[this.stEntry[i]]);
    return out;
  }

  /** The deepest point reached: the first return no configuration got past, and a linearization up to it. */
  reached(): { event: number; prefix: number[] } {
    return { event: this.maxR, prefix: Array.from(this.best.subarray(0, this.bestLen)) };
  }

  release(): void {
    this.memo.release();
    this.budget.give(this.fixedBytes);
  }

  get memoBytes(): number {
    return this.memo.bytes;
  }
}
