/**
 * What keeps the fair-cycle graph as a breadth-first exploration goes: the edges of each
 * expanded state, in CSR arrays (states are expanded in id order, so the edges of state u are
 * `offsets[u] .. offsets[u+1]`), the settledness of each liveness property in each new state,
 * and the first quiescent state (no fair action leads out of it) that leaves one unsettled.
 *
 * Two explorations feed it: graph.ts's own (the liveness pass after a search) and the
 * breadth-first search itself (bfs.ts), which then checks invariants and keeps the graph in
 * one pass. With partial-order reduction an edge's target may come from a diamond of
 * independent steps instead of a computed successor (graph-diamonds.ts); the graph is the same.
 */
import { hashCanonical } from './state-hash.ts';
import { fp } from './fingerprint.ts';
import type { Model } from './model.ts';
import type { VisitedSet } from './visited.ts';
import { DiamondEdges } from './graph-diamonds.ts';
import type { GraphBuild, GraphStop } from './graph.ts';
import { isFair, isFinding, modelErrorFinding, settledJudgement, staysForever } from './verdict.ts';

/** A growable typed array. */
export class Vec<T extends Int32Array | Uint32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = this.make(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  trim(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const int32 = (n: number) => new Int32Array(n);
const uint32 = (n: number) => new Uint32Array(n);
const uint8 = (n: number) => new Uint8Array(n);

/** Fairness codes on edges. */
export const NONE = 0, WEAK = 1, STRONG = 2;

/** Under a canonical form: the fingerprint of each kept state itself, and whether each edge leads to exactly it. */
class OwnPrints {
  private readonly hi = new Vec(new Uint32Array(1024), uint32);
  private readonly lo = new Vec(new Uint32Array(1024), uint32);
  readonly exact = new Vec(new Uint8Array(4096), uint8);
  constructor(private readonly model: Model<any, any>) {}

  /** A state kept under a new id (ids come in order). */
  keep(state: unknown): void {
    hashCanonical(this.model, state);
    this.hi.push(fp.hi >>> 0);
    this.lo.push(fp.lo >>> 0);
  }

  /** Records an edge to `next`, the state `id` stands for (just kept when fresh); true when it is that state exactly. */
  edge(next: unknown, id: number, fresh: boolean): boolean {
    if (fresh) {
      this.keep(next);
      this.exact.push(1);
      return true;
    }
    hashCanonical(this.model, next);
    const same = this.hi.data[id] === fp.hi >>> 0 && this.lo.data[id] === fp.lo >>> 0;
    this.exact.push(same ? 1 : 0);
    return same;
  }
}

/** An error thrown while expanding state `id` with action `choice` (-1: while listing its actions), as a stop. */
export function errorStop(err: unknown, choice: number, id: number): GraphStop {
  const f = modelErrorFinding(err, choice);
  return { kind: 'error', property: f.property, message: f.message, id, ...(f.failingChoice !== undefined ? { failingChoice: f.failingChoice } : {}), cause: err };
}

const NO_TARGET = { target: -1, check: false };

export class GraphRecorder<S, A> {
  /** Why the graph stopped growing (a property threw, a quiescent state left one unsettled, an error); set once. */
  stop?: GraphStop;
  quiescent = 0;
  private readonly props;
  private readonly offsets = new Vec(new Int32Array(1024), int32);
  private readonly succ = new Vec(new Int32Array(4096), int32);
  private readonly label = new Vec(new Int32Array(4096), int32);
  private readonly fair = new Vec(new Uint8Array(4096), uint8);
  private readonly choice = new Vec(new Uint32Array(4096), uint32);
  private readonly unsettled: Vec<Uint8Array>[];
  private readonly labelIds = new Map<string, number>();
  private readonly labels: string[] = [];
  private readonly own?: OwnPrints;
  private readonly diamonds?: DiamondEdges<S, A>;
  private leaves = false;

  /** With `por`, edges are taken from diamonds where the model declares independence (not under a canonical form, where each edge needs its successor). */
  constructor(
    private readonly model: Model<S, A>,
    private readonly visited: VisitedSet,
    por = false,
  ) {
    this.props = model.liveness ?? [];
    this.unsettled = this.props.map(() => new Vec(new Uint8Array(1024), uint8));
    this.own = model.canonical ? new OwnPrints(model) : undefined;
    this.diamonds = por && model.independent && !this.own ? new DiamondEdges(model) : undefined;
  }

  /** A new initial state (its id is the next one); false once the graph stopped. */
  initial(s: S, id: number): boolean {
    this.own?.keep(s);
    return this.judge(s, id);
  }

  /** Starts the edges of state `id`, expanded now. */
  begin(id: number, state: S, actions: readonly A[]): void {
    this.offsets.push(this.succ.length);
    this.diamonds?.begin(id, state, actions);
    this.leaves = false;
  }

  /** The target of action `i` when a diamond gives it (`check`: compute it as well and `confirm`), else -1. */
  known(i: number): { target: number; check: boolean } {
    return this.diamonds ? this.diamonds.infer(i, this.offsets, this.succ) : NO_TARGET;
  }

  /** A target a diamond gave, computed too: throws a ModelError when they differ. */
  confirm(i: number, inferred: number, computed: number): void {
    this.diamonds!.confirm(i, inferred, computed);
  }

  /** Action `i` gave no successor. */
  none(i: number): void {
    this.diamonds?.none(i);
  }

  /**
   * The edge of action `i` from `state` (state `id`) to state `nid`, first reached by it when
   * `fresh` (then `next` is that state). Throws what the model's fairness throws.
   */
  edge(id: number, state: S, i: number, a: A, nid: number, fresh: boolean, next: S | undefined): void {
    if (this.stop) return;
    const fa = this.model.fairness ? this.model.fairness(state, a) : 'weak';
    const f = fa === 'strong' ? STRONG : fa === 'weak' ? WEAK : NONE;
    if (fresh && !this.judge(next!, nid)) return;
    this.diamonds?.edge(i, nid, fresh);
    const text = this.model.label(a);
    let l = this.labelIds.get(text);
    if (l === undefined) {
      l = this.labels.length;
      this.labels.push(text);
      this.labelIds.set(text, l);
    }
    this.succ.push(nid);
    this.label.push(l);
    this.fair.push(f);
    this.choice.push(i);
    // under a canonical form (symmetry) an edge to the state's own id may still move the run
    // to a renamed copy: whether it leaves is judged by the fingerprint of the state itself
    const same = this.own ? this.own.edge(next ?? state, nid, fresh) && nid === id : nid === id;
    if (f !== NONE && !same) this.leaves = true;
  }

  /** Ends the edges of state `id`: when nothing fair leaves it and a property is unsettled there, that is the stop. */
  end(id: number, state: S, actions: readonly A[]): void {
    if (this.stop || this.leaves || !this.props.length) return;
    this.quiescent++;
    for (let p = 0; p < this.props.length; p++) {
      if (!this.unsettled[p].data[id]) continue;
      const r = settledJudgement(this.props[p], state);
      const f = staysForever(this.props[p].name, typeof r === 'string' ? r : `${this.props[p].name} is not settled`, actions.some((a) => isFair(this.model, state, a)));
      this.stop = { kind: 'quiescent', property: f.property, message: f.message, id };
      return;
    }
  }

  /** The graph as recorded (every expanded state's edges). */
  finish(stop?: GraphStop): GraphBuild {
    this.stop ??= stop;
    const offsets = this.offsets;
    const n = offsets.length;
    offsets.push(this.succ.length);
    const graph = {
      n,
      offsets: offsets.trim(),
      succ: this.succ.trim(),
      label: this.label.trim(),
      fair: this.fair.trim(),
      choice: this.choice.trim(),
      labels: this.labels,
      unsettled: this.unsettled.map((u) => u.trim()),
      visited: this.visited,
      ...(this.own ? { exact: this.own.exact.trim() } : {}),
    };
    return {
      graph,
      quiescent: this.quiescent,
      ...(this.diamonds ? { diamonds: { inferred: this.diamonds.inferred, checked: this.diamonds.checked } } : {}),
      ...(this.stop ? { stop: this.stop } : {}),
    };
  }

  /** Records the settledness of each property in a new state; false (and `stop`) when one throws. */
  private judge(s: S, id: number): boolean {
    for (let p = 0; p < this.props.length; p++) {
      const r = settledJudgement(this.props[p], s);
      if (isFinding(r)) {
        this.stop = { kind: 'error', property: r.property, message: r.message, id, cause: r.cause };
        return false;
      }
      this.unsettled[p].push(r === null ? 0 : 1);
    }
    return true;
  }
}
