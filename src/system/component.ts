/**
 * A component of the system model: the network, the partitions, the faults, the timing, the
 * failure detector, the workload, the history. Each owns some fields of the world and some
 * kinds of step, and says, for its own steps, what they do, how fair they are, how they read
 * in a trace and which other steps they commute with. `SystemModel` (system.ts) composes
 * them; a new network order, fault model, detector or timing model is one new component (or
 * channel discipline) plus its line in the registry (components.ts).
 */
import type { Fairness, StepInfo } from '../core/model.ts';
import type { SystemConfig } from './config.ts';
import type { Effects } from './handlers/context.ts';
import type { Ctx, Pid, ProtocolModule, RoleDef } from './protocol.ts';
import type { Envelope, Msg, SysAction, World } from './world.ts';

/**
 * Enabled actions are listed phase by phase, each phase through the components in registry
 * order: the processes' own steps first (the boring default of a schedule: deliver the next
 * message), then time and healing, then the adversary's moves. Random search shrinks toward
 * the first action, and traces are rebuilt by the index of an action, so the order is part of
 * the encoding.
 */
export type Phase = 'process' | 'environment' | 'adversary';
export const PHASES: readonly Phase[] = ['process', 'environment', 'adversary'];

/** How a process step calls the protocol's handler (the handler itself, not a closure, so that listing steps allocates little). */
export type Invocation =
  | { readonly call: 'message'; readonly fn: (draft: any, msg: Msg, from: Pid, ctx: Ctx<any, any>) => unknown; readonly msg: Msg; readonly from: Pid }
  | { readonly call: 'with'; readonly fn: (draft: any, arg: any, ctx: Ctx<any, any>) => unknown; readonly arg: unknown }
  | { readonly call: 'plain'; readonly fn: (draft: any, ctx: Ctx<any, any>) => unknown }
  | { readonly call: 'recover'; readonly fn: (stored: any, ctx: Ctx<any, any>) => unknown; readonly stored: unknown }
  | { readonly call: 'init'; readonly fn: (ctx: Ctx<any, any>) => unknown }
  | { readonly call: 'ignore' };

/** A step in which a process runs one of its handlers. */
export interface ProcessStep {
  readonly p: Pid;
  readonly invoke: Invocation;
  /**
   * The event's identity, for memoising the handler's run: with the same process state (the
   * same object) and the same key, a deterministic handler gives the same effects, so they
   * are computed once. An object (the envelope, the request) or a string that names the
   * process; absent: never memoised.
   */
  readonly key?: unknown;
  /** The state the handler starts from (default: the process's state; `{}` for a recovery). */
  readonly base?: unknown;
  /** The message it receives, for traces. */
  readonly received?: Envelope;
  /** The request it takes from above, for traces and the history. */
  readonly request?: Msg;
}

/** The world a step is building: a fresh shallow copy of the world before it, whose fields the components replace. */
export type NextWorld = { -readonly [K in keyof World]: World[K] };

/** What a component may ask of the system it is part of. */
export interface SystemView {
  readonly protocol: ProtocolModule;
  readonly config: SystemConfig;
  readonly n: number;
  readonly all: readonly Pid[];
  roleOf(p: Pid): string;
  role(p: Pid): RoleDef<any, any, any>;
  /** Whether a message from `from` can reach `to` now (no component cuts the link). */
  linkUp(w: World, from: Pid, to: Pid): boolean;
  /** Whether some component may cut links (else `linkUp` is always true). */
  cutsLinks(): boolean;
  /** Whether Monte Carlo runs are under way (Model.sampling): what serves only random runs is kept up to date then. */
  sampling(): boolean;
  /**
   * Whether steps that only fairness needs must be offered: false when the model serves an
   * exhaustive search of safety properties alone (SystemModelOptions.exhaustiveSafety), where
   * a step that changes nothing a process, history or network holds, only what may happen
   * next, and only by taking choices away, reaches nothing new.
   */
  fairnessSteps(): boolean;
  /** The delivery bound a message sent now gets (timed models), or undefined. */
  sendBound(w: World): number | undefined;
  /** Whether the messages of a crashed process are still owed to live ones (P waiting for them). */
  owesCrashedMessages(): boolean;
  /** Whether a process is Byzantine: it runs no reducer (no init, no handler, no request). */
  isByzantine(p: Pid): boolean;
  /** The effects of a process step's handler in `w` (memoised, as the step itself will use them); throws what the handler throws. */
  effectsOf(w: World, ev: ProcessStep, what: () => string): Effects;
  /** The hooks every component runs when a process crashes or recovers (or, under churn, leaves or joins). */
  crashed(out: NextWorld, p: Pid, cause?: 'leave'): void;
  recovered(out: NextWorld, p: Pid, cause?: 'join'): void;
}

