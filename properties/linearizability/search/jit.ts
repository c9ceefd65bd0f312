/**
 * Just-in-time linearization (Lowe, "Testing for linearizability", 2017), breadth-first
 * over the history as Knossos' `linear` does: the search keeps the set of every
 * configuration reachable after each event (a state, which pending known operations are
 * linearized, how many unknown-outcome operations of each class took effect) and moves it
 * across the events one at a time. A call adds a pending operation; at a return, every
 * configuration in which that operation has not taken effect yet tries every order of the
 * pending operations that ends with it (the closure), and configurations are merged when
 * equal. The set goes empty exactly at the first return that no linearization of the
 * history before it can get past: the end of the longest linearizable prefix.
 *
 * Memory is bounded by the configurations of one event (plus the trail of linearizations
 * behind them, compacted as it goes), not by the length of the history.
 *
 * Reductions (each keeps every verdict; see wgl.ts for the exchange arguments): a pure
 * operation (read, failed cas) is linearized as soon as it is legal; of pending twins (same
 * class) only the one that returns first is tried; unknown-outcome operations of a class
 * take effect in call order, so a count per class says which did.
 */
import type { Problem } from './compile.ts';
import type { MemoryBudget } from './budget.ts';
import { Frontier } from './frontier.ts';
import { Records } from './records.ts';
import { Trail } from './trail.ts';
import type { Search, SearchStatus } from './search.ts';

export class JitSearch implements Search {
  readonly algorithm = 'jit';
  steps = 0;
  status: SearchStatus = 'running';
  /** Largest frontier held at once. */
  peakFrontier = 1;

  private readonly m: number;
  private readonly mw: number; // mask words
  private readonly rw: number; // record width: [state, mask..., counts..., trail]
  private readonly uStart: Int32Array;
  private readonly uList: Int32Array;
  private readonly uClass: Int32Array;
  private readonly cur: Records;
  /** The next frontier, and the configurations the closure of this return has reached. */
  private readonly nxt: Frontier;
  private readonly seen: Frontier;
  private readonly stack: Records;
  private readonly trail: Trail;
  private readonly slotOp: Int32Array;
  private readonly called: Int32Array;
  private readonly rec: Uint32Array;
  private readonly child: Uint32Array;
  private readonly placed: Int32Array;
  /** Per unknown class: the state it leads to from the configuration being expanded, or -1. */
  private readonly next: Int32Array;
  private readonly weaker: Uint8Array;

  private e = 0;
  private inReturn = false;
  private i = 0;
  private failedEvent = -1;
  private failedNode = 0;

  constructor(
    private readonly p: Problem,
    budget: MemoryBudget,
  ) {
    this.m = p.evOp.length;
    this.mw = Math.max(1, (p.width + 31) >>> 5);
    this.rw = 2 + this.mw + p.uclasses;
    const U = p.uclasses;
    // unknown-outcome operations of each class, in call order
    this.uStart = new Int32Array(U + 1);
    this.uClass = new Int32Array(U);
    const lists: number[][] = Array.from({ length: U }, () => []);
    for (let ev = 0; ev < this.m; ev++) {
      const op = p.evOp[ev];
      if (p.known[op] === 0) {
        lists[p.ucls[op]].push(op);
        this.uClass[p.ucls[op]] = p.cls[op];
      }
    }
    this.uList = Int32Array.from(lists.flat());
    lists.reduce((at, l, u) => ((this.uStart[u + 1] = at + l.length), at + l.length), 0);
    this.cur = new Records(this.rw, budget, 16);
    const coverer = coverers(p);
    this.nxt = new Frontier(this.rw, 1 + this.mw, budget, coverer);
    this.seen = new Frontier(this.rw, 1 + this.mw, budget, coverer);
    this.stack = new Records(this.rw, budget);
    this.trail = new Trail(budget);
    this.slotOp = new Int32Array(Math.max(1, p.width)).fill(-1);
    this.called = new Int32Array(U);
    this.rec = new Uint32Array(this.rw);
    this.child = new Uint32Array(this.rw);
    this.placed = new Int32Array(Math.max(1, p.width) + 1);
    this.next = new Int32Array(U);
    this.weaker = p.weaker;
    this.rec[0] = p.initial;
    this.cur.push(this.rec);
  }

