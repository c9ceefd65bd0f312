/**
 * Handler execution with the engine's hygiene checks: a handler that throws is a finding
 * about the protocol (exit 1); one that mutates outside its draft, produces what cannot be
 * serialised, or gives a different result when re-run on the same state and event is a
 * protocol that cannot be checked as written (exit 2). Re-runs are sampled (every call for
 * the first 2,000, then one in 16) unless the spec says `determinism: always | off`.
 *
 * A handler is a pure function of the process's state, the event and the system's constants,
 * so its effects are memoised: the same state object handling the same event (the same
 * envelope, request, timer or detector output) in another world reuses them, without running
 * immer again. In a breadth-first search most successors are such repeats (the interleavings
 * of independent steps meet the same process states). A run that called `ctx.fresh()` reads the
 * whole world and is not memoised.
 */
import { produce } from 'immer';
import { enterHandler, leaveHandler, publishing } from '../../core/activity.ts';
import { fingerprintHex, UnserialisableStateError } from '../../core/fingerprint.ts';
import { ModelError } from '../../core/model.ts';
import type { SystemConfig } from '../config.ts';
import type { Pid, RoleDef } from '../protocol.ts';
import type { Invocation, ProcessStep } from '../component.ts';
import type { World } from '../world.ts';
import { HandlerCtx, noEffects, type Effects } from './context.ts';
import { pathText, userFrame } from './hygiene.ts';

export const HANDLER_PROPERTY = 'handler-threw';

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
  /** Effects by process state (object identity), then by event key. */
  private readonly memo = new WeakMap<object, Map<unknown, Effects>>();

  constructor(
    private readonly all: readonly Pid[],
    private readonly roles: readonly string[],
    private readonly params: Record<string, unknown>,
    private readonly determinism: SystemConfig['determinism'],
    /** The number `ctx.fresh()` counts up from: the largest ordinal in the world. */
    private readonly ordinalBase: (w: World | undefined) => number,
  ) {}

  /** Runs one handler through immer. */
  private runOnce(w: World | undefined, p: Pid, base: unknown, inv: Invocation): Effects {
    const fx = noEffects(base);
    const ctx = new HandlerCtx(p, this.all, this.roles, this.params, fx, () => this.ordinalBase(w));
    fx.state = produce(base, (draft: any) => invoke(draft, ctx, inv) as any);
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
  run(w: World, ev: ProcessStep, base: unknown, what: () => string): Effects {
    const memoised = ev.key !== undefined && base !== null && typeof base === 'object';
    let byEvent: Map<unknown, Effects> | undefined;
    if (memoised) {
      byEvent = this.memo.get(base);
      const known = byEvent?.get(ev.key);
      if (known) return known;
    }
    // the CLI's watchdog names the handler a time limit stopped (core/activity.ts)
    if (publishing()) enterHandler(ev.p, this.roles[ev.p], ev.request ? 'request' : ev.received ? 'message' : what(), ev.request ? ev.request.type : ev.received ? ev.received.msg.type : '');
    let fx: Effects;
    try {
      fx = this.runChecked(w, ev.p, what, ev.invoke, base);
    } finally {
      leaveHandler();
    }
    if (memoised && fx.fresh === undefined) {
      if (!byEvent) this.memo.set(base as object, (byEvent = new Map()));
      byEvent.set(ev.key, fx);
    }
    return fx;
  }

  private runChecked(w: World, p: Pid, what: () => string, inv: Invocation, base: unknown): Effects {
    const where = (): string => `p${p} (role ${this.roles[p]}) handling ${what()}`;
    let fx: Effects;
    try {
      fx = this.runOnce(w, p, base, inv);
    } catch (err) {
      if (err instanceof ModelError) throw err;
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const at = userFrame(err);
      if (err instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)|frozen/i.test(err.message)) {
        throw new ModelError(`${where()} mutated state outside the immer draft (${err.message}${at ? `, at ${at}` : ''}); the event it receives and the params are read-only: change only the draft, or return a new state`, 'mutation-outside-draft', 2);
      }
      throw new ModelError(`${where()} threw ${text}${at ? ` (at ${at})` : ''}`, HANDLER_PROPERTY, 1);
    }
    const mode = this.determinism;
    this.calls++;
    if (mode === 'always' || (mode === 'sampled' && (this.calls <= 2000 || (this.calls & 15) === 0))) {
      let first: string;
      try {
        first = fingerprintHex(fx);
      } catch (err) {
        const what = err instanceof UnserialisableStateError ? pathText(err.path, err.what) : (err as Error).message;
        throw new ModelError(`${where()} produced a state or effect that cannot be serialised: ${what} (state, messages and indications must be plain data)`, 'unserialisable-state', 2);
      }
      let again: Effects;
      try {
        again = this.runOnce(w, p, base, inv);
      } catch (err) {
        throw new ModelError(`${where()} is not deterministic: it succeeded once and threw on a re-run (${(err as Error).message})`, 'nondeterministic-handler', 2);
      }
      if (fingerprintHex(again) !== first) {
        throw new ModelError(`${where()} is not deterministic: re-running it on the same state and event gave a different result (does it read a clock, Math.random, or module-level state?)`, 'nondeterministic-handler', 2);
      }
    }
    return fx;
  }
}
