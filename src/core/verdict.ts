/**
 * The verdict: what is wrong in one state, decided in one place. Every strategy (breadth- and
 * depth-first, sleep sets, worker threads, random search and its fair cycles, the liveness
 * graph), replay, shrink and ITF import call these functions, so a property that fails, a
 * property that throws, a quiescent state, a deadlock and an error of the model are judged
 * and worded the same way wherever they are found.
 */
import { stateHex } from './state-hash.ts';
import { ModelError, type Invariant, type LivenessProperty, type Model } from './model.ts';
import { UnserialisableStateError } from './fingerprint.ts';

export type ViolationKind = 'safety' | 'deadlock' | 'liveness' | 'error';

export interface Violation {
  property: string;
  kind: ViolationKind;
  message: string;
  /** The choices that lead from an initial state to the bad state (see VisitedSet.pathTo). */
  path: number[];
  /** For a lasso: the index in the rebuilt trace (0 = initial state) of the state the loop goes back to. */
  loopStart?: number;
  /** For an error raised while computing a successor: the index of the action that failed, taken from the last state of `path`. */
  failingChoice?: number;
  /** The error thrown by the model, if any. */
  cause?: unknown;
  /** For a liveness violation: the run ends in a state with nothing fair left to do (it stutters there forever). */
  quiescent?: boolean;
}

/** A violation before its path is known: what the checks below find in one state. */
export type Finding = Omit<Violation, 'path'>;

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One invariant in one state: undefined when it holds, a safety finding when not, an error finding when it throws. */
export function invariantJudgement<S>(inv: Invariant<S>, state: S): Finding | undefined {
  let msg: string | null;
  try {
    msg = inv.check(state);
  } catch (err) {
    return { property: inv.name, kind: 'error', message: `invariant ${inv.name} threw: ${errorText(err)}`, cause: err };
  }
  return msg === null ? undefined : { property: inv.name, kind: 'safety', message: msg };
}

/** The first invariant that does not hold in `state` (or throws), or undefined. */
export function invariantFinding<S>(model: Model<S, unknown>, state: S): Finding | undefined {
  for (const inv of model.invariants) {
    const f = invariantJudgement(inv, state);
    if (f) return f;
  }
  return undefined;
}

/** A liveness property in one state: null when settled, its message when not, an error finding when it throws. */
export function settledJudgement<S>(prop: LivenessProperty<S>, state: S): string | null | Finding {
  try {
    return prop.settled(state);
  } catch (err) {
    return { property: prop.name, kind: 'error', message: `liveness property ${prop.name} threw: ${errorText(err)}`, cause: err };
  }
}

export function isFinding(x: unknown): x is Finding {
  return x !== null && typeof x === 'object';
}

/**
 * A liveness property unsettled where a fair run stays forever: in a state where nothing
 * fair is enabled, or where every fair action leaves the state as it is (`stutters`).
 */
export function staysForever(property: string, unsettled: string, stutters: boolean): Finding {
  const why = stutters ? 'every enabled action leaves the state as it is: the run stays in this state forever' : 'nothing fair is left to do: the run can stay in this state forever';
  return { property, kind: 'liveness', message: `${unsettled} — and ${why}`, quiescent: true };
}

/** The first liveness property unsettled in a state where a fair run stays forever (or an error one throws). */
export function foreverFinding<S>(model: Model<S, unknown>, state: S, stutters: boolean): Finding | undefined {
  for (const p of model.liveness ?? []) {
    const r = settledJudgement(p, state);
    if (isFinding(r)) return r;
    if (r !== null) return staysForever(p.name, r, stutters);
  }
  return undefined;
}

/**
 * Whether a loop that a fair run repeats forever violates a liveness property: an "always
 * eventually" property must be unsettled in every state of the loop, an "eventually always"
 * one in some state of it. `at` is the index of the state that decided a non-violation (the
 * first settled one) or an error.
 */
