/**
 * The context a handler gets, and the effects it collects: messages to send, indications,
 * timers set and cancelled, a value to store. The handler runs on an immer draft; what it
 * puts into an effect is snapshotted and frozen here, so a draft never escapes.
 */
import { current, isDraft } from 'immer';
import { freezeDeep } from '../freeze.ts';
import { ModelError } from '../../core/model.ts';
import { binomial, combination, valueText, type Choices } from './choices.ts';
import type { Ctx, Pid } from '../protocol.ts';
import { makeSignature, verifySignature, type Signature } from '../signatures.ts';
import type { Envelope, Msg } from '../world.ts';

/** What one handler run produced. */
export interface Effects {
  state: unknown;
  sends: Envelope[];
  indications: Msg[];
  setTimers: string[];
  cancelTimers: string[];
  /** Timed models: the duration of each timer set, in ticks. */
  ticks: Record<string, number>;
  stored?: { value: unknown };
  /** The last number `fresh()` gave in this handler run. */
  fresh?: number;
  /** The random choices the run made (a protocol's own randomness), when it made any. */
  choices?: Choices;
}

export function noEffects(state: unknown): Effects {
  return { state, sends: [], indications: [], setTimers: [], cancelTimers: [], ticks: {} };
}

/** Replaces immer drafts (a message built from the state) by snapshots. */
export function snapshot<T>(v: T): T {
  if (isDraft(v)) return current(v as never) as T;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const s = snapshot(x);
      if (s !== x) (out ??= v.slice())[i] = s;
    }
    return (out ?? v) as T;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  let out: Record<string, unknown> | undefined;
  // for-in, not Object.entries: a plain object has no enumerable inherited keys, and an array
  // of pairs per message sent was a twentieth of a gossip step's allocation
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    const s = snapshot(x);
    if (s !== x) (out ??= { ...o })[k] = s;
  }
  return (out ?? v) as T;
}

/**
 * The context of one handler call. A class, not an object of closures: one is made per
 * handler call, and closures (named by the TypeScript loader) cost more than the handler itself.
 */
export class HandlerCtx implements Ctx<any, any> {
  constructor(
    readonly self: Pid,
    readonly all: readonly Pid[],
    private readonly roles: readonly string[],
    readonly params: Record<string, unknown>,
    private readonly fx: Effects,
    private readonly ordinalBase: () => number,
    /** The outcomes of the run's random calls; absent for a protocol that does not declare randomness. */
    private readonly random?: Choices,
  ) {}

  get role(): string {
    return this.roles[this.self];
  }

  get n(): number {
    return this.all.length;
  }

  pids(role: string): readonly Pid[] {
    return this.all.filter((q) => this.roles[q] === role);
  }

  roleOf(q: Pid): string {
    return this.roles[q];
  }

  private check(to: Pid): void {
    if (!Number.isInteger(to) || to < 0 || to >= this.all.length) throw new Error(`send to p${to}: there is no such process (processes are 0..${this.all.length - 1})`);
  }

  send(to: Pid, msg: Msg): void {
    this.check(to);
    this.fx.sends.push(Object.freeze({ from: this.self, to, msg: freezeDeep(snapshot(msg)) }));
  }

  broadcast(msg: Msg, to: readonly Pid[] = this.all): void {
    const m = freezeDeep(snapshot(msg));
    for (const q of to) {
      this.check(q);
      this.fx.sends.push(Object.freeze({ from: this.self, to: q, msg: m }));
    }
  }

  setTimer(name: string, ticks = 1): void {
    if (!Number.isInteger(ticks) || ticks < 1) throw new Error(`setTimer(${name}, ${ticks}): a timer lasts a whole number of ticks, at least 1`);
    this.fx.setTimers.push(name);
    this.fx.ticks[name] = ticks;
    this.fx.cancelTimers = this.fx.cancelTimers.filter((x) => x !== name);
  }

  cancelTimer(name: string): void {
    this.fx.cancelTimers.push(name);
    this.fx.setTimers = this.fx.setTimers.filter((x) => x !== name);
  }

  store(value: unknown): void {
    this.fx.stored = { value: freezeDeep(snapshot(value)) };
  }

  indicate(ind: Msg): void {
    this.fx.indications.push(freezeDeep(snapshot(ind)));
  }

  fresh(): number {
    this.fx.fresh = (this.fx.fresh ?? this.ordinalBase()) + 1;
    return this.fx.fresh;
  }

  sign<V>(value: V): Signature<V> {
    return makeSignature(freezeDeep(snapshot(value)), this.self);
  }

  verify(p: Pid, value: unknown, sig: unknown): boolean {
    return verifySignature(p, snapshot(value), snapshot(sig));
  }

  private chooser(what: string): Choices {
    if (!this.random) throw new ModelError(`${what}: the protocol makes random choices but does not say so; declare defineProtocol({ random: true, ... })`, 'undeclared-randomness', 2);
    this.fx.choices = this.random;
    return this.random;
  }

  choose<T>(options: readonly T[], weights?: readonly number[]): T {
    const i = this.chooser('ctx.choose').take(options.length, weights, (k) => valueText(options[k]));
    return options[i];
  }

  coin(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new Error(`ctx.coin(${p}): a probability is between 0 and 1`);
    return this.chooser('ctx.coin').take(2, [p, 1 - p], (k) => (k === 0 ? 'heads' : 'tails')) === 0;
  }

  pick<T>(options: readonly T[], k: number): T[] {
    const n = options.length;
    if (!Number.isInteger(k) || k < 0) throw new Error(`ctx.pick(options, ${k}): k is a whole number`);
    if (k >= n) return options.slice();
    const r = this.chooser('ctx.pick').take(binomial(n, k), undefined, (x) => valueText(combination(n, k, x).map((i) => options[i])));
    return combination(n, k, r).map((i) => options[i]);
  }
}
