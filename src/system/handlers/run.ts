/**
 * Handler execution with the engine's hygiene checks: a handler that throws is a finding
 * about the protocol (exit 1); one that mutates outside its draft, produces what cannot be
 * serialised, or gives a different result when re-run on the same state and event is a
 * protocol that cannot be checked as written (exit 2). Re-runs are sampled (every call for
 * the first 2,000, then one in 16 up to 65,536 calls, then one in 128: a handler that agreed with
 * itself that often is seldom wrong in a way a sparser sample misses) unless the spec says
 * `determinism: always | off`.
 *
 * A handler is a pure function of the process's state, the event and the system's constants,
 * so its effects are memoised: the same state object handling the same event (the same
 * envelope, request, timer or detector output) in another world reuses them, without running
 * immer again. In a breadth-first search most successors are such repeats (the interleavings
 * of independent steps meet the same process states). A run that called `ctx.fresh()` reads the
 * whole world and is not memoised.
 */
import { enableArrayMethods, Immer } from 'immer';

// Array methods on a draft work on the array beneath it: without this, a handler's
// `draft.have.some(...)` made a proxy for every element it looked at (a third of a gossip step).
// Their callbacks then see the elements themselves, which are frozen here, so a callback that
// mutates one throws and is reported as a mutation outside the draft, never lost.
enableArrayMethods();
// immer's own freezing walks each new array with forEach after freezing it, V8's slow path (freeze.ts)
const immer = new Immer({ autoFreeze: false });
import { enterHandler, leaveHandler, publishing } from '../../core/activity.ts';
import { fingerprintHex, UnserialisableStateError } from '../../core/fingerprint.ts';
import { ModelError } from '../../core/model.ts';
import type { SystemConfig } from '../config.ts';
import type { Pid, RoleDef } from '../protocol.ts';
import type { Invocation, ProcessStep } from '../component.ts';
import { branchesOf, Choices, type Branch } from './choices.ts';
import type { World } from '../world.ts';
import { HandlerCtx, noEffects, type Effects } from './context.ts';
import { pathText, userFrame } from './hygiene.ts';
import { freezeDeep } from '../freeze.ts';

export const HANDLER_PROPERTY = 'handler-threw';

/** What two runs of a handler must agree on: its effects, and the outcomes its random calls took. */
function comparable(fx: Effects): unknown {
  return fx.choices ? { ...fx, choices: fx.choices.taken } : fx;
}

/** Calls the protocol's handler the way its kind takes its arguments. */
function invoke(draft: unknown, ctx: HandlerCtx, inv: Invocation): unknown {
  switch (inv.call) {
    case 'message':
      return inv.fn(draft, inv.msg, inv.from, ctx);
    case 'with':
      return inv.fn(draft, inv.arg, ctx);
    case 'plain':
      return inv.fn(draft, ctx);
    case 'recover':
      return inv.fn(inv.stored, ctx);
    case 'init':
      return inv.fn(ctx);
    case 'ignore':
      return undefined;
  }
}

export class HandlerRunner {
  private calls = 0;
  /** Off during Monte Carlo runs, which seldom meet a state and event twice: the memo would only grow. */
  memoise = true;
  /** Effects by process state (object identity), then by event key. */
  private readonly memo = new WeakMap<object, Map<unknown, Effects>>();
  /** A random protocol's effects of events with an object key: by event, then state, then outcomes. */
  private readonly eventMemo = new WeakMap<object, WeakMap<object, Map<unknown, Effects>>>();

  constructor(
    private readonly all: readonly Pid[],
    private readonly roles: readonly string[],
    private readonly params: Record<string, unknown>,
    private readonly determinism: SystemConfig['determinism'],
    /** The number `ctx.fresh()` counts up from: the largest ordinal in the world. */
    private readonly ordinalBase: (w: World | undefined) => number,
    /** The protocol declares randomness: its handlers get outcomes to take. */
    private readonly random = false,
  ) {}

  /** Runs one handler through immer; `given`: the outcomes of its random calls (a random protocol). */
  private runOnce(w: World | undefined, p: Pid, base: unknown, inv: Invocation, given?: readonly number[], draw?: () => number): Effects {
    const fx = noEffects(base);
    const ctx = new HandlerCtx(p, this.all, this.roles, this.params, fx, () => this.ordinalBase(w), this.random ? new Choices(given ?? [], draw) : undefined);
    fx.state = freezeDeep(immer.produce(base, (draft: any) => invoke(draft, ctx, inv) as any));
    return fx;
  }

  /** A role's `init`, which may also emit effects; a throw is a finding about the protocol. */
  init(w: World, p: Pid, role: RoleDef<any, any, any>): Effects {
    try {
      return this.runOnce(w, p, {}, { call: 'init', fn: role.init });
    } catch (err) {
      if (err instanceof ModelError) throw err;
      const at = userFrame(err);
      throw new ModelError(`p${p} (role ${this.roles[p]}) threw in init: ${(err as Error).message}${at ? ` (at ${at})` : ''}`, HANDLER_PROPERTY, 1);
    }
  }

