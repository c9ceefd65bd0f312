/**
 * The reachable state graph, kept for liveness: its successor lists are stored CSR-style in
 * typed arrays (state ids are assigned in BFS order and each state is expanded in id order, so
 * the edges of state u are `offsets[u] .. offsets[u+1]`). Per edge: the successor's id, the
 * action's label (interned), its fairness in the source state and the index of the action (the
 * choice a trace replays). Per state: which liveness properties are unsettled there.
 * graph-recorder.ts keeps it as an exploration goes: `buildGraph`'s own breadth-first one, with
 * its own VisitedSet, or the breadth-first search's (bfs.ts, one pass for safety and liveness).
 *
 * Beside it, strongly connected components by Tarjan's algorithm, iteratively (an explicit
 * call stack: graphs reach 10^5–10^6 states), restricted to any subset of the states.
 */
import { hashState } from './state-hash.ts';
import { fp } from './fingerprint.ts';
import type { Model } from './model.ts';
import { VisitedSet } from './visited.ts';
import { errorStop, GraphRecorder } from './graph-recorder.ts';
import { memoryLimit, statesLimit, timeLimit, type Limit } from './limits.ts';

export { NONE, WEAK, STRONG } from './graph-recorder.ts';

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

export interface GraphLimits {
  maxStates?: number;
  timeLimitMs?: number;
  maxMemoryMB?: number;
  /** Infer edges from diamonds of independent steps instead of computing them (graph-diamonds.ts): the same graph. */
  por?: boolean;
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
  /** With `por`: the edges taken from diamonds instead of computed, and those computed as well to check them. */
  diamonds?: { inferred: number; checked: number };
  stop?: GraphStop;
}

const DURING = ' while building the state graph for liveness';

/**
 * Explores the model breadth-first and keeps its graph. Stops at the first quiescent state
 * (no fair action leads out of it) in which a liveness property is unsettled: that is the
 * simple form of a liveness violation, and BFS order makes its trace a shortest one.
 */
export function buildGraph<S, A>(model: Model<S, A>, limits: GraphLimits = {}): GraphBuild {
  const visited = new VisitedSet();
  const rec = new GraphRecorder(model, visited, limits.por);
  const start = performance.now();
  let stop: GraphStop | undefined;
  const idOf = (s: S, parent: number, ch: number): { id: number; fresh: boolean } => {
    hashState(model, s);
    const id = visited.add(fp.hi, fp.lo, parent, ch);
    return id >= 0 ? { id, fresh: true } : { id: visited.find(fp.hi, fp.lo), fresh: false };
  };

  let queue: (S | undefined)[] = [];
  let head = 0;
  let base = 0; // the id of queue[0]
  const inits = model.initialStates();
  for (let i = 0; i < inits.length; i++) {
    const { id, fresh } = idOf(inits[i], -1, i);
    if (!fresh) continue;
    queue.push(inits[i]);
    if (!rec.initial(inits[i], id)) break;
  }
  let ticks = 0;
  while (!rec.stop && head < queue.length) {
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
    let actions: readonly A[];
    try {
      actions = model.actions(state);
    } catch (err) {
      stop = errorStop(err, -1, id);
      break;
    }
    rec.begin(id, state, actions);
    for (let i = 0; i < actions.length && !stop && !rec.stop; i++) {
      try {
        const known = rec.known(i);
        if (known.target >= 0 && !known.check) {
          rec.edge(id, state, i, actions[i], known.target, false, undefined);
          continue;
        }
        const next = model.next(state, actions[i]);
        if (next === null) {
          rec.none(i);
          continue;
        }
        const { id: nid, fresh } = idOf(next, id, i);
        if (known.target >= 0) rec.confirm(i, known.target, nid);
        if (fresh) queue.push(next);
        rec.edge(id, state, i, actions[i], nid, fresh, next);
      } catch (err) {
        stop = errorStop(err, i, id);
      }
    }
    if (stop || rec.stop) break;
    rec.end(id, state, actions);
    if (head > 1 << 16 && head * 2 > queue.length) {
      // drop the expanded prefix of the queue
      queue = queue.slice(head);
      base += head;
      head = 0;
    }
  }
  return rec.finish(stop);
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
