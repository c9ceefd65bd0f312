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

/** A step in which a process runs one of its handlers. */
export interface ProcessStep {
  readonly p: Pid;
  /** What the process handles, in words ("message DATA(m=a) from p1"), for hygiene errors. */
  readonly what: string;
  /** Calls the handler with the draft of the process state and the context. */
  run(draft: unknown, ctx: Ctx<any, any>): unknown;
  /** The state the handler starts from (default: the process's state; `{}` for a recovery). */
  readonly base?: unknown;
  /** The message it receives, for traces. */
  readonly received?: Envelope;
  /** The request it takes from above, for traces and the history. */
  readonly request?: Msg;
}

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
  /** The delivery bound a message sent now gets (timed models), or undefined. */
  sendBound(w: World): number | undefined;
  /** Whether the messages of a crashed process are still owed to live ones (P waiting for them). */
  owesCrashedMessages(): boolean;
  /** The hooks every component runs when a process crashes or recovers. */
  crashed(w: World, p: Pid): World;
  recovered(w: World, p: Pid): World;
}

export interface SystemComponent {
  readonly name: string;
  /** The step kinds (`SysAction['t']`) this component offers and owns. */
  readonly kinds: readonly string[];
  /** Its fields of the initial world. */
  init?(): Partial<World>;
  /** Appends its actions enabled in `w` in one phase. */
  actions?(w: World, phase: Phase, out: SysAction[]): void;
  /** For a kind in which a process runs a handler: which process, which handler, and what it receives. */
  processStep?(w: World, a: SysAction): ProcessStep | undefined;
  /**
   * The world after the step's own bookkeeping: a message leaves the network, a request is
   * issued, a timer is gone. For a process step, the handler's effects are applied after it
   * (on the handler's run over the world before the step).
   */
  step?(w: World, a: SysAction): World;
  /** Applies the part of a handler's effects that is this component's (sends, timers, storage, history). */
  effects?(w: World, p: Pid, fx: Effects, event: ProcessStep): World;
  /** The hooks: a process crashed (its messages, timers, history) or recovered. */
  onCrash?(w: World, p: Pid): World;
  onRecover?(w: World, p: Pid): World;
  /** Whether this component cuts the link from `from` to `to` in `w` (partitions). */
  cuts?(w: World, from: Pid, to: Pid): boolean;
  /** The delivery bound of a message sent in `w` (the timing model). */
  sendBound?(w: World): number | undefined;
  /** True when the messages of a crashed process stay owed (the P oracle that waits for them). */
  owesCrashedMessages?(): boolean;
  fairness?(w: World, a: SysAction): Fairness;
  /** A readable label; it names messages by content, so it is the same whatever their index. */
  label?(a: SysAction): string;
  /** The identity of a step across worlds, for partial-order reduction (default: the kind). */
  stepKey?(a: SysAction): string;
  /** Independence: the process whose local step this is, or -1 (a step that commutes with nothing). */
  actor?(a: SysAction): Pid;
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
}

/** A component built for one system. */
export type ComponentFactory = (sys: SystemView) => SystemComponent;

/** The message of a hygiene error that names a handler the role lacks. */
export function roleName(sys: SystemView, p: Pid): string {
  return `p${p} (role ${sys.roleOf(p)})`;
}
