/**
 * The kernel's only interface, in the shape of TLA+'s Init/Next and Stateright's Model.
 * Anything that implements it can be explored by every strategy.
 */
export interface Model<S, A = unknown> {
  readonly name: string;
  /** The initial states. */
  initialStates(): readonly S[];
  /**
   * The actions enabled in a state, in a deterministic order (traces are rebuilt by
   * re-running the same choices, and random search shrinks choices toward index 0:
   * put the boring default first).
   */
  actions(state: S): readonly A[];
  /** The successor of a state under an enabled action; null when the action turns out to be a no-op that should not count as a step. */
  next(state: S, action: A): S | null;
  /** A readable label of an action, e.g. `TMCommit` or `deliver p0->p1 DATA(m1)`. */
  label(action: A): string;
  /** A short name for the kind of an action (coverage is counted per kind); default: the label's first word. */
  actionKind?(action: A): string;
  /** Safety properties checked in every reached state. */
  readonly invariants: readonly Invariant<S>[];
  /** The state's variables as a flat record, for traces that show which variables changed. Default: the state itself when it is a plain object. */
  variables?(state: S): Record<string, unknown>;
  /**
   * The value whose fingerprint identifies the state. Default: the state. A model uses it to
   * leave out derived data, or to canonicalise symmetric states.
   */
  canonical?(state: S): unknown;
  /**
   * Writes the fingerprint of a state (or of what `canonical` made of it) into the kernel's
   * `fp`. Default: the generic fingerprint of plain data. A model whose states share most of
   * their parts with their predecessors can hash each part once and combine the parts' hashes.
   * Equal values must get equal fingerprints; `hashState` (state-hash.ts) is how the kernel calls it.
   */
  hash?(value: unknown): void;
  /**
   * Under a symmetry reduction: how many states the class of `state` holds (itself and its
   * renamings; undefined if unknown). The search sums them to report how many states the
   * reduced ones stand for.
   */
  orbitSize?(state: S): number | undefined;
  /**
   * Monte Carlo runs start (true) or end (false): states are neither fingerprinted nor
   * revisited meanwhile, so a model may stop keeping what serves only revisits and
   * fingerprints (the system model: a link from each state to its parent, through which a run's
   * states all stay reachable from its last one; handlers' memoised effects). The states and
   * their fingerprints are the same either way.
   */
  sampling?(on: boolean): void;
  /**
   * Partial-order reduction (sleep sets, `check: { por: true }`): whether actions `a` and `b`,
   * both enabled in `state`, are independent there: each stays enabled after the other is
   * taken, and taking them in either order leads to the same state (the same fingerprint).
   * Symmetric in `a` and `b`. Answer false when unsure: a wrong `true` makes the search miss
   * states, a wrong `false` only costs time. Sleep sets carry actions from a state to its
   * successors, so they are matched by `actionKey`.
   */
  independent?(state: S, a: A, b: A): boolean;
  /**
   * The identity of an action across states, for partial-order reduction: an action `b`
   * independent of `a` in `s` must have the same key in `next(s, a)`. Default: the label.
   * Actions that share a key with another enabled action of the same state are never put
   * to sleep.
   */
  actionKey?(action: A): string;
  /**
   * For the state-reducing partial-order reduction of depth-first search (dpor.ts, `por` with
   * `dfs`): the processes (numbered from 0, as `processes()`; shared objects numbered after
   * them) whose state an action reads or writes, or null for one that reads or writes
   * everything (a partition). Actions with disjoint footprints must be independent as
   * `independent` says, in every state; and an action that makes impossible a step that
   * others would enable later (a crash: what is sent to it afterwards is never delivered)
   * must touch what those others touch, or everything: dpor finds races between steps taken,
   * and never sees one that was prevented. A footprint may be larger than needed (that costs
   * states, not soundness).
   */
  footprint?(action: A): readonly number[] | null;
  /**
   * For dpor: whether the step from `before` to `after` changed what the invariants read (the
   * system: a history or who is down). Such steps count as touching one more shared object,
   * so their orders are all explored and every value the invariants can read is judged.
   * Absent: every step does.
   */
  observes?(before: S, after: S): boolean;
  /**
   * Why what the search checked so far does not allow dpor's reduction, or undefined (the
   * system: a safety property read a process state, which `observes` does not cover). Asked
   * when the search ends; a reason makes it run again without the reduction.
   */
  reductionUnsound?(): string | undefined;
  /** Liveness properties, judged over the explored graph under the model's fairness. */
  readonly liveness?: readonly LivenessProperty<S>[];
  /** The fairness of an action: weak (eventually taken if continuously enabled), strong (if enabled infinitely often), or none. */
  fairness?(state: S, action: A): Fairness;
  /** The fairness assumptions in words, for reports ("every message between live processes is eventually delivered", ...). */
  fairnessAssumptions?(): string;
  /** What a step does, for traces and message sequence charts (which process acts, what it receives, sends and indicates). */
  stepInfo?(state: S, action: A): StepInfo;
  /**
   * A branch of a random step: its probability among the branches of that step, and the step
   * (a name shared by the branches). Random runs pick a step as their walk says, then a branch
   * by its probability; an exhaustive search explores every branch. Undefined for other actions.
   */
  chance?(state: S, action: A): { step: string; p: number } | undefined;
  /**
   * For sampling runs of a model with random branches without listing them (a step with many
   * outcomes, such as picking 3 of 49 peers): the enabled steps, each once, and `sample`, the
   * successor under a step with its outcomes drawn from `random` (uniform numbers in [0, 1)).
   * Monte Carlo estimates use them when the model has both.
   */
  steps?(state: S): readonly A[];
  sample?(state: S, step: A, random: () => number): S | null;
  /**
   * One of `steps(state)` picked uniformly, without listing them: the one
   * `steps(state)[Math.floor(random() * count)]` is (undefined when none is enabled). Estimates
   * use it when the model has it and rates no step.
   */
  pickStep?(state: S, random: () => number): A | undefined;
  /**
   * The rate of a step in random runs, estimates and exact values: the probability that the
   * scheduler takes this step (churn: a process leaves), or undefined for a step taken
   * uniformly. The scheduler takes a rated step with its rate, and otherwise (1 − the sum of
   * the enabled rates) a step uniformly among the unrated ones; a state in which only rated
   * steps are enabled ends the run (the system has nothing left to do but, say, churn). Every
   * branch of a rated random step answers the step's rate. Exhaustive searches ignore it.
   */
  rate?(state: S, action: A): number | undefined;
  /** The processes, for message sequence charts: one lane each. */
  processes?(): readonly ProcessInfo[];
}

