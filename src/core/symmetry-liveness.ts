/**
 * Liveness under a symmetry reduction, soundly: fair cycles judged on the quotient graph, each
 * of its components lifted back to the model's own states before fairness is read.
 *
 * Why not judge fairness on the quotient directly (TLC's symmetry is unsound for liveness for
 * this reason): fairness is per action, and an action's identity is its label, which names
 * processes. Along a cycle of the quotient the representatives are renamed at every step, so
 * "the delivery p1→p2 is enabled in every state of the cycle" may be, in the run the cycle
 * stands for, p1→p2 here and p2→p1 there: a weakly fair action of the run may never be
 * continuously enabled, or one that looks taken is not. The quotient cannot tell.
 *
 * What is exact on the quotient is which states are unsettled (the properties are symmetric:
 * the same promise the safety reduction rests on) and its strongly connected components: a
 * cycle of the model maps to a closed walk of the quotient, so every fair cycle of the model
 * lies in the lift of one component C of the quotient restricted to the unsettled states (for
 * an eventually-always property: of the whole quotient). And the lift of C is small to search:
 * take one state m of the model in C (the member the search reached first; every quotient
 * state is such a real state) and explore the model itself from m, keeping the states whose
 * canonical form is in C. That exploration is exactly the component D of m in the model:
 * a step inside C from a renamed copy π(x) of a state x ∈ D leads, after repeating the same
 * renamed steps ord(π) times, back to x, so what m reaches in C it can come back from. Every
 * other component of the model over C is a renaming of D (the reachable graph, the fairness of
 * each action and the properties are closed under renaming), so D has a fair cycle if and
 * only if one of them has. The existing Emerson–Lei check then runs on D with exact labels,
 * exact fairness and exact enabledness (edges that leave D are kept, to a sink, so that an
 * action enabled in a state counts as enabled even where it leaves the component).
 *
 * This needs a canonical form that is the same for every renaming of a state (exact: one
 * class per orbit), which the safety reduction does not: with an inexact form (several symmetry
 * groups canonicalised one after the other, more ties than the canonicaliser tries, a list kept
 * sorted by pid but not declared in `pidSets`) a real step may lead to a renaming whose form
 * lies outside the component, and a fair cycle could be cut. runSpec uses this check for one
 * group only; here, a real state whose form the quotient never met (a sure sign of an inexact
 * form) makes the check start again on the model without the reduction (`inexact` in the
 * figures). An inexact form that only splits classes the quotient did meet is not detected.
 *
 * Cost: the quotient, plus the lifted components (at most the group's order times their size,
 * usually far less). A component with no unsettled state is never lifted. Soundness rests on
 * the reduction's own promise (renaming maps reachable states to reachable states, actions to
 * actions with the same fairness, each property to itself); a counterexample is always a real
 * run of the model (its states and choices are the model's own), whatever the promise.
 */
import type { Model } from './model.ts';
import { rebuildPath } from './path.ts';
import { buildGraph, NONE, SccFinder, STRONG, WEAK, type GraphBuild, type GraphLimits, type StateGraph } from './graph.ts';
import { checkLiveness, FairCycles, stopOutcome, type LivenessResult, type LivenessStats } from './liveness.ts';
import { hashCanonical, hashState } from './state-hash.ts';
import { fp } from './fingerprint.ts';
import { VisitedSet } from './visited.ts';
import { isFinding, modelErrorFinding, settledJudgement, type Violation } from './verdict.ts';
import { memoryLimit, statesLimit, timeLimit, type Limit } from './limits.ts';

/** A lifted component: the model's own states over a component of the quotient, as a graph FairCycles can read. */
interface Lift {
  graph: StateGraph;
  /** The number of the model's states in it (the graph has one more: the sink of the edges that leave). */
  size: number;
  /** An error or a limit met while lifting. */
  stop?: { limit: Limit } | { violation: Omit<Violation, 'path'>; at: number } | { inexact: true };
}

const DURING = ' while lifting a component of the symmetry quotient for liveness';

/**
 * The fair-cycle check of a model whose `canonical` is a symmetry reduction: the same verdict
 * as `checkLiveness` on the model without it, on the quotient plus the lifts of its components.
 */
