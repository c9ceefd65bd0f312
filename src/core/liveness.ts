/**
 * Liveness under fairness, over the whole reachable graph: a liveness property is violated
 * when a fair run can stay forever among states where it is unsettled. Such a run either
 * stays in a quiescent state (nothing fair leads out of it: the simple case, reported as
 * before) or goes round a cycle forever; a cycle is a counterexample when it is fair.
 *
 * Fairness of a cycle (the Emerson–Lei check, as TLC does it), with an action identified
 * across states by the model's label (a system model's labels name a message by sender,
 * receiver and content, so "the delivery of this envelope" is one action wherever it is
 * enabled, which is what fair-loss and reliable delivery promise):
 *  - weak: an action that is weakly fair and enabled in every state of the cycle is taken on it;
 *  - strong: an action that is strongly fair and enabled in some state of the cycle is taken on it.
 *
 * For each property, the subgraph of its unsettled states is cut into strongly connected
 * components. A component in which some weakly fair action is enabled everywhere and never
 * taken holds no fair cycle at all (every cycle inside it has the same defect). A component
 * in which a strongly fair action is enabled somewhere but never taken may still hold a fair
 * cycle that avoids the states where it is enabled: those states are removed and the rest is
 * cut again (Emerson–Lei). A component with neither defect admits a fair run that visits all
 * its states and edges: the property is violated, and the counterexample is a lasso.
 *
 * The lasso: a shortest prefix (BFS parent links) to the component's state nearest to an
 * initial state, then a short cycle inside the component through that state that takes every
 * action the fairness check requires (greedily, nearest first), extended until no weakly fair
 * action is enabled all along it without being taken.
 */
import type { Model } from './model.ts';
import { rebuildPath } from './path.ts';
import { buildGraph, NONE, SccFinder, STRONG, type GraphBuild, type GraphLimits, type StateGraph } from './graph.ts';
import { isFinding, settledJudgement, type Violation } from './verdict.ts';
import type { Limit } from './limits.ts';

export type LivenessOptions = GraphLimits;

export interface LivenessStats {
  /** Distinct states in the graph, and its edges (transitions). */
  states: number;
  edges: number;
  /** Distinct action labels (the identities fairness is judged by). */
  actions: number;
  /** States where nothing fair leads elsewhere: a fair run may stay there forever. */
  quiescent: number;
  /**
   * Under symmetry (symmetry-liveness.ts): the graph above is the quotient, and this many
   * states of the model itself were built to judge the fairness of its components.
   */
  unfolded?: number;
  /** Under symmetry: the canonical form was found not to be one per class of renamings, and the check ran on the model without it. */
  inexact?: boolean;
  /** With partial-order reduction: edges whose target a diamond of independent steps gave instead of a computed successor (graph-diamonds.ts), and edges a diamond gave that were computed as well to check it. */
  inferred?: number;
  checked?: number;
  /** Strongly connected components with a cycle examined (over all properties, refinements included). */
  components: number;
  /** Of those, the unfair ones (no fair run stays in them). */
  unfair: number;
  timeMs: number;
}

export interface LivenessResult {
  verdict: 'ok' | 'violation' | 'inconclusive';
  stats: LivenessStats;
  violation?: Violation;
  limit?: Limit;
}

interface Analysis {
  verdict: 'weak-unfair' | 'strong-unfair' | 'fair';
  /** strong-unfair: the strongly fair actions enabled in the component but never taken. */
  untaken?: number[];
  /** fair: the actions the fairness check requires the cycle to take. */
  required?: number[];
  /** fair: the actions taken inside the component. */
  taken?: Set<number>;
}

/** The fair-cycle check over the reachable graph of a model with liveness properties. */
export function checkLiveness<S, A>(model: Model<S, A>, options: LivenessOptions = {}): LivenessResult {
  const start = performance.now();
  return judgeGraph(model, buildGraph(model, options), start);
}