export interface ProcessInfo {
  id: number;
  name: string;
  role?: string;
}

/** A step as a message sequence chart draws it. */
export interface StepInfo {
  /** The process that takes the step (none for network or adversary steps such as a partition). */
  process?: number;
  /** deliver, request, timer, crash, recover, drop, duplicate, partition, heal, detect, ... */
  kind: string;
  received?: { from: number; message: unknown };
  sent?: { to: number; message: unknown }[];
  indications?: unknown[];
  request?: unknown;
  /** The outcomes of the step's random choices, in words (a protocol's own randomness). */
  chose?: string;
}

/**
 * An error raised by a model with a known meaning: `property` names what went wrong
 * (e.g. `handler-threw`, `nondeterministic-handler`) and `exitCode` says whether it is a
 * finding about the protocol (1) or a model that cannot be checked as written (2).
 */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly property: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export type Fairness = 'none' | 'weak' | 'strong';

export interface Invariant<S> {
  readonly name: string;
  readonly description?: string;
  /** Returns null when the invariant holds, otherwise a message that says what is wrong. */
  check(state: S): string | null;
}

/**
 * A liveness property in its state form: `settled(s)` is null when a run that stays in `s`'s
 * neighbourhood forever (a fair cycle through `s`, or a quiescent `s`) is acceptable, and a
 * message otherwise. Properties over a monotone history (delivered, decided) have this form.
 */
export interface LivenessProperty<S> {
  readonly name: string;
  readonly description?: string;
  settled(state: S): string | null;
  /**
   * false (default): the goal must be reached again and again (always eventually settled): a
   * fair cycle on which it never holds violates it. true: once reached for good it must hold
   * forever after (eventually always settled), as eventual accuracy or eventual leadership
   * say: a fair cycle that passes through any unsettled state violates it.
   */
  readonly eventuallyAlways?: boolean;
}

/** A convenience for hand-written models: an invariant from a predicate. */
export function invariant<S>(name: string, holds: (s: S) => boolean, explain?: (s: S) => string): Invariant<S> {
  return {
    name,
    check: (s) => (holds(s) ? null : explain ? explain(s) : `${name} does not hold`),
  };
}
