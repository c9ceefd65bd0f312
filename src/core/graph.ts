/**
 * The reachable state graph, kept for liveness: a breadth-first exploration with its own
 * VisitedSet, whose successor lists are stored CSR-style in typed arrays (state ids are
 * assigned in BFS order and each state is expanded in id order, so the edges of state u are
 * `offsets[u] .. offsets[u+1]`). Per edge: the successor's id, the action's label (interned),
 * its fairness in the source state and the index of the action (the choice a trace replays).
 * Per state: which liveness properties are unsettled there.
 *
 * Beside it, strongly connected components by Tarjan's algorithm, iteratively (an explicit
 * call stack: graphs reach 10^5–10^6 states), restricted to any subset of the states.
 */
import { hashCanonical, hashState } from './state-hash.ts';
import { fingerprint, fp } from './fingerprint.ts';
import type { Model } from './model.ts';
import { VisitedSet } from './visited.ts';
import { isFair, isFinding, modelErrorFinding, settledJudgement, staysForever } from './verdict.ts';
import { memoryLimit, statesLimit, timeLimit, type Limit } from './limits.ts';

/** A growable typed array. */
class Vec<T extends Int32Array | Uint32Array | Uint8Array> {
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

export interface StateGraph {
  /** The number of states. */
  n: number;
  /** Edges of state u: offsets[u] .. offsets[u+1]. */
  offsets: Int32Array;
  succ: Int32Array;
  /** The interned label of each edge's action (see `labels`). */
  label: Int32Array;
  /** NONE, WEAK or STRONG: the action's fairness in the edge's source state. */
  fair: Uint8Array;
  /** The index of the edge's action among the source state's enabled actions. */
  choice: Uint32Array;
  labels: string[];
  /** unsettled[p][u] = 1 when liveness property p is not settled in state u. */
  unsettled: Uint8Array[];
  /** The BFS tree (parents and choices): pathTo(u) is a shortest path from an initial state. */
  visited: VisitedSet;
  /**
   * Under a canonical form: per edge, 1 when the successor is the very state its id stands for
   * (the member the search kept), 0 when it is another member of its class (a renamed copy).
   */
  exact?: Uint8Array;
}

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

export interface GraphLimits {
  maxStates?: number;
  timeLimitMs?: number;
  maxMemoryMB?: number;
}

/** What the exploration found before the graph was complete: a limit, a model error, a quiescent state that leaves a property unsettled. */
export type GraphStop =
  | { kind: 'limit'; limit: Limit }
  | { kind: 'error'; property: string; message: string; id: number; failingChoice?: number; cause: unknown }
  | { kind: 'quiescent'; property: string; message: string; id: number };

export interface GraphBuild {
  graph: StateGraph;
  /** States where nothing fair leaves the state (quiescent or stuttering forever). */
  quiescent: number;
  stop?: GraphStop;
}

const DURING = ' while building the state graph for liveness';

function errorStop(err: unknown, choice: number, id: number): GraphStop {
  const f = modelErrorFinding(err, choice);
  return { kind: 'error', property: f.property, message: f.message, id, ...(f.failingChoice !== undefined ? { failingChoice: f.failingChoice } : {}), cause: err };
}

/**
 * Explores the model breadth-first and keeps its graph. Stops at the first quiescent state
 * (no fair action leads out of it) in which a liveness property is unsettled: that is the
 * simple form of a liveness violation, and BFS order makes its trace a shortest one.
 */
export function buildGraph<S, A>(model: Model<S, A>, limits: GraphLimits = {}): GraphBuild {
  const props = model.liveness ?? [];
  const visited = new VisitedSet();
  const offsets = new Vec(new Int32Array(1024), int32);
  const succ = new Vec(new Int32Array(4096), int32);
  const label = new Vec(new Int32Array(4096), int32);
  const fair = new Vec(new Uint8Array(4096), uint8);
  const choice = new Vec(new Uint32Array(4096), uint32);
  const unsettled = props.map(() => new Vec(new Uint8Array(1024), uint8));
  const labelIds = new Map<string, number>();
  const labels: string[] = [];
  const start = performance.now();
  let quiescent = 0;
  let stop: GraphStop | undefined;
  const own = model.canonical ? new OwnPrints(model) : undefined;

  const idOf = (s: S, parent: number, ch: number): { id: number; fresh: boolean } => {
    hashState(model, s);
    const id = visited.add(fp.hi, fp.lo, parent, ch);
    return id >= 0 ? { id, fresh: true } : { id: visited.find(fp.hi, fp.lo), fresh: false };
  };
  /** Records the settledness of each property in a new state; false (and `stop`) when one throws. */
  const judge = (s: S, id: number): boolean => {
    for (let p = 0; p < props.length; p++) {
      const r = settledJudgement(props[p], s);
      if (isFinding(r)) {
        stop = { kind: 'error', property: r.property, message: r.message, id, cause: r.cause };
        return false;
      }
      unsettled[p].push(r === null ? 0 : 1);
    }
    return true;
  };

  let queue: (S | undefined)[] = [];
  let head = 0;
  let base = 0; // the id of queue[0]
  const inits = model.initialStates();
  for (let i = 0; i < inits.length; i++) {
    const { id, fresh } = idOf(inits[i], -1, i);
    if (!fresh) continue;
    own?.keep(inits[i]);
    queue.push(inits[i]);
    if (!judge(inits[i], id)) break;
  }
  let ticks = 0;
  while (!stop && head < queue.length) {
    const state = queue[head] as S;
    queue[head] = undefined;
    const id = base + head++;
    if (limits.maxStates !== undefined && visited.size > limits.maxStates) {
      stop = { kind: 'limit', limit: statesLimit(visited.size, limits.maxStates, DURING) };
      break;
    }
    if ((++ticks & 1023) === 0) {
      const ms = performance.now() - start;
      const limit = limits.timeLimitMs !== undefined && ms > limits.timeLimitMs ? timeLimit(ms, limits.timeLimitMs, DURING) : memoryLimit(process.memoryUsage.rss(), limits.maxMemoryMB, '', DURING);
      if (limit) {
        stop = { kind: 'limit', limit };
        break;
      }
    }
    offsets.push(succ.length);
    let actions: readonly A[];
    try {
      actions = model.actions(state);
    } catch (err) {
      stop = errorStop(err, -1, id);
      break;
    }
    let leaves = false; // a fair action leads out of the state
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i];
      let next: S | null;
      let f: number;
      try {
        const fa = model.fairness ? model.fairness(state, a) : 'weak';
        f = fa === 'strong' ? STRONG : fa === 'weak' ? WEAK : NONE;
        next = model.next(state, a);
      } catch (err) {
        stop = errorStop(err, i, id);
        break;
      }
      if (next === null) continue;
      const { id: nid, fresh } = idOf(next, id, i);
      if (fresh) {
        queue.push(next);
        if (!judge(next, nid)) break;
      }
      const text = model.label(a);
      let l = labelIds.get(text);
      if (l === undefined) {
        l = labels.length;
        labels.push(text);
        labelIds.set(text, l);
      }
      succ.push(nid);
      label.push(l);
      fair.push(f);
      choice.push(i);
      // under a canonical form (symmetry) an edge to the state's own id may still move the run
      // to a renamed copy: whether it leaves is judged by the fingerprint of the state itself
      const same = own ? own.edge(next, nid, fresh) && nid === id : nid === id;
      if (f !== NONE && !same) leaves = true;
    }
    if (stop) break;
    if (!leaves && props.length) {
      quiescent++;
      for (let p = 0; p < props.length; p++) {
        if (!unsettled[p].data[id]) continue;
        const r = settledJudgement(props[p], state);
        const f = staysForever(props[p].name, typeof r === 'string' ? r : `${props[p].name} is not settled`, actions.some((a) => isFair(model, state, a)));
        stop = {
          kind: 'quiescent',
          property: f.property,
          message: f.message,
          id,
        };
        break;
      }
    }
    if (head > 1 << 16 && head * 2 > queue.length) {
      // drop the expanded prefix of the queue
      queue = queue.slice(head);
      base += head;
      head = 0;
    }
  }
  offsets.push(succ.length);
  const n = offsets.length - 1;
  return {
    graph: {
      n,
      offsets: offsets.trim(),
      succ: succ.trim(),
      label: label.trim(),
      fair: fair.trim(),
      choice: choice.trim(),
      labels,
      unsettled: unsettled.map((u) => u.trim()),
      visited,
      ...(own ? { exact: own.exact.trim() } : {}),
    },
    quiescent,
    ...(stop ? { stop } : {}),
  };
}