export function loopJudgement<S>(prop: LivenessProperty<S>, loop: readonly S[]): { violated: true; message: string } | { violated: false; at: number; error?: Finding } {
  let first: string | undefined;
  for (let i = 0; i < loop.length; i++) {
    const r = settledJudgement(prop, loop[i]);
    if (isFinding(r)) return { violated: false, at: i, error: r };
    if (r === null) {
      if (!prop.eventuallyAlways) return { violated: false, at: i };
    } else if (first === undefined) {
      first = r;
      if (prop.eventuallyAlways) break;
    }
  }
  return first === undefined ? { violated: false, at: -1 } : { violated: true, message: first };
}

export function isFair<S, A>(model: Model<S, A>, s: S, a: A): boolean {
  return !model.fairness || model.fairness(s, a) !== 'none';
}

/**
 * Liveness in its simplest form: a state in which no fair action is enabled is where a fair
 * run may stay forever, so every liveness property must already be settled there.
 * Returns whether the state is quiescent (only counted for models with liveness properties)
 * and the first unsettled property there.
 */
export function quiescentFinding<S, A>(model: Model<S, A>, state: S, actions: readonly A[]): { quiescent: boolean; finding?: Finding } {
  if (!model.liveness?.length) return { quiescent: false };
  for (const a of actions) if (isFair(model, state, a)) return { quiescent: false };
  const finding = foreverFinding(model as Model<S, unknown>, state, false);
  return finding ? { quiescent: true, finding } : { quiescent: true };
}

/**
 * A fair action that moves a state somewhere else, if any: without one, a fair run stays in the
 * state forever (nothing fair is enabled, or every fair action leaves the state as it is).
 */
export function fairMove<S, A>(model: Model<S, A>, s: S, actions: readonly A[]): A | undefined {
  const here = fingerprintOf(model, s);
  for (const a of actions) {
    if (!isFair(model, s, a)) continue;
    let next: S | null;
    try {
      next = model.next(s, a);
    } catch {
      return a;
    }
    if (next !== null && fingerprintOf(model, next) !== here) return a;
  }
  return undefined;
}

/** Weakly fair actions enabled in every state of a loop but never taken in it (by label): the loop is not a fair run. */
export function unfairActions<S, A>(model: Model<S, A>, loop: readonly S[], taken: ReadonlySet<string>): string[] {
  if (!model.fairness || loop.length === 0) return [];
  let always: Set<string> | undefined;
  for (const s of loop) {
    const here = new Set<string>();
    try {
      for (const a of model.actions(s)) if (model.fairness(s, a) !== 'none') here.add(model.label(a));
    } catch {
      return [];
    }
    always = always ? new Set([...always].filter((x) => here.has(x))) : here;
  }
  return [...(always ?? [])].filter((l) => !taken.has(l));
}

/** Whether no enabled action has a successor (an action that throws counts as one: the error is reported on its own). */
export function isDeadlocked<S, A>(model: Model<S, A>, state: S, actions: readonly A[]): boolean {
  for (const a of actions) {
    try {
      if (model.next(state, a) !== null) return false;
    } catch {
      return false;
    }
  }
  return true;
}

export const deadlockFinding: Finding = { property: 'deadlock', kind: 'deadlock', message: 'deadlock: no action is enabled in this state' };

/** An error thrown by the model while expanding a state with action `choice` (-1: while listing actions). */
export function modelErrorFinding(err: unknown, choice: number): Finding {
  const failingChoice = choice < 0 ? undefined : choice;
  if (err instanceof UnserialisableStateError) {
    return { property: 'unserialisable-state', kind: 'error', message: `the model produced a successor that is not plain data: ${err.what} at ${err.path || '(root)'}`, failingChoice, cause: err };
  }
  const where = choice < 0 ? 'listing the enabled actions' : 'computing a successor';
  const known = err instanceof ModelError;
  return {
    property: known ? err.property : 'model-error',
    kind: 'error',
    message: known ? err.message : `the model threw while ${where}: ${errorText(err)}`,
    failingChoice,
    cause: err,
  };
}

/** Whether an error is the one a recorded error finding names (a ModelError by its property; anything else as model-error). */
export function sameError(err: unknown, property: string): boolean {
  return err instanceof ModelError ? err.property === property : property === 'model-error';
}

/** The fingerprint that identifies a state (its canonical form's, under a reduction). */
export function fingerprintOf<S>(model: Model<S, any>, s: S): string {
  return stateHex(model, s);
}