/** The fair-cycle check over a graph already built (by `buildGraph`, or kept by the search: bfs.ts `bfsKeepingGraph`). */
export function judgeGraph<S, A>(model: Model<S, A>, built: GraphBuild, start = performance.now()): LivenessResult {
  const props = model.liveness ?? [];
  const g = built.graph;
  const stats: LivenessStats = { states: g.visited.size, edges: g.succ.length, actions: g.labels.length, quiescent: built.quiescent, ...(built.diamonds ?? {}), components: 0, unfair: 0, timeMs: 0 };
  const done = (r: Omit<LivenessResult, 'stats'>): LivenessResult => ({ ...r, stats: { ...stats, timeMs: performance.now() - start } });
  const stopped = stopOutcome(built);
  if (stopped) return done(stopped);
  if (props.length === 0) return done({ verdict: 'ok' });

  const checker = new FairCycles(g);
  const all = new Uint8Array(g.n).fill(1);
  for (let p = 0; p < props.length; p++) {
    const persistent = props[p].eventuallyAlways === true;
    const bad = persistent ? checker.badComponent(all, g.unsettled[p]) : checker.badComponent(g.unsettled[p]);
    stats.components = checker.components;
    stats.unfair = checker.unfair;
    if (!bad) continue;
    const { component, analysis } = bad;
    // the component's state nearest an initial state (for eventually-always, its nearest unsettled one): the loop goes through it
    const entry = bad.witness;
    const cycle = checker.lasso(component, entry, analysis);
    const prefix = g.visited.pathTo(entry);
    const path = [...prefix, ...cycle.map((e) => g.choice[e])];
    const { states } = rebuildPath(model, prefix);
    const r = settledJudgement(props[p], states[states.length - 1]);
    const msg = isFinding(r) ? r.message : r;
    return done({ verdict: 'violation', violation: { property: props[p].name, kind: 'liveness', message: msg ?? `${props[p].name} is not settled`, path, loopStart: prefix.length - 1 } });
  }
  return done({ verdict: 'ok' });
}

/** The outcome of a graph whose exploration stopped early (a limit, an error, a quiescent unsettled state), or undefined. */
export function stopOutcome(built: GraphBuild): Omit<LivenessResult, 'stats'> | undefined {
  const stop = built.stop, g = built.graph;
  if (stop?.kind === 'limit') return { verdict: 'inconclusive', limit: stop.limit };
  if (stop?.kind === 'error') {
    return { verdict: 'violation', violation: { property: stop.property, kind: 'error', message: stop.message, path: g.visited.pathTo(stop.id), ...(stop.failingChoice !== undefined ? { failingChoice: stop.failingChoice } : {}), cause: stop.cause } };
  }
  if (stop?.kind === 'quiescent') {
    const path = g.visited.pathTo(stop.id);
    return { verdict: 'violation', violation: { property: stop.property, kind: 'liveness', message: stop.message, path, loopStart: path.length - 1, quiescent: true } };
  }
  return undefined;
}

/** The fairness analysis of components and the construction of fair cycles in them. */
export class FairCycles {
  readonly scc: SccFinder;
  private readonly member: Int32Array;
  private token = 0;
  // per label, reset after each analysis
  private readonly weakCount: Int32Array;
  private readonly strongAny: Uint8Array;
  private readonly takenIn: Uint8Array;
  private readonly lastState: Int32Array;
  private readonly flag: Uint8Array;
  // BFS inside a component
  private readonly prevEdge: Int32Array;
  private readonly seen: Int32Array;
  private bfsStamp = 0;
  components = 0;
  unfair = 0;

  constructor(private readonly g: StateGraph) {
    const n = g.n, L = g.labels.length;
    this.scc = new SccFinder(g);
    this.member = new Int32Array(n);
    this.weakCount = new Int32Array(L);
    this.strongAny = new Uint8Array(L);
    this.takenIn = new Uint8Array(L);
    this.lastState = new Int32Array(L).fill(-1);
    this.flag = new Uint8Array(L);
    this.prevEdge = new Int32Array(n);
    this.seen = new Int32Array(n);
  }

  private mark(nodes: ArrayLike<number>): number {
    const t = ++this.token;
    for (let i = 0; i < nodes.length; i++) this.member[nodes[i]] = t;
    return t;
  }

