/**
 * The linearization behind each configuration of the breadth-first search: a tree of
 * (parent, operation) nodes in typed arrays, configurations pointing at their last node.
 * Nodes that no configuration reaches any more are collected by compaction (parents are
 * always older than their children, so one forward pass renumbers them).
 */
import { allocating, type MemoryBudget } from './budget.ts';

export class Trail {
  parent: Int32Array;
  op: Int32Array;
  /** Node 0 is the root (the empty linearization). */
  count = 1;
  private liveAfterCollect = 1;

  constructor(private readonly budget: MemoryBudget) {
    this.parent = allocating(budget, 64 * 8, () => new Int32Array(64));
    this.op = new Int32Array(64);
    this.parent[0] = -1;
    this.op[0] = -1;
  }

  get bytes(): number {
    return this.parent.byteLength + this.op.byteLength;
  }

  add(parent: number, op: number): number {
    if (this.count === this.parent.length) this.grow();
    const i = this.count++;
    this.parent[i] = parent;
    this.op[i] = op;
    return i;
  }

  /** Operations from the root to `node`, in order. */
  path(node: number): number[] {
    const out: number[] = [];
    for (let i = node; i > 0; i = this.parent[i]) out.push(this.op[i]);
    return out.reverse();
  }

  /** Worth collecting: twice as many nodes as were live after the last collection. */
  get due(): boolean {
    return this.count > 4096 && this.count > 2 * this.liveAfterCollect;
  }

  /**
   * Keeps only the nodes on the paths of `roots` (read and rewritten in place through
   * `get`/`set`, one per live configuration).
   */
  collect(roots: number, get: (i: number) => number, set: (i: number, node: number) => void): void {
    const n = this.count;
    const newIndex = allocating(this.budget, n * 4, () => new Int32Array(n).fill(-1));
    try {
      newIndex[0] = 0;
      for (let r = 0; r < roots; r++) for (let i = get(r); newIndex[i] === -1; i = this.parent[i]) newIndex[i] = 0;
      // compact in place: a kept node's new index is the number of kept nodes before it,
      // and its parent, older, was renumbered already
      let live = 0;
      for (let i = 0; i < n; i++) {
        if (newIndex[i] === -1) continue;
        const parent = this.parent[i];
        newIndex[i] = live;
        this.parent[live] = i === 0 ? -1 : newIndex[parent];
        this.op[live] = this.op[i];
        live++;
      }
      for (let r = 0; r < roots; r++) set(r, newIndex[get(r)]);
      this.count = live;
      this.liveAfterCollect = live;
    } finally {
      this.budget.give(n * 4);
    }
  }

  private grow(): void {
    const cap = this.parent.length * 2;
    const parent = allocating(this.budget, cap * 8, () => new Int32Array(cap));
    const op = new Int32Array(cap);
    parent.set(this.parent);
    op.set(this.op);
    this.budget.give(this.bytes);
    this.parent = parent;
    this.op = op;
  }

  release(): void {
    this.budget.give(this.bytes);
    this.parent = this.op = new Int32Array(0);
  }
}