  /**
   * Runs the step's handler on `base` (the process's state in `w`) with the hygiene checks, or
   * reuses its memoised effects; `what` says what the process handles, for an error.
   */
  run(w: World, ev: ProcessStep, base: unknown, what: () => string, given?: readonly number[], draw?: () => number): Effects {
    const memoised = ev.key !== undefined && base !== null && typeof base === 'object';
    // a random protocol's runs are told apart by their outcomes too
    const key = this.random ? `${given?.join('.') ?? ''} ${typeof ev.key === 'string' ? ev.key : ''}` : ev.key;
    let byEvent: Map<unknown, Effects> | undefined;
    if (memoised) {
      byEvent = this.random ? this.randomMemo(ev.key as object | string, base as object, false) : this.memo.get(base);
      const known = byEvent?.get(key);
      // a sampled run reuses only a run that made no random call (its outcomes are drawn anew)
      if (known && (!draw || !known.choices)) return known;
    }
    // the CLI's watchdog names the handler a time limit stopped (core/activity.ts)
    if (publishing()) enterHandler(ev.p, this.roles[ev.p], ev.request ? 'request' : ev.received ? 'message' : what(), ev.request ? ev.request.type : ev.received ? ev.received.msg.type : '');
    let fx: Effects;
    try {
      fx = this.runChecked(w, ev.p, what, ev.invoke, base, given, draw);
    } finally {
      leaveHandler();
    }
    if (memoised && this.memoise && fx.fresh === undefined && !(draw && fx.choices)) {
      if (!byEvent) {
        byEvent = this.random ? this.randomMemo(ev.key as object | string, base as object, true)! : new Map();
        if (!this.random) this.memo.set(base as object, byEvent);
      }
      byEvent.set(key, fx);
    }
    return fx;
  }

  /**
   * A random protocol's memo for one event: by outcomes (the event's object key, when it is one,
   * picks the map). Made only to store a run (`create`): a sampled run of a handler that draws
   * is never stored, and random runs would otherwise leave an empty map behind at every step.
   */
  private randomMemo(evKey: object | string, base: object, create: boolean): Map<unknown, Effects> | undefined {
    if (typeof evKey === 'string') {
      let m = this.memo.get(base);
      if (!m && create) this.memo.set(base, (m = new Map()));
      return m;
    }
    let byState = this.eventMemo.get(evKey);
    if (!byState) {
      if (!create) return undefined;
      this.eventMemo.set(evKey, (byState = new WeakMap()));
    }
    let m = byState.get(base);
    if (!m && create) byState.set(base, (m = new Map()));
    return m;
  }

  /**
   * A run of a random protocol's step with its outcomes drawn from `draw` (each with its
   * probability), for sampling a run without listing every branch. A handler that made no
   * random call for this state and event (memoised as such) is not run again.
   */
  sample(w: World, ev: ProcessStep, base: unknown, what: () => string, draw: () => number): Effects {
    return this.run(w, ev, base, what, undefined, draw);
  }

  /** The branches of a step of a random protocol: one per combination of outcomes of its handler's random calls. */
  branches(w: World, ev: ProcessStep, base: unknown, what: () => string): Branch[] {
    return branchesOf((given) => this.run(w, ev, base, what, given).choices ?? new Choices(given));
  }

  private runChecked(w: World, p: Pid, what: () => string, inv: Invocation, base: unknown, given?: readonly number[], draw?: () => number): Effects {
    let fx: Effects;
    try {
      fx = this.runOnce(w, p, base, inv, given, draw);
    } catch (err) {
      if (err instanceof ModelError) throw err;
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const at = userFrame(err);
      if (err instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)|frozen/i.test(err.message)) {
        throw new ModelError(`${whereOf(p, this.roles, what)} mutated state outside the immer draft (${err.message}${at ? `, at ${at}` : ''}); the event it receives and the params are read-only: change only the draft, or return a new state`, 'mutation-outside-draft', 2);
      }
      throw new ModelError(`${whereOf(p, this.roles, what)} threw ${text}${at ? ` (at ${at})` : ''}`, HANDLER_PROPERTY, 1);
    }
    const mode = this.determinism;
    this.calls++;
    if (mode === 'always' || (mode === 'sampled' && (this.calls <= 2000 || (this.calls & (this.calls <= 65536 ? 15 : 127)) === 0))) {
      let first: string;
      try {
        first = fingerprintHex(comparable(fx));
      } catch (err) {
        const problem = err instanceof UnserialisableStateError ? pathText(err.path, err.what) : (err as Error).message;
        throw new ModelError(`${whereOf(p, this.roles, what)} produced a state or effect that cannot be serialised: ${problem} (state, messages and indications must be plain data)`, 'unserialisable-state', 2);
      }
      let again: Effects;
      try {
        // the re-run takes the outcomes the first run took (sampled ones included)
        again = this.runOnce(w, p, base, inv, fx.choices ? fx.choices.taken : given);
      } catch (err) {
        throw new ModelError(`${whereOf(p, this.roles, what)} is not deterministic: it succeeded once and threw on a re-run (${(err as Error).message})`, 'nondeterministic-handler', 2);
      }
      if (fingerprintHex(comparable(again)) !== first) {
        throw new ModelError(`${whereOf(p, this.roles, what)} is not deterministic: re-running it on the same state and event gave a different result (does it read a clock, Math.random, or module-level state?)`, 'nondeterministic-handler', 2);
      }
    }
    return fx;
  }
}

/** Who handled what, for an error (a function, not a closure made at every handler call). */
function whereOf(p: Pid, roles: readonly string[], what: () => string): string {
  return `p${p} (role ${roles[p]}) handling ${what()}`;
}