  get configurations(): number {
    return this.cur.count;
  }

  run(budget: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { p, rec } = this;
    const { evOp, evRet, known, pure, cls, slot, trans } = p;
    let steps = 0;
    while (steps < budget) {
      if (!this.inReturn) {
        if (this.e === this.m) {
          this.status = 'ok';
          break;
        }
        const op = evOp[this.e];
        if (evRet[this.e] === 0) {
          if (known[op] === 1) {
            const k = slot[op];
            this.slotOp[k] = op;
            if (pure[op] === 1) {
              const { data, count } = this.cur;
              const rw = this.rw;
              const w = 1 + (k >>> 5);
              const bit = 1 << (k & 31);
              for (let r = 0; r < count; r++) {
                const at = r * rw;
                if (trans.step(data[at], cls[op]) >= 0) {
                  data[at + w] |= bit;
                  data[at + rw - 1] = this.trail.add(data[at + rw - 1], op);
                }
              }
            }
          } else this.called[p.ucls[op]]++;
          steps += 1 + (this.cur.count >>> 3);
          this.e++;
          continue;
        }
        if (this.e === p.doomedEv) {
          // the model's static check: no configuration gets past this return
          this.status = 'illegal';
          this.failedEvent = this.e;
          this.failedNode = this.cur.data[this.rw - 1];
          break;
        }
        if (this.trail.due) this.collect();
        this.nxt.clear();
        this.seen.clear();
        this.stack.clear();
        this.i = 0;
        this.inReturn = true;
      }
      steps++;
      const x = evOp[this.e];
      const k = slot[x];
      const w = 1 + (k >>> 5);
      const bit = 1 << (k & 31);
      if (this.stack.count === 0) {
        if (this.i === this.cur.count) {
          if (!this.finish(k)) break;
          continue;
        }
        this.cur.read(this.i++, rec);
        if ((rec[w] & bit) !== 0) {
          rec[w] &= ~bit;
          this.emit(rec);
        } else if (this.seen.offer(rec)) this.stack.push(rec);
        continue;
      }
      this.stack.pop(rec);
      this.expand(x, k);
    }
    this.steps += steps;
    return this.status;
  }

  /** The closure step from `this.rec` at the return of x (slot k). */
  private expand(x: number, k: number): void {
    const { p, rec, slotOp, mw, e } = this;
    const { cls, pure, twin, callEv, retEv, slot, trans } = p;
    const sid = rec[0];
    const ns = trans.step(sid, cls[x]);
    if (ns >= 0) this.tryChild(ns, k, x, -1, k);
    for (let j = 0; j < slotOp.length; j++) {
      const y = slotOp[j];
      if (y < 0 || j === k || pure[y] === 1 || (rec[1 + (j >>> 5)] & (1 << (j & 31))) !== 0) continue;
      const t = twin[y];
      if (t >= 0 && callEv[t] < e && retEv[t] > e && (rec[1 + (slot[t] >>> 5)] & (1 << (slot[t] & 31))) === 0) continue;
      const ny = trans.step(sid, cls[y]);
      if (ny >= 0) this.tryChild(ny, j, y, -1, k);
    }
    const U = p.uclasses;
    const { next, weaker } = this;
    for (let u = 0; u < U; u++) next[u] = rec[1 + mw + u] < this.called[u] ? trans.step(sid, this.uClass[u]) : -1;
    for (let u = 0; u < U; u++) {
      const nu = next[u];
      if (nu < 0) continue;
      // a weaker class available to the same end goes instead (Model.subsumes)
      if (weaker.length !== 0) {
        let w = 0;
        while (w < U && !(weaker[u * U + w] === 1 && next[w] === nu)) w++;
        if (w < U) continue;
      }
      this.tryChild(nu, -1, this.uList[this.uStart[u] + rec[1 + mw + u]], u, k);
    }
  }