export function checkLivenessUpToSymmetry<S, A>(model: Model<S, A>, options: GraphLimits = {}, kept?: GraphBuild): LivenessResult {
  const start = performance.now();
  const props = model.liveness ?? [];
  // the quotient's graph: the one the search kept (bfs.ts, bfsKeepingGraph with `quotient`), or built now
  const built = kept ?? buildGraph(model, options);
  const g = built.graph;
  const stats: LivenessStats = { states: g.visited.size, edges: g.succ.length, actions: g.labels.length, quiescent: built.quiescent, unfolded: 0, components: 0, unfair: 0, timeMs: 0 };
  const done = (r: Omit<LivenessResult, 'stats'>): LivenessResult => ({ ...r, stats: { ...stats, timeMs: performance.now() - start } });
  const stopped = stopOutcome(built);
  if (stopped) return done(stopped);
  if (props.length === 0) return done({ verdict: 'ok' });

  const scc = new SccFinder(g);
  const member = new Int32Array(g.n);
  let token = 0;
  const budget = { states: g.visited.size };
  const first = (c: Int32Array) => c.reduce((m, u) => Math.min(m, u), g.n);
  const inC = new Int32Array(g.n);
  /** Whether every edge inside the component leads to exactly the state kept (no renamed copy): its lift is itself. */
  const isExact = (c: Int32Array, t: number) => {
    for (const u of c) for (let e = g.offsets[u]; e < g.offsets[u + 1]; e++) if (inC[g.succ[e]] === t && !g.exact![e]) return false;
    return true;
  };
  const quotientChecker = new FairCycles(g);
  const lifts = new Map<string, Lift>();
  const keys = new Map<Int32Array, string>();
  const keyOf = (c: Int32Array): string => {
    let k = keys.get(c);
    if (k === undefined) keys.set(c, (k = Array.from(c).sort((x, y) => x - y).join(',')));
    return k;
  };
  const lassoOf = (p: number, prefix: number[], cycleChoices: number[]): LivenessResult => {
    const path = [...prefix, ...cycleChoices];
    const loopStart = prefix.length - 1;
    let msg: string | null = null;
    try {
      const r = settledJudgement(props[p], rebuildPath(model, prefix).states[loopStart]);
      msg = isFinding(r) ? r.message : r;
    } catch {
      // the message only; the lasso stands
    }
    return done({ verdict: 'violation', violation: { property: props[p].name, kind: 'liveness', message: msg ?? `${props[p].name} is not settled`, path, loopStart } });
  };
  for (let p = 0; p < props.length; p++) {
    const persistent = props[p].eventuallyAlways === true;
    const unsettled = g.unsettled[p];
    const nodes: number[] = [];
    const inSet = ++token;
    for (let u = 0; u < g.n; u++) if (persistent || unsettled[u]) (nodes.push(u), (member[u] = inSet));
    // nearest an initial state first (ids are in breadth-first order): the first fair one gives the lasso
    const comps = scc
      .components(nodes, member, inSet)
      .filter((c) => !persistent || c.some((u) => unsettled[u] === 1))
      .sort((x, y) => first(x) - first(y));
    // the components whose lift is themselves are judged on the quotient, all at once
    const exact = new Uint8Array(g.n);
    const lifted: Int32Array[] = [];
    for (const c of comps) {
      const t = ++token;
      for (const u of c) inC[u] = t;
      if (isExact(c, t)) for (const u of c) exact[u] = 1;
      else lifted.push(c);
    }
    const quotientBad = quotientChecker.badComponent(exact, persistent ? unsettled : undefined);
    stats.components += quotientChecker.components;
    stats.unfair += quotientChecker.unfair;
    quotientChecker.components = quotientChecker.unfair = 0;
    const bound = quotientBad ? quotientBad.witness : g.n;
    // the real states the lifts start from, rebuilt along the search's tree once for all of them
    const starts = lifted.filter((c) => first(c) < bound);
    let members: Map<number, S>;
    try {
      members = membersOf(model, g.visited, starts.filter((c) => !lifts.has(keyOf(c))).map(first));
    } catch (err) {
      const at = (err as { at?: number }).at ?? 0;
      return done({ verdict: 'violation', violation: { ...modelErrorFinding((err as { cause?: unknown }).cause ?? err, -1), path: g.visited.pathTo(at) } });
    }
    for (const c of starts) {
      const t = ++token;
      for (const u of c) inC[u] = t;
      const m = first(c);
      const prefix = g.visited.pathTo(m);
      // two properties often share a component: its lift is the same graph (it records every property's settledness)
      const key = keyOf(c);
      let lift = lifts.get(key);
      if (!lift) {
        lift = liftComponent(model, g, (u) => inC[u] === t, m, members.get(m)!, options, budget, start);
        lifts.set(key, lift);
        stats.unfolded! += lift.size;
      }
      if (lift.stop && 'limit' in lift.stop) return done({ verdict: 'inconclusive', limit: lift.stop.limit });
      if (lift.stop && 'inexact' in lift.stop) return withoutReduction(model, options, start);
      const local = lift.graph;
      if (lift.stop) return done({ verdict: 'violation', violation: { ...lift.stop.violation, path: [...prefix, ...local.visited.pathTo(lift.stop.at).slice(1)] } });
      const checker = new FairCycles(local);
      const inD = new Uint8Array(local.n);
      const mustVisit = local.unsettled[p];
      for (let u = 0; u < lift.size; u++) inD[u] = persistent ? 1 : mustVisit[u];
      const bad = persistent ? checker.badComponent(inD, mustVisit) : checker.badComponent(inD);
      stats.components += checker.components;
      stats.unfair += checker.unfair;
      if (!bad) continue;
      const cycle = checker.lasso(bad.component, bad.witness, bad.analysis);
      return lassoOf(p, [...prefix, ...local.visited.pathTo(bad.witness).slice(1)], cycle.map((e) => local.choice[e]));
    }
    if (quotientBad) {
      const cycle = quotientChecker.lasso(quotientBad.component, quotientBad.witness, quotientBad.analysis);
      return lassoOf(p, g.visited.pathTo(quotientBad.witness), cycle.map((e) => g.choice[e]));
    }
  }
  return done({ verdict: 'ok' });
}