export interface SystemComponent {
  readonly name: string;
  /** The step kinds (`SysAction['t']`) this component offers and owns. */
  readonly kinds: readonly string[];
  /** Its fields of the initial world. */
  init?(): Partial<World>;
  /** Appends its actions enabled in `w` in one phase. */
  actions?(w: World, phase: Phase, out: SysAction[]): void;
  /**
   * How many actions `actions` would append in this phase, and the k-th of them, without
   * listing them (both or neither): random runs pick one step uniformly (step-picker.ts), and
   * a component with one step per message in flight need not make an action for each.
   */
  countActions?(w: World, phase: Phase): number;
  actionAt?(w: World, phase: Phase, k: number): SysAction;
  /** For a kind in which a process runs a handler: which process, which handler, and what it receives. */
  processStep?(w: World, a: SysAction): ProcessStep | undefined;
  /** What the process handles in such a step, in words ("message DATA(m=a) from p1"), for hygiene errors. */
  describe?(w: World, a: SysAction): string;
  /**
   * The step's own bookkeeping, written into `out` (a copy of `w`): a message leaves the
   * network, a request is issued, a timer is gone. For a process step, the handler's effects
   * are applied after it (the handler ran on `w`).
   */
  step?(w: World, a: SysAction, out: NextWorld): void;
  /** Applies the part of a handler's effects that is this component's (sends, timers, storage, history). */
  effects?(out: NextWorld, p: Pid, fx: Effects, event: ProcessStep): void;
  /** The hooks: a process crashed (its messages, timers, history) or recovered; `cause`: it left or joined (churn). */
  onCrash?(out: NextWorld, p: Pid, cause?: 'leave'): void;
  onRecover?(out: NextWorld, p: Pid, cause?: 'join'): void;
  /** Whether this component cuts the link from `from` to `to` in `w` (partitions). */
  cuts?(w: World, from: Pid, to: Pid): boolean;
  /** The delivery bound of a message sent in `w` (the timing model). */
  sendBound?(w: World): number | undefined;
  /** True when the messages of a crashed process stay owed (the P oracle that waits for them). */
  owesCrashedMessages?(): boolean;
  fairness?(w: World, a: SysAction): Fairness;
  /** The rate of its step in random runs (Model.rate), or undefined for a step taken uniformly. */
  rate?(w: World, a: SysAction): number | undefined;
  /** Its rates in words, for the reports of estimates. */
  rates?(): string;
  /** A readable label; it names messages by content, so it is the same whatever their index. */
  label?(a: SysAction): string;
  /** The identity of a step across worlds, for partial-order reduction (default: the kind). */
  stepKey?(a: SysAction): string;
  /** Independence: the process whose local step this is, or -1 (a step that commutes with nothing). */
  actor?(a: SysAction): Pid;
  /**
   * The processes other than its actor whose state a step reads or writes in this component's
   * view (null: every process), for reductions that need footprints (core/dpor.ts). A
   * component with `dependent` must say here what makes those steps dependent, or its
   * system gets no footprints.
   */
  touches?(a: SysAction): readonly Pid[] | null | undefined;
  /** A reason two steps of different processes `pa`, `pb` do not commute, from this component's point of view. */
  dependent?(a: SysAction, b: SysAction, pa: Pid, pb: Pid): boolean;
  /** What a step that runs no handler does, for traces and charts. */
  stepInfo?(w: World, a: SysAction): StepInfo;
  /** Its variables, as a trace shows them. */
  variables?(w: World, vars: Record<string, unknown>): void;
  /** The fairness it assumes, in words, for reports. */
  assumptions?(): string[];
  /** Why symmetry reduction cannot be used with this component, if it cannot. */
  symmetryProblem?(): string | undefined;
  /** The processes it makes Byzantine (a fault model): they run no reducer, and properties judge the others. */
  byzantine?(): readonly Pid[];
  /** The adversary in words, for reports: who is faulty and the bounds of its moves. */
  adversary?(): string;
}

/** A component built for one system. */
export type ComponentFactory = (sys: SystemView) => SystemComponent;
