/**
 * Shrinking a trace by delta debugging (Zeller's ddmin) over its action labels: remove chunks
 * of steps, re-run the rest from the initial state, skip any action that is no longer enabled,
 * and keep the candidate when the same property still fails (stopping where it first fails).
 * The result is 1-minimal: removing any single remaining step loses the violation.
 *
 * Safety, deadlock, error and quiescent-liveness traces shrink as a whole; a lasso keeps its
 * loop and shrinks the prefix that leads to it.
 */
import type { Model } from '../core/model.ts';
import { fairMove, fingerprintOf as fpOf, invariantJudgement, isDeadlocked, isFair, isFinding, loopJudgement, modelErrorFinding, sameError, settledJudgement, staysForever, unfairActions, type Finding, type Violation } from '../core/verdict.ts';
import { buildTrace, type TraceContext, type TraceFile } from './trace.ts';

export interface ShrinkResult {
  trace: TraceFile;
  /** Steps before and after. */
  before: number;
  after: number;
  /** Candidate executions tried. */
  executions: number;
}

interface Attempt {
  /** The labels actually taken, up to the violation. */
  taken: string[];
  violation: Violation;
}

/** Runs labels from an initial state, skipping what is not enabled, until the trace's property fails. */
function attempt<S, A>(model: Model<S, A>, initIndex: number, labels: readonly string[], trace: TraceFile, loop?: LoopSpec): Attempt | null {
  const { property, kind } = trace;
  const inits = model.initialStates();
  let s = inits[initIndex];
  if (s === undefined) return null;
  const path = [initIndex];
  const taken: string[] = [];
  const found = (message: string, extra: Partial<Violation> = {}): Attempt => ({ taken: taken.slice(), violation: { property, kind, message, path: path.slice(), ...extra } });
  const foundFinding = (f: Finding): Attempt => found(f.message, f.quiescent ? { loopStart: path.length - 1, quiescent: true } : {});

  const inv = kind === 'safety' || kind === 'error' ? model.invariants.find((x) => x.name === property) : undefined;
  const live = kind === 'liveness' || kind === 'error' ? model.liveness?.find((p) => p.name === property) : undefined;

  /** Checks the state for the property; returns an attempt when it fails here. */
  const here = (actions: readonly A[] | undefined): Attempt | null => {
    if (inv && (kind === 'safety' || kind === 'error')) {
      const f = invariantJudgement(inv, s);
      if (f?.kind === kind) return foundFinding(f);
    }
    if (live && kind === 'error') {
      const r = settledJudgement(live, s);
      if (isFinding(r)) return foundFinding(r);
    }
    if (actions === undefined) return null;
    if (kind === 'deadlock' && isDeadlocked(model, s, actions)) return found('deadlock: no action is enabled in this state');
    if (kind === 'liveness' && live && !loop && fairMove(model, s, actions) === undefined) {
      const r = settledJudgement(live, s);
      if (typeof r === 'string') return foundFinding(staysForever(property, r, actions.some((a) => isFair(model, s, a))));
    }
    return null;
  };

  const enabled = (): readonly A[] | Attempt | null => {
    try {
      return model.actions(s);
    } catch (err) {
      if (kind === 'error' && sameError(err, property)) return found(modelErrorFinding(err, -1).message);
      return null;
    }
  };

  let actions = enabled();
  if (actions === null || !Array.isArray(actions)) return actions as Attempt | null;
  let hit = here(actions as readonly A[]);
  if (hit) return hit;
  for (const label of labels) {
    const acts = actions as readonly A[];
    let moved = false;
    for (let i = 0; i < acts.length; i++) {
      if (model.label(acts[i]) !== label) continue;
      let next: S | null;
      try {
        next = model.next(s, acts[i]);
      } catch (err) {
        if (kind === 'error' && sameError(err, property)) return found(modelErrorFinding(err, i).message, { failingChoice: i });
        continue;
      }
      if (next === null) continue;
      s = next;
      path.push(i);
      taken.push(label);
      moved = true;
      break;
    }
    if (!moved) continue; // no longer enabled here: skip it
    actions = enabled();
    if (actions === null || !Array.isArray(actions)) return actions as Attempt | null;
    hit = here(actions as readonly A[]);
    if (hit) return hit;
  }
  if (loop && live) return closeLoop(model, s, path, taken, loop, live, trace);
  return null;
}

interface LoopSpec {
  /** The loop's labels, from the loop start back to it (the back edge included when the trace leaves it implicit). */
  labels: string[];
  /** Whether the recorded trace includes the closing step (state n = state L) or leaves it implicit. */
  closedInTrace: boolean;
}