/**
 * Explores the model from `root`, keeping the states whose canonical form is one of the
 * quotient's states marked in `inC` (identified by the fingerprint of the state itself, not of
 * its canonical form). Edges to states outside go to a sink (the last node, with no edges).
 */
function liftComponent<S, A>(model: Model<S, A>, q: StateGraph, inC: (u: number) => boolean, rootId: number, root: S, limits: GraphLimits, budget: { states: number }, start: number): Lift {
  const props = model.liveness ?? [];
  const visited = new VisitedSet();
  const offsets: number[] = [];
  const succ: number[] = [], label: number[] = [], fair: number[] = [], choice: number[] = [];
  const unsettled: number[][] = props.map(() => []);
  const labelIds = new Map<string, number>();
  const labels: string[] = [];
  let stop: Lift['stop'];
  const judge = (s: S, id: number): boolean => {
    for (let p = 0; p < props.length; p++) {
      const r = settledJudgement(props[p], s);
      if (isFinding(r)) {
        stop = { violation: r, at: id };
        return false;
      }
      unsettled[p].push(r === null ? 0 : 1);
    }
    return true;
  };
  hashCanonical(model, root);
  visited.add(fp.hi, fp.lo, -1, 0);
  const queue: (S | undefined)[] = [root];
  judge(root, 0);
  for (let head = 0; !stop && head < queue.length; head++) {
    const state = queue[head] as S;
    queue[head] = undefined;
    offsets.push(succ.length);
    if (limits.maxStates !== undefined && budget.states + visited.size > limits.maxStates) {
      stop = { limit: statesLimit(budget.states + visited.size, limits.maxStates, DURING) };
      break;
    }
    if ((head & 1023) === 1023) {
      const ms = performance.now() - start;
      const limit = limits.timeLimitMs !== undefined && ms > limits.timeLimitMs ? timeLimit(ms, limits.timeLimitMs, DURING) : memoryLimit(process.memoryUsage.rss(), limits.maxMemoryMB, '', DURING);
      if (limit) {
        stop = { limit };
        break;
      }
    }
    let actions: readonly A[];
    try {
      actions = model.actions(state);
    } catch (err) {
      stop = { violation: modelErrorFinding(err, -1), at: head };
      break;
    }
    // the root is the state the quotient's graph expanded: its edges say where each action leads up to renaming
    let e = head === 0 ? q.offsets[rootId] : -1;
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i];
      let next: S | null = null;
      let f: number;
      let qid = -1;
      if (e >= 0) {
        if (e === q.offsets[rootId + 1] || q.choice[e] !== i) continue; // no successor (next was null)
        qid = q.succ[e++];
      }
      try {
        const fa = model.fairness ? model.fairness(state, a) : 'weak';
        f = fa === 'strong' ? STRONG : fa === 'weak' ? WEAK : NONE;
        if (qid < 0 || inC(qid)) next = model.next(state, a);
      } catch (err) {
        stop = { violation: modelErrorFinding(err, i), at: head };
        break;
      }
      if (qid < 0) {
        if (next === null) continue;
        hashState(model, next);
        qid = q.visited.find(fp.hi, fp.lo);
        // a real state whose form the quotient never met: the form is not the same for all renamings
        if (qid < 0) {
          stop = { inexact: true };
          break;
        }
      }
      let to = -1; // the sink, numbered once the lift is complete
      if (next !== null && qid >= 0 && inC(qid)) {
        hashCanonical(model, next);
        const id = visited.add(fp.hi, fp.lo, head, i);
        if (id >= 0) {
          queue.push(next);
          if (!judge(next, id)) break;
          to = id;
        } else to = visited.find(fp.hi, fp.lo);
      }
      const text = model.label(a);
      let l = labelIds.get(text);
      if (l === undefined) labelIds.set(text, (l = labels.push(text) - 1));
      succ.push(to);
      label.push(l);
      fair.push(f);
      choice.push(i);
    }
  }
  const size = visited.size;
  while (offsets.length <= size) offsets.push(succ.length); // the states not expanded (a stop), and the sink
  offsets.push(succ.length);
  const succs = Int32Array.from(succ, (v) => (v < 0 ? size : v));
  const graph: StateGraph = {
    n: size + 1,
    offsets: Int32Array.from(offsets),
    succ: succs,
    label: Int32Array.from(label),
    fair: Uint8Array.from(fair),
    choice: Uint32Array.from(choice),
    labels,
    unsettled: unsettled.map((u) => Uint8Array.from([...u, 0])),
    visited,
  };
  budget.states += size;
  return { graph, size, ...(stop ? { stop } : {}) };
}