  /**
   * A fair component among the states where `inSet[u]` is 1, or undefined: the one whose
   * nearest state is nearest to an initial state (ids are in BFS order).
   */
  badComponent(inSet: Uint8Array, mustVisit?: Uint8Array): { component: Int32Array; analysis: Analysis; witness: number } | undefined {
    const nodes: number[] = [];
    for (let u = 0; u < this.g.n; u++) if (inSet[u]) nodes.push(u);
    if (nodes.length === 0) return undefined;
    const work = this.scc.components(nodes, this.member, this.mark(nodes));
    let best: { component: Int32Array; analysis: Analysis; witness: number } | undefined;
    while (work.length) {
      const c = work.pop()!;
      this.components++;
      const a = this.analyse(c);
      if (a.verdict === 'fair') {
        // the state of the component nearest to an initial state (among those it must visit)
        let min = -1;
        for (const v of c) if ((!mustVisit || mustVisit[v]) && (min < 0 || v < min)) min = v;
        if (min >= 0 && (!best || min < best.witness)) best = { component: c, analysis: a, witness: min };
        continue;
      }
      this.unfair++;
      if (a.verdict === 'weak-unfair') continue;
      // Emerson–Lei: drop the states where an untaken strongly fair action is enabled, cut the rest again
      const flag = this.flag;
      for (const l of a.untaken!) flag[l] = 1;
      const rest: number[] = [];
      for (const v of c) if (!this.strongEnabledAny(v, flag)) rest.push(v);
      for (const l of a.untaken!) flag[l] = 0;
      if (rest.length) for (const sub of this.scc.components(rest, this.member, this.mark(rest))) work.push(sub);
    }
    return best;
  }