/**
 * Strongly connected components of subsets of a graph, by Tarjan's algorithm with an explicit
 * call stack. The work arrays are allocated once per graph and reused by every call (a call
 * gets a fresh stamp), since Emerson–Lei refinement runs it many times on shrinking subsets.
 */
export class SccFinder {
  private readonly seen: Int32Array;
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callNode: Int32Array;
  private readonly callEdge: Int32Array;
  private stamp = 0;

  constructor(private readonly g: Pick<StateGraph, 'n' | 'offsets' | 'succ'>) {
    const n = g.n;
    this.seen = new Int32Array(n);
    this.index = new Int32Array(n);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callEdge = new Int32Array(n);
  }

  /**
   * The SCCs of the subgraph induced by `nodes` (membership: `member[v] === token`), each a
   * list of state ids, in reverse topological order. With `nontrivial`, only the components
   * that contain a cycle (more than one state, or one state with an edge to itself).
   */
  components(nodes: ArrayLike<number>, member: Int32Array, token: number, nontrivial = true): Int32Array[] {
    const { offsets, succ } = this.g;
    const { seen, index, low, onStack, stack, callNode, callEdge } = this;
    const stamp = ++this.stamp;
    const out: Int32Array[] = [];
    let counter = 0, sp = 0, cp = 0;
    for (let r = 0; r < nodes.length; r++) {
      const root = nodes[r];
      if (seen[root] === stamp) continue;
      seen[root] = stamp;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      callNode[cp] = root;
      callEdge[cp] = offsets[root];
      cp++;
      while (cp > 0) {
        const v = callNode[cp - 1];
        const e = callEdge[cp - 1];
        if (e < offsets[v + 1]) {
          callEdge[cp - 1] = e + 1;
          const w = succ[e];
          if (member[w] !== token) continue;
          if (seen[w] !== stamp) {
            seen[w] = stamp;
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            callNode[cp] = w;
            callEdge[cp] = offsets[w];
            cp++;
          } else if (onStack[w] && index[w] < low[v]) {
            low[v] = index[w];
          }
          continue;
        }
        cp--;
        if (cp > 0) {
          const u = callNode[cp - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
        if (low[v] !== index[v]) continue;
        let top = sp;
        do onStack[stack[--top]] = 0;
        while (stack[top] !== v);
        const size = sp - top;
        if (!nontrivial || size > 1 || this.selfLoop(v)) out.push(stack.slice(top, sp));
        sp = top;
      }
    }
    return out;
  }

  private selfLoop(v: number): boolean {
    const { offsets, succ } = this.g;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) if (succ[e] === v) return true;
    return false;
  }
}