/**
 * The states of the search's tree with the given ids, rebuilt by re-running the recorded
 * choices once per tree edge on the way to them (not once per path: a few hundred components
 * share most of their prefixes). An error carries the id of the state being expanded.
 */
function membersOf<S, A>(model: Model<S, A>, visited: VisitedSet, ids: readonly number[]): Map<number, S> {
  const out = new Map<number, S>();
  const wanted = new Set(ids);
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  const marked = new Set<number>();
  for (const id of wanted) {
    for (let v = id; v !== -1 && !marked.has(v); v = visited.parentOf(v)) {
      marked.add(v);
      const parent = visited.parentOf(v);
      if (parent === -1) roots.push(v);
      else {
        const list = children.get(parent);
        if (list) list.push(v);
        else children.set(parent, [v]);
      }
    }
  }
  const inits = model.initialStates();
  const stack: { id: number; state: S }[] = roots.map((id) => ({ id, state: inits[visited.choiceOf(id)] }));
  while (stack.length) {
    const { id, state } = stack.pop()!;
    if (wanted.has(id)) out.set(id, state);
    const kids = children.get(id);
    if (!kids) continue;
    let actions: readonly A[];
    try {
      actions = model.actions(state);
      for (const k of kids) {
        const next = model.next(state, actions[visited.choiceOf(k)]);
        if (next === null) throw new Error(`replaying the search's tree: an action produced no successor (is the model deterministic?)`);
        stack.push({ id: k, state: next });
      }
    } catch (err) {
      throw Object.assign(new Error('rebuild'), { at: id, cause: err });
    }
  }
  return out;
}

/**
 * The check on the model without its canonical form, when the form turned out not to be one per
 * class of renamings (see above): `inexact` says so in the figures.
 */
function withoutReduction<S, A>(model: Model<S, A>, options: GraphLimits, start: number): LivenessResult {
  const plain = Object.assign(Object.create(model) as Model<S, A>, { canonical: undefined, orbitSize: undefined });
  const remaining = options.timeLimitMs !== undefined ? { ...options, timeLimitMs: Math.max(1, options.timeLimitMs - (performance.now() - start)) } : options;
  const r = checkLiveness(plain, remaining);
  return { ...r, stats: { ...r.stats, inexact: true, timeMs: performance.now() - start } };
}