  /**
   * A child of `this.rec`: operation `op` (in slot j, or of unknown class u) linearized,
   * leaving state `ns`, then every pure pending operation that is legal there. It goes to the
   * next frontier once the returning operation (slot k) is linearized, else onto the stack.
   */
  private tryChild(ns: number, j: number, op: number, u: number, k: number): void {
    const { p, rec, child, slotOp, rw, mw } = this;
    child.set(rec);
    child[0] = ns;
    if (j >= 0) child[1 + (j >>> 5)] |= 1 << (j & 31);
    else child[1 + mw + u]++;
    this.placed[0] = op;
    let placed = 1;
    for (let s = 0; s < slotOp.length; s++) {
      const y = slotOp[s];
      if (y < 0 || p.pure[y] === 0 || (child[1 + (s >>> 5)] & (1 << (s & 31))) !== 0) continue;
      if (p.trans.step(ns, p.cls[y]) < 0) continue;
      child[1 + (s >>> 5)] |= 1 << (s & 31);
      this.placed[placed++] = y;
    }
    const kw = 1 + (k >>> 5);
    const kb = 1 << (k & 31);
    const done = (child[kw] & kb) !== 0;
    if (done) child[kw] &= ~kb;
    else if (!this.seen.offer(child)) return;
    let node = rec[rw - 1];
    for (let i = 0; i < placed; i++) node = this.trail.add(node, this.placed[i]);
    child[rw - 1] = node;
    if (done) this.emit(child);
    else this.stack.push(child);
  }

  private emit(r: Uint32Array): void {
    this.nxt.offer(r);
  }

  /** Ends the return event; false when no configuration got past it. */
  private finish(k: number): boolean {
    if (this.nxt.count === 0) {
      this.status = 'illegal';
      this.failedEvent = this.e;
      this.failedNode = this.cur.data[this.rw - 1];
      return false;
    }
    this.slotOp[k] = -1;
    const { cur, nxt, rec } = this;
    cur.clear();
    for (let i = 0; i < nxt.recs.count; i++) {
      if (!nxt.live(i)) continue;
      nxt.recs.read(i, rec);
      cur.push(rec);
    }
    if (this.cur.count > this.peakFrontier) this.peakFrontier = this.cur.count;
    this.e++;
    this.inReturn = false;
    return true;
  }

  private collect(): void {
    const { cur, rw } = this;
    this.trail.collect(
      cur.count,
      (i) => cur.data[i * rw + rw - 1],
      (i, node) => (cur.data[i * rw + rw - 1] = node),
    );
  }

  order(): number[] {
    return this.trail.path(this.cur.data[this.rw - 1]);
  }

  reached(): { event: number; prefix: number[] } {
    if (this.status === 'illegal') return { event: this.failedEvent, prefix: this.trail.path(this.failedNode) };
    return { event: this.e, prefix: this.trail.path(this.cur.data[this.rw - 1]) };
  }

  release(): void {
    this.cur.release();
    this.stack.release();
    this.nxt.release();
    this.seen.release();
    this.trail.release();
  }
}

/**
 * For capability-aware dominance (frontier.ts): the class that subsumes each unknown-outcome
 * class, when every class has at most one and that one none (as for the registers: a write
 * of v over the cas [a v]); undefined otherwise.
 */
function coverers(p: Problem): Int32Array | undefined {
  const U = p.uclasses;
  if (p.weaker.length === 0) return undefined;
  const out = new Int32Array(U).fill(-1);
  for (let u = 0; u < U; u++)
    for (let w = 0; w < U; w++) {
      if (p.weaker[u * U + w] !== 1) continue;
      if (out[w] >= 0) return undefined;
      out[w] = u;
    }
  for (let w = 0; w < U; w++) if (out[w] >= 0 && out[out[w]] >= 0) return undefined;
  return out;
}
