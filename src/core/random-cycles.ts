/**
 * Liveness on a random walk: the graph of one run (the states it visited, by fingerprint, and
 * the steps it took between them), judged by the exhaustive check's own code.
 *
 * A walk that comes back to a state it visited, by a step it had not taken before, may have
 * closed a new cycle. The strongly connected component of the run's graph through that state
 * is then expanded a little: every fairly enabled action of its states that the walk did not
 * take is probed (its successor computed once per run), so that a fair action the walk
 * skipped but that stays inside the component (a stutter, a shortcut) counts as taken, as it
 * does in the exhaustive graph; the actions that are not probed (unfair ones) lead outside.
 * That small graph goes to liveness.ts's FairCycles (Emerson–Lei, the weak and strong rules
 * by action label, and the construction of a fair loop through the component's earliest
 * state). A fair component in which a liveness property is unsettled in every state is a
 * counterexample: a lasso whose prefix is the walk up to that state.
 *
 * Every judgement errs on one side: an action not probed is taken to be enabled and to lead
 * away, an edge to a state outside the component is not followed, so the check may miss a
 * fair cycle but never reports an unfair one. The same probes decide quiescence as the
 * exhaustive search does: a state where no fair action leads to another state.
 */
import { hashState } from './state-hash.ts';
import { fp } from './fingerprint.ts';
import { FairCycles } from './liveness.ts';
import { NONE, STRONG, WEAK, type StateGraph } from './graph.ts';
import type { Model } from './model.ts';
import { isFinding, settledJudgement, staysForever, type Finding, type Violation } from './verdict.ts';
import { VisitedSet } from './visited.ts';

/** What the fair-cycle check of a random search did, over all its runs. */
export interface CycleStats {
  /** Steps that came back to a state of the same run along a step not taken before. */
  closed: number;
  /** Of those, the ones whose component was judged (a liveness property unsettled where the walk came back). */
  judged: number;
  /** Successors computed beside the walk's own steps (fair actions the walk did not take). */
  probes: number;
}

interface Node<S, A> {
  state: S;
  key: string;
  /** The run's step at which the walk first reached this state. */
  step: number;
  actions?: readonly A[];
  /** The walk's steps from here: action index → node. */
  walked: Map<number, number>;
  /** Actions the walk found to lead nowhere from here (no successor, or this state again). */
  idle?: Set<number>;
  /** Per action, once judged: fairness code, label, and for probed fair actions the successor's key (or null: no step). */
  fair?: Uint8Array;
  labels?: string[];
  probed?: (string | null | undefined)[];
  /** Per liveness property: undefined until judged, null when settled, else the message. */
  settled: (string | null | undefined)[];
}

const keyOf = (hi: number, lo: number) => `${hi}:${lo}`;

type Judgement = string | null | Finding;
const isError = isFinding;

/** The graph of the current run of a random search; `reset()` between runs. */
export class WalkGraph<S, A> {
  private nodes: Node<S, A>[] = [];
  private readonly byKey = new Map<string, number>();
  readonly stats: CycleStats = { closed: 0, judged: 0, probes: 0 };
  /** Whether this run's work counts in the stats (not while fast-check shrinks). */
  private counting = true;

  constructor(private readonly model: Model<S, A>) {}

  /** Starts a new run. */
  reset(counting: boolean): void {
    this.nodes = [];
    this.byKey.clear();
    this.counting = counting;
  }

  /** The node of a state the walk reached at `step` (its fingerprint is hi/lo); `fresh` when the run had not visited it. */
  visit(state: S, hi: number, lo: number, step: number): { id: number; fresh: boolean } {
    const key = keyOf(hi, lo);
    const known = this.byKey.get(key);
    if (known !== undefined) return { id: known, fresh: false };
    const id = this.nodes.length;
    this.nodes.push({ state, key, step, walked: new Map(), settled: [] });
    this.byKey.set(key, id);
    return { id, fresh: true };
  }

  /** Whether the walk has tried action i from a node: taken it, or found that it leads nowhere. */
  tried(id: number, i: number): boolean {
    const node = this.nodes[id];
    return node.walked.has(i) || node.idle?.has(i) === true;
  }

  /** The walk found that action i leads nowhere from a node (no successor, or a stutter). */
  idle(id: number, i: number): void {
    (this.nodes[id].idle ??= new Set()).add(i);
  }

  /** The actions enabled in a node's state, as the walk listed them. */
  setActions(id: number, actions: readonly A[]): void {
    this.nodes[id].actions ??= actions;
  }