/** After the prefix: the loop must run from here back to here with the property unsettled throughout. */
function closeLoop<S, A>(model: Model<S, A>, start: S, path: number[], taken: string[], loop: LoopSpec, live: NonNullable<Model<S, A>['liveness']>[number], trace: TraceFile): Attempt | null {
  const L = path.length - 1;
  const target = fpOf(model, start);
  let s = start;
  const loopPath: number[] = [];
  const loopStates: S[] = [];
  for (const label of loop.labels) {
    let acts: readonly A[];
    try {
      acts = model.actions(s);
    } catch {
      return null;
    }
    const i = acts.findIndex((a) => model.label(a) === label);
    if (i < 0) return null;
    let next: S | null;
    try {
      next = model.next(s, acts[i]);
    } catch {
      return null;
    }
    if (next === null) return null;
    s = next;
    loopPath.push(i);
    loopStates.push(s);
  }
  if (fpOf(model, s) !== target) return null;
  const judged = loopJudgement(live, loopStates);
  if (!judged.violated) return null;
  const first = judged.message;
  // the loop must stay fair: a weakly fair action enabled all along it must be taken in it
  if (unfairActions(model, loopStates, new Set(loop.labels)).length > 0) return null;
  const steps = loop.closedInTrace ? loopPath : loopPath.slice(0, -1);
  return {
    taken: taken.slice(),
    violation: { property: trace.property, kind: 'liveness', message: first ?? trace.message, path: [...path, ...steps], loopStart: L },
  };
}

/** ddmin over a list: tries removing chunks (complements), halving the chunk size when nothing goes. */
export function ddmin<T>(items: readonly T[], test: (candidate: T[]) => T[] | null): T[] {
  let cur = items.slice();
  let n = 2;
  while (cur.length >= 2) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let start = 0; start < cur.length; start += size) {
      const r = test([...cur.slice(0, start), ...cur.slice(start + size)]);
      if (r) {
        cur = r;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size === 1) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  if (cur.length === 1) {
    const r = test([]);
    if (r) cur = r;
  }
  return cur;
}

/**
 * Shrinks a trace that reproduces on the model (replay it first). Returns the smallest trace
 * found and how many executions it took; the trace is rebuilt with the given context.
 */
export function shrinkOnModel<S, A>(model: Model<S, A>, trace: TraceFile, context: TraceContext): ShrinkResult {
  const inits = model.initialStates();
  let initIndex = inits.findIndex((s) => fpOf(model, s) === trace.steps[0].fingerprint);
  if (initIndex < 0) initIndex = 0;
  const n = trace.steps.length - 1;
  let labels = trace.steps.slice(1).map((s) => s.action);
  let loop: LoopSpec | undefined;
  if (trace.kind === 'liveness' && trace.loopStart !== undefined && trace.loopStart < n) {
    const L = trace.loopStart;
    const closed = trace.steps[n].fingerprint === trace.steps[L].fingerprint;
    const loopLabels = labels.slice(L);
    if (!closed) {
      // find the implicit back edge by running the recorded steps
      const back = backEdge(model, initIndex, labels, trace.steps[L].fingerprint);
      if (back === undefined) throw new Error('the lasso does not close on this model (replay it first)');
      loopLabels.push(back);
    }
    loop = { labels: loopLabels, closedInTrace: closed };
    labels = labels.slice(0, L);
  }
  if (trace.kind === 'error' && trace.failingAction !== undefined) labels = [...labels, trace.failingAction];
  let executions = 0;
  let best: Attempt | null = null;
  const test = (cand: string[]): string[] | null => {
    executions++;
    const r = attempt(model, initIndex, cand, trace, loop);
    if (!r) return null;
    best = r;
    // an error's failing action is not a step of the path, but stays a label to try
    return r.violation.failingChoice !== undefined ? [...r.taken, trace.failingAction!] : r.taken;
  };
  const full = test(labels);
  if (!full) throw new Error('the trace does not reproduce on this model (replay it first)');
  ddmin(full, test);
  const result = best as unknown as Attempt;
  const shrunk = buildTrace(model, result.violation, { ...context, search: { ...context.search, shrunkFrom: n } });
  return { trace: shrunk, before: n, after: shrunk.steps.length - 1, executions };
}

function backEdge<S, A>(model: Model<S, A>, initIndex: number, labels: string[], target: string): string | undefined {
  let s = model.initialStates()[initIndex];
  for (const label of labels) {
    const a = model.actions(s).find((x) => model.label(x) === label);
    if (a === undefined) return undefined;
    const next = model.next(s, a);
    if (next === null) return undefined;
    s = next;
  }
  for (const a of model.actions(s)) {
    const next = model.next(s, a);
    if (next !== null && fpOf(model, next) === target) return model.label(a);
  }
  return undefined;
}
