/**
 * Sequential consistency, breadth first: the set of every configuration (state, each
 * process's position) after k operations, for k = 0, 1, ..., deduplicated, with the order
 * behind each kept in a trail. Memory is bounded by one level, not by the history; the
 * search is exhaustive, so it settles illegal histories that the depth-first search would
 * walk for long. Records are as wide as there are processes: histories whose clients crash
 * often (Jepsen gives a crashed client a new process) are left to the depth-first search
 * beyond MAX_PROCESSES.
 */
import type { MemoryBudget } from './budget.ts';
import { Frontier } from './frontier.ts';
import { Records } from './records.ts';
import type { ScProblem } from './sc.ts';
import type { Search, SearchStatus } from './search.ts';
import { Trail } from './trail.ts';

export const MAX_PROCESSES = 256;

export class ScBfs implements Search {
  readonly algorithm = 'bfs';
  steps = 0;
  status: SearchStatus = 'running';

  private readonly rw: number; // [state, known left, positions..., trail]
  private readonly cur: Records;
  private readonly nxt: Frontier;
  private readonly trail: Trail;
  private readonly rec: Uint32Array;
  private readonly child: Uint32Array;
  private i = 0;
  private level = 0;
  private done = -1;
  private lastNode = 0;

  constructor(
    private readonly p: ScProblem,
    budget: MemoryBudget,
  ) {
    this.rw = p.procs + 3;
    this.cur = new Records(this.rw, budget, 16);
    this.nxt = new Frontier(this.rw, this.rw - 1, budget);
    this.trail = new Trail(budget);
    this.rec = new Uint32Array(this.rw);
    this.child = new Uint32Array(this.rw);
    this.rec[0] = p.initial;
    this.rec[1] = p.knownCount;
    this.cur.push(this.rec);
    if (p.knownCount === 0) this.status = 'ok';
  }

  get configurations(): number {
    return this.cur.count;
  }

  run(budget: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { p, rec, rw } = this;
    const { qStart, qOps, known, pure, cls, trans } = p;
    let steps = 0;
    while (steps < budget) {
      steps++;
      if (this.i === this.cur.count) {
        // the level is done
        if (this.nxt.count === 0) {
          this.status = 'illegal';
          this.lastNode = this.cur.data[rw - 1];
          break;
        }
        this.cur.clear();
        for (let j = 0; j < this.nxt.recs.count; j++) {
          if (!this.nxt.live(j)) continue;
          this.nxt.recs.read(j, rec);
          this.cur.push(rec);
        }
        this.nxt.clear();
        this.i = 0;
        this.level++;
        if (this.trail.due) this.trail.collect(this.cur.count, (j) => this.cur.data[j * rw + rw - 1], (j, node) => (this.cur.data[j * rw + rw - 1] = node));
        continue;
      }
      this.cur.read(this.i++, rec);
      const sid = rec[0];
      // a legal pure next operation goes first, alone
      let forced = -1;
      for (let q = 0; q < p.procs && forced < 0; q++) {
        const at = qStart[q] + rec[2 + q];
        if (at < qStart[q + 1] && pure[qOps[at]] === 1 && trans.step(sid, cls[qOps[at]]) >= 0) forced = q;
      }
      for (let q = forced >= 0 ? forced : 0; q < (forced >= 0 ? forced + 1 : p.procs); q++) {
        const at = qStart[q] + rec[2 + q];
        if (at >= qStart[q + 1]) continue;
        const op = qOps[at];
        const ns = trans.step(sid, cls[op]);
        if (ns >= 0 && (forced >= 0 || pure[op] === 0)) this.offer(ns, q, op, true);
        if (known[op] === 0 && forced < 0) this.offer(sid, q, op, false);
        if (this.done >= 0) break;
      }
      if (this.done >= 0) break;
    }
    this.steps += steps;
    return this.status;
  }

  private offer(ns: number, q: number, op: number, applied: boolean): void {
    const { child, rec, rw, p } = this;
    child.set(rec);
    child[0] = ns;
    child[1] -= p.known[op];
    child[2 + q]++;
    if (!this.nxt.offer(child)) return;
    // the trail records only operations that took effect
    const node = applied ? this.trail.add(rec[rw - 1], op) : rec[rw - 1];
    this.nxt.recs.data[(this.nxt.recs.count - 1) * rw + rw - 1] = node;
    if (child[1] === 0) {
      this.status = 'ok';
      this.done = node;
    }
  }

  order(): number[] {
    return this.trail.path(this.done >= 0 ? this.done : this.cur.data[this.rw - 1]);
  }

  reached(): { event: number; prefix: number[] } {
    return { event: -1, prefix: this.trail.path(this.status === 'illegal' ? this.lastNode : this.cur.data[this.rw - 1]) };
  }

  release(): void {
    this.cur.release();
    this.nxt.release();
    this.trail.release();
  }
}