  /**
   * Records the walk's step from `from` by action `choice` to `to`. When it closes a new
   * cycle, returns the lasso it proves (or an error a liveness property threw); `path` is the
   * run's path up to `to`'s state.
   */
  step(from: number, choice: number, to: number, fresh: boolean, path: readonly number[]): Violation | undefined {
    const walked = this.nodes[from].walked;
    if (walked.has(choice)) return undefined;
    walked.set(choice, to);
    if (fresh) return undefined;
    if (this.counting) this.stats.closed++;
    return this.judgeCycle(to, path);
  }

  /**
   * Quiescence as the exhaustive search defines it: no fair action leads from this state to
   * another one. Returns the first property left unsettled there, with its message, or undefined.
   */
  quiescent(id: number, path: readonly number[]): Violation | undefined {
    const props = this.model.liveness ?? [];
    const node = this.nodes[id];
    let unsettled: { name: string; message: string } | undefined;
    for (let p = 0; p < props.length && !unsettled; p++) {
      const r = this.settled(node, p);
      if (isError(r)) return { ...r, path: path.slice() };
      if (r !== null) unsettled = { name: props[p].name, message: r };
    }
    if (!unsettled) return undefined;
    this.expand(node);
    let anyFair = false;
    for (let i = 0; i < node.fair!.length; i++) {
      if (node.fair![i] === NONE) continue;
      anyFair = true;
      const target = this.successorKey(node, i);
      if (target !== null && target !== node.key) return undefined;
    }
    return { ...staysForever(unsettled.name, unsettled.message, anyFair), path: path.slice(), loopStart: path.length - 1 };
  }

  /** null when settled, the message when not, a violation when the property threw. */
  private settled(node: Node<S, A>, p: number): Judgement {
    const known = node.settled[p];
    if (known !== undefined) return known;
    const r = settledJudgement(this.model.liveness![p], node.state);
    if (!isFinding(r)) node.settled[p] = r;
    return r;
  }

  /** Fairness and labels of a node's actions (the actions must have been listed). */
  private expand(node: Node<S, A>): void {
    if (node.fair) return;
    const model = this.model;
    const actions = node.actions ?? [];
    const fair = new Uint8Array(actions.length);
    const labels: string[] = [];
    for (let i = 0; i < actions.length; i++) {
      const f = model.fairness ? model.fairness(node.state, actions[i]) : 'weak';
      fair[i] = f === 'strong' ? STRONG : f === 'weak' ? WEAK : NONE;
      labels.push(model.label(actions[i]));
    }
    node.fair = fair;
    node.labels = labels;
    node.probed = new Array(actions.length);
  }

  /** The key of the successor of a node's action i, computed once per run (null: no successor, or the model threw). */
  private successorKey(node: Node<S, A>, i: number): string | null {
    const walkedTo = node.walked.get(i);
    if (walkedTo !== undefined) return this.nodes[walkedTo].key;
    const known = node.probed![i];
    if (known !== undefined) return known;
    if (this.counting) this.stats.probes++;
    let key: string | null = null;
    try {
      const next = this.model.next(node.state, node.actions![i]);
      if (next !== null) {
        hashState(this.model, next);
        key = keyOf(fp.hi, fp.lo);
      }
    } catch {
      // a successor that throws is the walk's business when it takes it; for the cycle check it leads nowhere
      key = null;
    }
    return (node.probed![i] = key);
  }

  /** The strongly connected component of the run's walked steps through node v, in visit order. */
  private walkedComponent(v: number): number[] {
    const n = this.nodes.length;
    const forward = new Uint8Array(n);
    const stack = [v];
    forward[v] = 1;
    while (stack.length) {
      for (const w of this.nodes[stack.pop()!].walked.values()) if (!forward[w]) (forward[w] = 1), stack.push(w);
    }
    const into: number[][] = Array.from({ length: n }, () => []);
    for (let u = 0; u < n; u++) for (const w of this.nodes[u].walked.values()) into[w].push(u);
    const backward = new Uint8Array(n);
    backward[v] = 1;
    stack.push(v);
    while (stack.length) {
      for (const u of into[stack.pop()!]) if (!backward[u]) (backward[u] = 1), stack.push(u);
    }
    const out: number[] = [];
    for (let u = 0; u < n; u++) if (forward[u] && backward[u]) out.push(u);
    return out;
  }

