/**
 * Sleep sets for the fair-cycle graph: edges inferred from diamonds instead of computed.
 *
 * The liveness pass needs every edge of the reachable graph (dropping one can hide a fair
 * cycle or make an unfair one look fair), so sleep sets cannot prune there as they do in the
 * safety search. But where they would prune, the edge's target is already known. Let state u
 * be first reached from r by action t, and let a, enabled in r before t in r's order, be
 * independent of t in r (`Model.independent`: each stays enabled after the other, and both
 * orders lead to the same state). Then u --a--> s' where s' is the target of r' --t--> with
 * r' the target of r --a-->. When r' was expanded before u (breadth-first ids are expanded in
 * order), its edge for t is in the graph and u's edge for a is that target: no successor is
 * computed, and the graph is the one the plain build makes, edge for edge (the inferred
 * target already has its id, so no id moves).
 *
 * Only the actions before t go to sleep: with all of them, u's edge for a could wait on r''s
 * edge for t and that one on u's. The inference leans on the model's independence relation as
 * the safety search's sleep sets do; the first inferred edges, then one in 64, are also
 * computed and compared, and a mismatch stops the pass as an error of the model.
 */
import { ActionKeys } from './action-keys.ts';
import { ModelError, type Model } from './model.ts';

/** A growable typed array's current contents (graph.ts's Vec). */
interface Ints {
  readonly data: Int32Array;
  readonly length: number;
}

/** Inferred edges checked by computing them: all of the first ones, then one in CHECK_EVERY. */
const CHECK_FIRST = 256;
const CHECK_EVERY = 64;

export class DiamondEdges<S, A> {
  /** Edges taken from a diamond and not computed, and edges a diamond gave that were computed as well, to check it. */
  inferred = 0;
  checked = 0;
  private readonly independent: (s: S, a: A, b: A) => boolean;
  private readonly actionKeys: ActionKeys<A>;
  /** Per edge of the graph: its action's key id, or -1 when the key is not unique in the source state. */
  private edgeKey = new Int32Array(4096);
  private edges = 0;
  /** Per state: the key of the action that first reached it, and its sleeping (key, target of the key in the parent) pairs. */
  private parentKey = new Int32Array(1024);
  private start = new Int32Array(1024);
  private count = new Int32Array(1024);
  private pool = new Int32Array(1 << 14);
  private top = 0;
  // the state being expanded
  private id = -1;
  private state: S | undefined;
  private actions: readonly A[] = [];
  private keys: number[] = [];
  private targets: number[] = [];

  constructor(model: Model<S, A>) {
    this.independent = model.independent!.bind(model);
    this.actionKeys = new ActionKeys(model as Model<unknown, A>);
  }

  /** Starts the expansion of state `id`, whose enabled actions are `actions`. */
  begin(id: number, state: S, actions: readonly A[]): void {
    this.id = id;
    this.state = state;
    this.actions = actions;
    this.keys = this.actionKeys.unique(actions);
    this.targets = new Array<number>(actions.length).fill(-1);
  }

  /**
   * The target of action `i` of the state being expanded when a diamond gives it: the id, or
   * -1 (compute it). With `check` set, the caller computes it anyway and calls `confirm`.
   */
  infer(i: number, offsets: Ints, succ: Ints): { target: number; check: boolean } {
    const k = this.keys[i];
    const u = this.id;
    if (k < 0 || u >= this.count.length || this.count[u] === 0) return NONE;
    const pk = this.parentKey[u];
    for (let e = this.start[u], end = e + this.count[u]; e < end; e++) {
      if (this.pool[2 * e] !== k) continue;
      const r2 = this.pool[2 * e + 1];
      if (r2 >= u) return NONE; // not expanded yet
      for (let x = offsets.data[r2], xe = offsets.data[r2 + 1]; x < xe; x++) {
        if (this.edgeKey[x] !== pk) continue;
        const n = this.inferred + this.checked + 1;
        const check = n <= CHECK_FIRST || n % CHECK_EVERY === 0;
        if (check) this.checked++;
        else this.inferred++;
        return { target: succ.data[x], check };
      }
      return NONE;
    }
    return NONE;
  }

  /** An inferred edge that was also computed: throws when they differ (the independence relation is wrong). */
  confirm(i: number, inferred: number, computed: number): void {
    if (inferred === computed) return;
    throw new ModelError(
      `partial-order reduction: the fair-cycle graph inferred the target of ${this.actionKeys.textOf(this.actions[i])} from a diamond of steps said to be independent, and computing it gave another state: the model's independent() is wrong`,
      'unsound-independence',
      2,
    );
  }

  /** Records the edge of action `i` just added to the graph (its target `nid`; `fresh` when first reached by it). */
  edge(i: number, nid: number, fresh: boolean): void {
    if (this.edges === this.edgeKey.length) this.edgeKey = grown(this.edgeKey, this.edges + 1);
    this.edgeKey[this.edges++] = this.keys[i];
    this.targets[i] = nid;
    if (!fresh) return;
    if (nid >= this.count.length) {
      this.parentKey = grown(this.parentKey, nid + 1);
      this.start = grown(this.start, nid + 1);
      this.count = grown(this.count, nid + 1);
    }
    this.count[nid] = 0;
    const ki = this.keys[i];
    if (ki < 0) return;
    const first = this.top;
    for (let j = 0; j < i; j++) {
      if (this.keys[j] < 0 || this.targets[j] < 0) continue;
      if (!this.independent(this.state!, this.actions[j], this.actions[i])) continue;
      if (2 * this.top + 2 > this.pool.length) this.pool = grown(this.pool, 2 * this.top + 2);
      this.pool[2 * this.top] = this.keys[j];
      this.pool[2 * this.top + 1] = this.targets[j];
      this.top++;
    }
    this.parentKey[nid] = ki;
    this.start[nid] = first;
    this.count[nid] = this.top - first;
  }

  /** A step that gave no successor (`next` returned null): no edge. */
  none(i: number): void {
    this.targets[i] = -1;
  }

}

const NONE = { target: -1, check: false };

function grown(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
