/**
 * Handler execution with the engine's hygiene checks: a handler that throws is a finding
 * about the protocol (exit 1); one that mutates outside its draft, produces what cannot be
 * serialised, or gives a different result when re-run on the same state and event is a
 * protocol that cannot be checked as written (exit 2). Re-runs are sampled (every call for
 * the first 2,000, then one in 16) unless the spec says `determinism: always | off`.
 */
import { produce } from 'immer';
import { fingerprintHex } from '../../core/fingerprint.ts';
import { ModelError } from '../../core/model.ts';
import type { SystemConfig } from '../config.ts';
import type { Pid, RoleDef } from '../protocol.ts';
import type { World } from '../world.ts';
import { HandlerCtx, noEffects, type Effects } from './context.ts';

export const HANDLER_PROPERTY = 'handler-threw';

type Body = (draft: any, ctx: HandlerCtx) => unknown;

export class HandlerRunner {
  private calls = 0;

  constructor(
    private readonly all: readonly Pid[],
    private readonly roles: readonly string[],
    private readonly params: Record<string, unknown>,
    private readonly determinism: SystemConfig['determinism'],
    /** The number `ctx.fresh()` counts up from: the largest ordinal in the world. */
    private readonly ordinalBase: (w: World | undefined) => number,
  ) {}

  /** Runs one handler through immer; `body` calls it with the draft and the context. */
  private runOnce(w: World | undefined, p: Pid, base: unknown, body: Body): Effects {
    const fx = noEffects(base);
    const ctx = new HandlerCtx(p, this.all, this.roles, this.params, fx, () => this.ordinalBase(w));
    fx.state = produce(base, (draft: any) => body(draft, ctx) as any);
    return fx;
  }

  /** A role's `init`, which may also emit effects; a throw is a finding about the protocol. */
  init(w: World, p: Pid, role: RoleDef<any, any, any>): Effects {
    try {
      return this.runOnce(w, p, {}, (_d, ctx) => role.init(ctx));
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw new ModelError(`p${p} (role ${this.roles[p]}) threw in init: ${(err as Error).message}`, HANDLER_PROPERTY, 1);
    }
  }

  /** Runs a handler of process p on `base` (its state in `w`) with the hygiene checks. */
  run(w: World, p: Pid, what: string, body: Body, base: unknown): Effects {
    const where = `p${p} (role ${this.roles[p]}) handling ${what}`;
    let fx: Effects;
    try {
      fx = this.runOnce(w, p, base, body);
    } catch (err) {
      if (err instanceof ModelError) throw err;
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (err instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)|frozen/i.test(err.message)) {
        throw new ModelError(`${where} mutated state outside the immer draft (${text}); change only the draft the handler receives, or return a new state`, 'mutation-outside-draft', 2);
      }
      throw new ModelError(`${where} threw ${text}`, HANDLER_PROPERTY, 1);
    }
    const mode = this.determinism;
    this.calls++;
    if (mode === 'always' || (mode === 'sampled' && (this.calls <= 2000 || (this.calls & 15) === 0))) {
      let first: string;
      try {
        first = fingerprintHex(fx);
      } catch (err) {
        throw new ModelError(`${where} produced a state or effect that cannot be serialised: ${(err as Error).message}`, 'unserialisable-state', 2);
      }
      let again: Effects;
      try {
        again = this.runOnce(w, p, base, body);
      } catch (err) {
        throw new ModelError(`${where} is not deterministic: it succeeded once and threw on a re-run (${(err as Error).message})`, 'nondeterministic-handler', 2);
      }
      if (fingerprintHex(again) !== first) {
        throw new ModelError(`${where} is not deterministic: re-running it on the same state and event gave a different result (does it read a clock, Math.random, or module-level state?)`, 'nondeterministic-handler', 2);
      }
    }
    return fx;
  }
}