  private judgeCycle(v: number, path: readonly number[]): Violation | undefined {
    const props = this.model.liveness ?? [];
    const target = this.nodes[v];
    const open: number[] = [];
    for (let p = 0; p < props.length; p++) {
      const r = this.settled(target, p);
      if (isError(r)) return { ...r, path: path.slice() };
      // a new cycle goes through v: it violates an always-eventually property only if that is unsettled at v
      if (r !== null || props[p].eventuallyAlways) open.push(p);
    }
    if (open.length === 0) return undefined;
    if (this.counting) this.stats.judged++;
    const members = this.walkedComponent(v);
    const local = new Map<string, number>();
    members.forEach((u, i) => local.set(this.nodes[u].key, i));
    for (const u of members) this.expand(this.nodes[u]);
    const graph = this.componentGraph(members, local);
    const cycles = new FairCycles(graph);
    const all = new Uint8Array(members.length + 1).fill(1, 0, members.length);
    for (const p of open) {
      const unsettled = new Uint8Array(members.length + 1);
      for (let i = 0; i < members.length; i++) {
        const r = this.settled(this.nodes[members[i]], p);
        if (isError(r)) return { ...r, path: this.pathTo(members[i], path) };
        if (r !== null) unsettled[i] = 1;
      }
      // as checkLiveness: always-eventually stays among unsettled states; eventually-always passes through one
      const bad = props[p].eventuallyAlways ? cycles.badComponent(all, unsettled) : cycles.badComponent(unsettled);
      if (!bad) continue;
      const entry = bad.witness;
      let loop: number[] | undefined;
      try {
        loop = this.replayLoop(members, graph, cycles.lasso(bad.component, entry, bad.analysis));
      } catch {
        loop = undefined; // the model threw on a step it had taken before: not a loop we can vouch for
      }
      if (!loop) continue;
      const node = this.nodes[members[entry]];
      const prefix = this.pathTo(members[entry], path);
      return { property: props[p].name, kind: 'liveness', message: node.settled[p]!, path: [...prefix, ...loop], loopStart: prefix.length - 1 };
    }
    return undefined;
  }

  /** The run's path to the step at which it first reached node u (`path` reaches the current state). */
  private pathTo(u: number, path: readonly number[]): number[] {
    return path.slice(0, this.nodes[u].step + 1);
  }

  /**
   * The component as a StateGraph for FairCycles: its states (local ids in visit order), then
   * one state that stands for everywhere else. Edges: the walked steps, the probed fair
   * actions (inside or out), and the other actions, taken to lead out.
   */
  private componentGraph(members: number[], local: Map<string, number>): StateGraph {
    const outside = members.length;
    const offsets: number[] = [];
    const succ: number[] = [];
    const label: number[] = [];
    const fair: number[] = [];
    const choice: number[] = [];
    const labelIds = new Map<string, number>();
    const labels: string[] = [];
    for (const u of members) {
      offsets.push(succ.length);
      const node = this.nodes[u];
      for (let i = 0; i < node.fair!.length; i++) {
        let to = outside;
        if (node.walked.has(i) || node.fair![i] !== NONE) {
          const key = this.successorKey(node, i);
          if (key === null) continue; // not a step: not enabled
          to = local.get(key) ?? outside;
        }
        const text = node.labels![i];
        let l = labelIds.get(text);
        if (l === undefined) labelIds.set(text, (l = labels.length)), labels.push(text);
        succ.push(to);
        label.push(l);
        fair.push(node.fair![i]);
        choice.push(i);
      }
    }
    offsets.push(succ.length, succ.length);
    return {
      n: outside + 1,
      offsets: Int32Array.from(offsets),
      succ: Int32Array.from(succ),
      label: Int32Array.from(label),
      fair: Uint8Array.from(fair),
      choice: Uint32Array.from(choice),
      labels,
      unsettled: [],
      visited: new VisitedSet(1),
    };
  }

  /**
   * The loop's choices, re-run from the entry's state, each step checked against the state the
   * component says it reaches. A state reached again may differ from the one the walk first
   * saw under the model's canonical form: the action is then looked for by its index, then by
   * its label. Undefined when neither reaches the right state.
   */
  private replayLoop(members: number[], g: StateGraph, edges: number[]): number[] | undefined {
    if (edges.length === 0) return undefined;
    const model = this.model;
    let state = this.nodes[members[sourceOf(g, edges[0])]].state;
    const out: number[] = [];
    for (const e of edges) {
      const from = this.nodes[members[sourceOf(g, e)]];
      const to = this.nodes[members[g.succ[e]]];
      const actions = state === from.state ? from.actions! : model.actions(state);
      const attempt = (i: number): { i: number; next: S } | undefined => {
        if (i < 0 || i >= actions.length) return undefined;
        const next = model.next(state, actions[i]);
        if (next === null) return undefined;
        hashState(model, next);
        return keyOf(fp.hi, fp.lo) === to.key ? { i, next } : undefined;
      };
      const step = attempt(g.choice[e]) ?? attempt(actions.findIndex((a) => model.label(a) === g.labels[g.label[e]]));
      if (!step) return undefined;
      out.push(step.i);
      state = step.next;
    }
    return out;
  }
}

/** The state whose edge range holds edge e. */
function sourceOf(g: StateGraph, e: number): number {
  let lo = 0, hi = g.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.offsets[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