  private strongEnabledAny(v: number, flag: Uint8Array): boolean {
    const { offsets, label, fair } = this.g;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) if (fair[e] === STRONG && flag[label[e]]) return true;
    return false;
  }

  /** Whether a (weakly or strongly) fair action with label `l` is enabled in state v. */
  private enabled(v: number, l: number): boolean {
    const { offsets, label, fair } = this.g;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) if (label[e] === l && fair[e] !== NONE) return true;
    return false;
  }

  /** The fairness of a component (a set of states that is strongly connected and has a cycle). */
  analyse(c: Int32Array): Analysis {
    const { offsets, succ, label, fair } = this.g;
    const t = this.mark(c);
    const { weakCount, strongAny, takenIn, lastState, member } = this;
    const touched: number[] = [];
    const touch = (l: number) => {
      if (this.flag[l]) return;
      this.flag[l] = 1;
      touched.push(l);
    };
    for (let i = 0; i < c.length; i++) {
      const u = c[i];
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const l = label[e];
        if (member[succ[e]] === t && !takenIn[l]) {
          takenIn[l] = 1;
          touch(l);
        }
        const f = fair[e];
        if (f === NONE) continue;
        touch(l);
        if (lastState[l] !== u) {
          lastState[l] = u;
          weakCount[l]++;
        }
        if (f === STRONG) strongAny[l] = 1;
      }
    }
    const size = c.length;
    let weakBad = false;
    const untaken: number[] = [];
    const required: number[] = [];
    const taken = new Set<number>();
    for (const l of touched) {
      const everywhere = weakCount[l] === size;
      if (takenIn[l]) {
        taken.add(l);
        if (everywhere || strongAny[l]) required.push(l);
      } else if (everywhere) weakBad = true;
      else if (strongAny[l]) untaken.push(l);
      weakCount[l] = 0;
      strongAny[l] = 0;
      takenIn[l] = 0;
      lastState[l] = -1;
      this.flag[l] = 0;
    }
    if (weakBad) return { verdict: 'weak-unfair' };
    if (untaken.length) return { verdict: 'strong-unfair', untaken };
    return { verdict: 'fair', required, taken };
  }

  /**
   * A fair cycle through `entry` inside the fair component `c`, as a list of edge ids: it takes
   * every required action and leaves no weakly fair action enabled all along it untaken.
   */
  lasso(c: Int32Array, entry: number, a: Analysis): number[] {
    const { offsets, label, fair } = this.g;
    const take = new Set(a.required);
    const avoid = new Set<number>();
    for (let round = 0; ; round++) {
      const t = this.mark(c);
      const cycle = this.cycle(t, entry, take, avoid);
      // which weakly fair actions are enabled in every state of the cycle and never taken on it?
      const states = new Set<number>(cycle.map((e) => this.sourceOf(e)));
      const onCycle = new Set<number>(cycle.map((e) => label[e]));
      const count = new Map<number, number>();
      for (const u of states) {
        const here = new Set<number>();
        for (let e = offsets[u]; e < offsets[u + 1]; e++) if (fair[e] !== NONE) here.add(label[e]);
        for (const l of here) count.set(l, (count.get(l) ?? 0) + 1);
      }
      let grew = false;
      for (const [l, k] of count) {
        if (k !== states.size || onCycle.has(l)) continue;
        if (a.taken!.has(l)) {
          if (!take.has(l)) (take.add(l), (grew = true));
        } else if (!avoid.has(l)) (avoid.add(l), (grew = true));
      }
      if (!grew || round > this.g.labels.length) return cycle;
    }
  }

  private sourceOf(e: number): number {
    // offsets is sorted: binary search for the state whose edge range holds e
    const o = this.g.offsets;
    let lo = 0, hi = this.g.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid] <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Greedy: from the entry, go to the nearest state that serves a pending requirement, until none is left; then back to the entry. */
  private cycle(t: number, entry: number, take: Set<number>, avoid: Set<number>): number[] {
    const { offsets, succ, label } = this.g;
    const pendingTake = new Set(take);
    const pendingAvoid = new Set(avoid);
    const edges: number[] = [];
    const visit = (u: number) => {
      for (const l of pendingAvoid) if (!this.enabled(u, l)) pendingAvoid.delete(l);
    };
    const walk = (segment: number[]) => {
      for (const e of segment) {
        edges.push(e);
        pendingTake.delete(label[e]);
        visit(succ[e]);
      }
    };
    visit(entry);
    let cur = entry;
    while (pendingTake.size || pendingAvoid.size) {
      const segment = this.path(t, cur, true, (u) => {
        for (let e = offsets[u]; e < offsets[u + 1]; e++) if (this.member[succ[e]] === t && pendingTake.has(label[e])) return e;
        for (const l of pendingAvoid) if (!this.enabled(u, l)) return -1;
        return -2;
      });
      if (!segment) break; // cannot happen in a strongly connected component
      walk(segment);
      if (segment.length) cur = succ[segment[segment.length - 1]];
    }
    if (cur !== entry || edges.length === 0) walk(this.path(t, cur, edges.length > 0, (u) => (u === entry ? -1 : -2)) ?? []);
    return edges;
  }

  /**
   * A shortest path inside the component from `from` to the first state where `target`
   * returns -1 (the state itself) or an edge id (that edge is appended); -2: not a target.
   * Without `allowEmpty`, the path has at least one edge (for a cycle back to `from`).
   */
  private path(t: number, from: number, allowEmpty: boolean, target: (u: number) => number): number[] | undefined {
    const { offsets, succ } = this.g;
    const { prevEdge, seen, member } = this;
    const stamp = ++this.bfsStamp;
    const queue: number[] = [];
    if (allowEmpty) {
      const r = target(from);
      if (r !== -2) return r >= 0 ? [r] : [];
      seen[from] = stamp;
      queue.push(from);
    } else {
      for (let e = offsets[from]; e < offsets[from + 1]; e++) {
        const w = succ[e];
        if (member[w] !== t || seen[w] === stamp) continue;
        seen[w] = stamp;
        prevEdge[w] = e;
        queue.push(w);
      }
      // the seeds are one step away: test them as they are dequeued
      for (let h = 0; h < queue.length; h++) {
        const u = queue[h];
        const r = target(u);
        if (r !== -2) return this.trace(from, u, r);
        for (let e = offsets[u]; e < offsets[u + 1]; e++) {
          const w = succ[e];
          if (member[w] !== t || seen[w] === stamp) continue;
          seen[w] = stamp;
          prevEdge[w] = e;
          queue.push(w);
        }
      }
      return undefined;
    }
    for (let h = 0; h < queue.length; h++) {
      const u = queue[h];
      if (h > 0) {
        const r = target(u);
        if (r !== -2) return this.trace(from, u, r);
      }
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const w = succ[e];
        if (member[w] !== t || seen[w] === stamp) continue;
        seen[w] = stamp;
        prevEdge[w] = e;
        queue.push(w);
      }
    }
    return undefined;
  }

  /** The edges from `from` to `u` along prevEdge (at least one when u === from), then `last` if it is an edge. */
  private trace(from: number, u: number, last: number): number[] {
    const out: number[] = [];
    if (last >= 0) out.push(last);
    let v = u;
    do {
      const e = this.prevEdge[v];
      out.push(e);
      v = this.sourceOf(e);
    } while (v !== from);
    return out.reverse();
  }
}
