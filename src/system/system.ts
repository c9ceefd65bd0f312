/**
 * Turns protocol reducers and a system model into a core Model. The global state (a
 * `World`) holds each process's state, the messages in flight, pending timers, who is
 * down, stable storage and the observable history; an action is one step of a process
 * (a delivery, a request, a timer, a failure-detector indication) or of the adversary
 * (drop, duplicate, crash, recover, partition).
 */
import { current, freeze, isDraft, produce } from 'immer';
import { fingerprint, fingerprintHex, fp } from '../core/fingerprint.ts';
import { ModelError, type Fairness, type Invariant, type LivenessProperty, type Model, type ProcessInfo, type StepInfo } from '../core/model.ts';
import type { SystemConfig, TimingConfig } from './config.ts';
import type { History, HistoryEvent, SystemProperty } from './history.ts';
import { independentSteps, stepKey } from './independence.ts';
import { maxOrdinal, renumberOrdinals } from './ordinals.ts';
import type { Ctx, Pid, ProtocolModule, RoleDef } from './protocol.ts';

type Msg = { readonly type: string; readonly [f: string]: unknown };

export interface Envelope {
  readonly from: Pid;
  readonly to: Pid;
  readonly msg: Msg;
  /** Timed models: the ticks left before it must be delivered (absent: no bound yet). */
  readonly d?: number;
}

export interface World {
  readonly procs: readonly unknown[];
  readonly down: readonly boolean[];
  /** Messages in flight, in a canonical order: by channel, then (unordered) by content or (fifo) by send order. */
  readonly net: readonly Envelope[];
  /** Pending timers per process, sorted. */
  readonly timers: readonly (readonly string[])[];
  readonly history: readonly (readonly HistoryEvent[])[];
  /** Per process, how many of its workload requests were issued. */
  readonly issued: readonly number[];
  readonly crashes: number;
  /** Stable storage per process (crash-recovery). */
  readonly stored: readonly unknown[];
  /** The partition in force (index into the configured ones), or -1. */
  readonly partition: number;
  readonly partitionsUsed: number;
  /** Per process, what the failure detector says to it: the crashes P reported, or whom ◇P suspects now. */
  readonly detected: readonly (readonly Pid[])[];
  // The fields below exist only in the system models that use them, so that adding a
  // feature leaves the states (and fingerprints) of every other model as they were.
  /** Timed models: per process, the ticks left before each pending timer fires. */
  readonly due?: readonly Readonly<Record<string, number>>[];
  /** Partially synchronous timing: whether the global stabilisation time has passed. */
  readonly gst?: boolean;
  /** ◇P and Ω: whether the oracle has stabilised. */
  readonly fdStable?: boolean;
  /** Ω: per process, whom it was last told to trust (-1: no one yet). */
  readonly leader?: readonly Pid[];
  /** ◇P and Ω with a bound on their mistakes: how many they made so far. */
  readonly mistakes?: number;
}

export type SysAction =
  | { readonly t: 'deliver' | 'duplicate' | 'drop'; readonly i: number; readonly e: Envelope }
  | { readonly t: 'request'; readonly p: Pid; readonly req: Msg }
  | { readonly t: 'timer'; readonly p: Pid; readonly name: string }
  | { readonly t: 'detect' | 'suspect' | 'restore' | 'trust'; readonly p: Pid; readonly q: Pid }
  | { readonly t: 'tick' | 'gst' | 'stabilize' }
  | { readonly t: 'crash'; readonly p: Pid }
  | { readonly t: 'recover'; readonly p: Pid }
  | { readonly t: 'partition'; readonly k: number }
  | { readonly t: 'heal' };

/** What one handler run produced. */
interface Effects {
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
}

function fieldText(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? v : String(v);
  if (Array.isArray(v)) return `[${v.map(fieldText).join(',')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${k}:${fieldText(x)}`).join(',')}}`;
}

/** `DATA(src=0, m=a)`: a message, request or indication in one line. */
export function eventText(m: Msg): string {
  const fields = Object.entries(m).filter(([k, v]) => k !== 'type' && v !== undefined);
  return fields.length ? `${m.type}(${fields.map(([k, v]) => `${k}=${fieldText(v)}`).join(', ')})` : m.type;
}

/** Replaces immer drafts (a message built from the state) by snapshots, and freezes the result. */
function snapshot<T>(v: T): T {
  if (isDraft(v)) return current(v as never) as T;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const s = snapshot(x);
      if (s !== x) (out ??= v.slice())[i] = s;
    });
    return (out ?? v) as T;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const s = snapshot(x);
    if (s !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = s;
  }
  return (out ?? v) as T;
}

const deadline = (e: Envelope): number => e.d ?? -1;

const envKeys = new WeakMap<Envelope, string>();
function envKey(e: Envelope): string {
  let k = envKeys.get(e);
  if (k === undefined) {
    k = fingerprintHex(e.msg);
    envKeys.set(e, k);
  }
  return k;
}

function compareEnv(a: Envelope, b: Envelope): number {
  return a.from - b.from || a.to - b.to || (envKey(a) < envKey(b) ? -1 : envKey(a) > envKey(b) ? 1 : 0) || deadline(a) - deadline(b);
}

function sameEnv(a: Envelope, b: Envelope): boolean {
  return a.from === b.from && a.to === b.to && envKey(a) === envKey(b) && a.d === b.d;
}

const HANDLER_PROPERTY = 'handler-threw';

/** The history of one world, as properties read it (a class: one is made per state and property). */
class HistoryView implements History {
  constructor(
    private readonly w: World,
    private readonly all: readonly Pid[],
    private readonly roles: readonly string[],
  ) {}

  get n(): number {
    return this.all.length;
  }

  events(p: Pid): readonly HistoryEvent[] {
    return this.w.history[p];
  }

  isDown(p: Pid): boolean {
    return this.w.down[p];
  }

  correct(): Pid[] {
    return this.all.filter((p) => !this.w.down[p]);
  }

  faulty(): Pid[] {
    return this.all.filter((p) => this.w.history[p].some((e) => e.k === 'crash'));
  }

  roleOf(p: Pid): string {
    return this.roles[p];
  }

  state(p: Pid): unknown {
    return this.w.procs[p];
  }
}

/**
 * Freezes a new world without walking what is already frozen: process states come frozen
 * from immer and messages from the context, so only the containers a step made are new.
 */
function freezeWorld(w: World): World {
  for (const v of Object.values(w)) {
    if (Array.isArray(v) && !Object.isFrozen(v)) {
      for (const x of v) if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) freeze(x, true);
      Object.freeze(v);
    }
  }
  return Object.freeze(w);
}

/**
 * The context a handler gets. A class, not an object of closures: one is made per handler
 * call, and closures (named by the TypeScript loader) cost more than the handler itself.
 */
class HandlerCtx implements Ctx<any, any> {
  constructor(
    readonly self: Pid,
    readonly all: readonly Pid[],
    private readonly roles: readonly string[],
    readonly params: Record<string, unknown>,
    private readonly fx: Effects,
    private readonly ordinalBase: () => number,
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
    this.fx.sends.push({ from: this.self, to, msg: freeze(snapshot(msg), true) });
  }

  broadcast(msg: Msg, to: readonly Pid[] = this.all): void {
    const m = freeze(snapshot(msg), true);
    for (const q of to) {
      this.check(q);
      this.fx.sends.push({ from: this.self, to: q, msg: m });
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
    this.fx.stored = { value: freeze(snapshot(value), true) };
  }

  indicate(ind: Msg): void {
    this.fx.indications.push(freeze(snapshot(ind), true));
  }

  fresh(): number {
    this.fx.fresh = (this.fx.fresh ?? this.ordinalBase()) + 1;
    return this.fx.fresh;
  }
}

export interface SystemModelOptions {
  name: string;
  params: Record<string, unknown>;
  properties: SystemProperty[];
}

export class SystemModel implements Model<World, SysAction> {
  readonly name: string;
  readonly invariants: Invariant<World>[];
  readonly liveness: LivenessProperty<World>[];
  private readonly roleOfPid: string[] = [];
  private readonly all: Pid[];
  private readonly workload: Msg[][];
  private readonly crashable: Set<Pid>;
  private readonly ordinals?: ReadonlySet<string>;
  private readonly timing: TimingConfig;
  /** Whether time has bounds (synchronous or partially synchronous). */
  private readonly timed: boolean;
  /** Whether the failure detector is an oracle that stabilises (◇P, Ω). */
  private readonly oracle: boolean;
  private calls = 0;

  constructor(
    readonly protocol: ProtocolModule,
    readonly config: SystemConfig,
    readonly options: SystemModelOptions,
  ) {
    this.name = options.name;
    for (const { role, count } of config.processes) {
      if (!protocol.roles[role]) throw new Error(`the protocol ${protocol.name} has no role '${role}' (its roles: ${Object.keys(protocol.roles).join(', ')})`);
      for (let i = 0; i < count; i++) this.roleOfPid.push(role);
    }
    const n = this.roleOfPid.length;
    this.all = Array.from({ length: n }, (_, i) => i);
    this.workload = this.all.map(() => []);
    for (const w of config.workload) {
      if (w.process < 0 || w.process >= n) throw new Error(`workload: there is no process ${w.process} (processes are 0..${n - 1})`);
      this.workload[w.process].push(freeze(w.request, true) as Msg);
    }
    this.crashable = new Set(config.faults.processes ?? this.all);
    if (protocol.ordinals?.length) this.ordinals = new Set(protocol.ordinals);
    this.timing = config.timing ?? { model: 'asynchronous' };
    this.timed = this.timing.model !== 'asynchronous';
    this.oracle = config.failureDetector === 'eventually-P' || config.failureDetector === 'omega';
    if (config.detectorAfterMessages && config.failureDetector !== 'P') throw new Error(`failureDetector: afterMessages applies to P, not ${config.failureDetector}`);
    if (config.detectorMistakes !== undefined && !this.oracle) throw new Error(`failureDetector: mistakes applies to eventually-P and omega, not ${config.failureDetector}`);
    const history = (world: World) => this.historyOf(world);
    this.invariants = options.properties
      .filter((p) => p.kind === 'safety')
      .map((p) => ({ name: p.name, description: p.description, check: (w: World) => p.check(history(w)) }));
    this.liveness = options.properties
      .filter((p) => p.kind === 'liveness')
      .map((p) => ({ name: p.name, description: p.description, settled: (w: World) => p.check(history(w)), ...(p.eventuallyAlways ? { eventuallyAlways: true } : {}) }));
  }

  get n(): number {
    return this.all.length;
  }

  processes(): ProcessInfo[] {
    return this.all.map((p) => ({ id: p, name: `p${p}`, role: this.roleOfPid[p] }));
  }

  historyOf(w: World): History {
    return new HistoryView(w, this.all, this.roleOfPid);
  }

  // ---- handlers -------------------------------------------------------------

  private role(p: Pid): RoleDef<any, any, any> {
    return this.protocol.roles[this.roleOfPid[p]];
  }

  private describeEvent(w: World, a: SysAction): string {
    switch (a.t) {
      case 'deliver':
      case 'duplicate': {
        const e = w.net[a.i];
        return `message ${eventText(e.msg)} from p${e.from}`;
      }
      case 'request':
        return `request ${eventText(a.req)}`;
      case 'timer':
        return `timer ${a.name}`;
      case 'detect':
        return `failure detector: crash(p${a.q})`;
      case 'suspect':
      case 'restore':
        return `failure detector: ${a.t}(p${a.q})`;
      case 'trust':
        return `leader oracle: trust(p${a.q})`;
      case 'recover':
        return 'recovery';
      default:
        return a.t;
    }
  }

  private makeCtx(w: World | undefined, p: Pid, fx: Effects): Ctx<any, any> {
    return new HandlerCtx(p, this.all, this.roleOfPid, this.options.params, fx, () => this.maxOrdinal(w));
  }

  private maxOrdinal(w: World | undefined): number {
    if (!this.ordinals) throw new ModelError('ctx.fresh() needs the protocol to declare its ordinals (defineProtocol({ ordinals: [...] }))', 'no-ordinals', 2);
    if (!w) return 0;
    const keys = this.ordinals;
    return Math.max(maxOrdinal(w.procs, keys), maxOrdinal(w.net.map((e) => e.msg), keys), maxOrdinal(w.stored, keys), maxOrdinal(w.history, keys));
  }

  /** Runs one handler through immer; `body` calls it with the draft and the context. */
  private runOnce(w: World | undefined, p: Pid, base: unknown, body: (draft: any, ctx: Ctx<any, any>) => unknown): Effects {
    const fx: Effects = { state: base, sends: [], indications: [], setTimers: [], cancelTimers: [], ticks: {} };
    const ctx = this.makeCtx(w, p, fx);
    fx.state = produce(base, (draft: any) => body(draft, ctx) as any);
    return fx;
  }

  /** Runs a handler with the engine's hygiene checks: thrown errors, mutation outside the draft, unserialisable or nondeterministic results. */
  private run(w: World, a: SysAction, p: Pid, what: string, body: (draft: any, ctx: Ctx<any, any>) => unknown, base: unknown = w.procs[p]): Effects {
    const where = `p${p} (role ${this.roleOfPid[p]}) handling ${what}`;
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
    const mode = this.config.determinism;
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
    void a;
    return fx;
  }

  private handle(w: World, a: SysAction): { p: Pid; fx: Effects; request?: Msg; received?: Envelope } {
    switch (a.t) {
      case 'deliver':
      case 'duplicate': {
        const env = w.net[a.i];
        const handler = this.role(env.to).messages?.[env.msg.type];
        if (!handler) throw new ModelError(`p${env.to} (role ${this.roleOfPid[env.to]}) received ${eventText(env.msg)} from p${env.from} but its role has no handler for ${env.msg.type} messages`, 'missing-handler', 1);
        return { p: env.to, received: env, fx: this.run(w, a, env.to, this.describeEvent(w, a), (d, ctx) => handler(d, env.msg, env.from, ctx)) };
      }
      case 'request': {
        const req = a.req;
        const handler = this.role(a.p).requests?.[req.type];
        if (!handler) throw new ModelError(`p${a.p} (role ${this.roleOfPid[a.p]}) got the request ${eventText(req)} but its role has no handler for ${req.type} requests`, 'missing-handler', 2);
        return { p: a.p, request: req, fx: this.run(w, a, a.p, this.describeEvent(w, a), (d, ctx) => handler(d, req, ctx)) };
      }
      case 'timer': {
        const handler = this.role(a.p).timers?.[a.name];
        if (!handler) throw new ModelError(`p${a.p} set the timer ${a.name} but its role has no handler for it`, 'missing-handler', 2);
        return { p: a.p, fx: this.run(w, a, a.p, this.describeEvent(w, a), (d, ctx) => handler(d, ctx)) };
      }
      case 'detect':
      case 'suspect':
      case 'restore':
      case 'trust': {
        const handler = this.role(a.p).failures?.[a.t === 'detect' ? 'crash' : a.t];
        return { p: a.p, fx: this.run(w, a, a.p, this.describeEvent(w, a), (d, ctx) => (handler ? handler(d, a.q, ctx) : undefined)) };
      }
      case 'recover': {
        const r = this.role(a.p);
        const stored = w.stored[a.p];
        const fx = this.run(w, a, a.p, 'recovery', (_d, ctx) => (r.recover ? r.recover(stored, ctx) : r.init(ctx)), {});
        return { p: a.p, fx };
      }
      default:
        throw new Error(`not a process step: ${a.t}`);
    }
  }

  // ---- the core Model --------------------------------------------------------

  initialStates(): World[] {
    const n = this.all.length;
    let w: World = {
      procs: this.all.map(() => null),
      down: this.all.map(() => false),
      net: [],
      timers: this.all.map(() => []),
      history: this.all.map(() => []),
      issued: this.all.map(() => 0),
      crashes: 0,
      stored: this.all.map(() => null),
      partition: -1,
      partitionsUsed: 0,
      detected: this.all.map(() => []),
      ...(this.timed ? { due: this.all.map(() => ({})) } : {}),
      ...(this.timing.model === 'partially-synchronous' ? { gst: false } : {}),
      ...(this.oracle ? { fdStable: false } : {}),
      ...(this.oracle && this.config.detectorMistakes !== undefined ? { mistakes: 0 } : {}),
      ...(this.config.failureDetector === 'omega' ? { leader: this.all.map(() => -1) } : {}),
    };
    for (let p = 0; p < n; p++) {
      const role = this.role(p);
      let fx: Effects;
      try {
        fx = this.runOnce(w, p, {}, (_d, ctx) => role.init(ctx));
      } catch (err) {
        throw new ModelError(`p${p} (role ${this.roleOfPid[p]}) threw in init: ${(err as Error).message}`, HANDLER_PROPERTY, 1);
      }
      w = this.apply(w, p, fx, undefined);
    }
    return [freezeWorld(this.renumbered(w))];
  }

  private partitioned(w: World, from: Pid, to: Pid): boolean {
    if (w.partition < 0) return false;
    const groups = this.config.network.partitions[w.partition];
    const g = (p: Pid) => groups.findIndex((grp) => grp.includes(p));
    return g(from) !== g(to);
  }

  actions(w: World): SysAction[] {
    const out: SysAction[] = [];
    const net = this.config.network;
    const fifo = net.ordering === 'fifo';
    // deliveries first: the boring default of a schedule is "deliver the next message"
    for (let i = 0; i < w.net.length; i++) {
      const e = w.net[i];
      if (i > 0 && (fifo ? w.net[i - 1].from === e.from && w.net[i - 1].to === e.to : sameEnv(w.net[i - 1], e))) continue;
      if (w.down[e.to] || this.partitioned(w, e.from, e.to)) continue;
      out.push({ t: 'deliver', i, e });
    }
    for (const p of this.all) if (!w.down[p] && w.issued[p] < this.workload[p].length) out.push({ t: 'request', p, req: this.workload[p][w.issued[p]] });
    for (const p of this.all) if (!w.down[p]) for (const name of w.timers[p]) if (!w.due || w.due[p][name] === 0) out.push({ t: 'timer', p, name });
    this.oracleActions(w, out);
    if (this.timed && this.canTick(w)) out.push({ t: 'tick' });
    if (w.gst === false) out.push({ t: 'gst' });
    if (w.partition >= 0) out.push({ t: 'heal' });
    // the adversary's moves
    for (let i = 0; i < w.net.length; i++) {
      const e = w.net[i];
      if (i > 0 && sameEnv(w.net[i - 1], e)) continue;
      if (fifo && i > 0 && w.net[i - 1].from === e.from && w.net[i - 1].to === e.to) continue;
      if (net.duplication && !w.down[e.to] && !this.partitioned(w, e.from, e.to)) out.push({ t: 'duplicate', i, e });
      if (net.loss !== 'none') out.push({ t: 'drop', i, e });
    }
    const f = this.config.faults;
    if (f.model !== 'none' && w.crashes < f.max) for (const p of this.all) if (!w.down[p] && this.crashable.has(p)) out.push({ t: 'crash', p });
    if (f.model === 'crash-recovery') for (const p of this.all) if (w.down[p]) out.push({ t: 'recover', p });
    if (w.partition < 0 && w.partitionsUsed < net.maxPartitions) net.partitions.forEach((_, k) => out.push({ t: 'partition', k }));
    return out;
  }

  private oracleActions(w: World, out: SysAction[]): void {
    const fd = this.config.failureDetector;
    if (fd === 'P') {
      const flushed = (p: Pid, q: Pid) => !this.config.detectorAfterMessages || !w.net.some((e) => e.from === q && e.to === p);
      for (const p of this.all) if (!w.down[p]) for (const q of this.all) if (w.down[q] && !w.detected[p].includes(q) && flushed(p, q)) out.push({ t: 'detect', p, q });
    } else if (fd === 'eventually-P') {
      const canErr = !w.fdStable && (w.mistakes === undefined || w.mistakes < this.config.detectorMistakes!);
      for (const p of this.all) {
        if (w.down[p]) continue;
        for (const q of this.all) {
          if (q === p) continue;
          const suspected = w.detected[p].includes(q);
          // before it stabilises ◇P may say anything; after, it converges on the crashed processes
          // a restoration of a live process or a suspicion of a crashed one is never a mistake
          if (!suspected && (canErr || w.down[q])) out.push({ t: 'suspect', p, q });
          if (suspected && (canErr || !w.down[q])) out.push({ t: 'restore', p, q });
        }
      }
    } else if (fd === 'omega') {
      const stableLeader = this.eventualLeader(w);
      for (const p of this.all) {
        if (w.down[p]) continue;
        const canErr = !w.fdStable && (w.mistakes === undefined || w.mistakes < this.config.detectorMistakes!);
        if (canErr) {
          for (const q of this.all) if (q !== w.leader![p]) out.push({ t: 'trust', p, q });
        } else if (stableLeader !== undefined && w.leader![p] !== stableLeader) out.push({ t: 'trust', p, q: stableLeader });
      }
    }
    if (w.fdStable === false) out.push({ t: 'stabilize' });
  }

  /** Whether a detector output is wrong about the world it is given in. */
  private isMistake(w: World, a: SysAction): boolean {
    if (a.t === 'suspect' || a.t === 'restore') return (a.t === 'suspect') !== w.down[a.q];
    if (a.t === 'trust') return a.q !== this.eventualLeader(w);
    return false;
  }

  /** Whom Ω settles on once stable: the lowest process that is up. */
  private eventualLeader(w: World): Pid | undefined {
    return this.all.find((q) => !w.down[q]);
  }

  /**
   * Time may pass when nothing is due now (no message at its delivery bound to a process that
   * can take it, unless its sender crashed: it is then lost when time passes; no timer at zero) and passing it changes something (a timer or a bound
   * counts down): with nothing pending, a tick would be a step that changes nothing.
   */
  private canTick(w: World): boolean {
    let counting = false;
    for (const e of w.net) {
      if (e.d === undefined) continue;
      if (e.d === 0 && !w.down[e.to] && !w.down[e.from] && !this.partitioned(w, e.from, e.to)) return false;
      if (e.d > 0) counting = true;
    }
    for (const p of this.all) {
      if (w.down[p]) continue;
      for (const name of w.timers[p]) {
        if (w.due![p][name] === 0) return false;
        counting = true;
      }
    }
    return counting;
  }

  private tick(w: World): World {
    // a message from a crashed sender is delivered within the bound or not at all
    const net = w.net.filter((e) => e.d !== 0 || !w.down[e.from]).map((e) => (e.d ? { ...e, d: e.d - 1 } : e));
    const dueNow = w.due!.map((ds) => (Object.keys(ds).length ? Object.fromEntries(Object.entries(ds).map(([k, v]) => [k, v > 0 ? v - 1 : 0])) : ds));
    return { ...w, net, due: dueNow };
  }

  fairness(w: World, a: SysAction): Fairness {
    switch (a.t) {
      case 'deliver': {
        const e = w.net[a.i];
        // a crashed sender's messages are owed only where P waits for them
        if (w.down[e.from] && !this.config.detectorAfterMessages) return 'none';
        const loss = this.config.network.loss;
        return loss === 'arbitrary' ? 'none' : loss === 'fair' ? 'strong' : 'weak';
      }
      case 'request':
      case 'timer':
      case 'detect':
      case 'heal':
      case 'tick':
      case 'gst':
      case 'stabilize':
        return 'weak';
      case 'suspect':
      case 'restore':
      case 'trust':
        return w.fdStable ? 'weak' : 'none';
      default:
        return 'none';
    }
  }

  fairnessAssumptions(): string {
    const { network, failureDetector } = this.config;
    const parts = [
      network.loss === 'none'
        ? 'every message between live processes is eventually delivered (weak fairness)'
        : network.loss === 'fair'
          ? 'a message sent again and again between live processes is eventually delivered (strong fairness: fair-loss links)'
          : 'none for messages (lossy links may drop every one)',
      'a pending timer eventually fires',
      'each process eventually issues its next request',
    ];
    if (failureDetector === 'P') parts.push(`P eventually reports each crash to every live process${this.config.detectorAfterMessages ? ', after the crashed process\'s messages to it, which are all delivered' : ''}`);
    if (failureDetector === 'eventually-P' || failureDetector === 'omega') parts.push(`${failureDetector === 'omega' ? 'Ω' : '◇P'} eventually stabilises, and then tells every live process the truth`);
    if (this.timed) parts.push('time passes');
    if (this.timing.model === 'partially-synchronous') parts.push('GST eventually comes');
    if (network.partitions.length) parts.push('a partition eventually heals');
    return `${parts.join('; ')}; none for crashes, recoveries, drops and duplicates (the adversary's moves)`;
  }

  private removeAt(net: readonly Envelope[], i: number): Envelope[] {
    const out = net.slice();
    out.splice(i, 1);
    return out;
  }

  private insert(net: Envelope[], e: Envelope): void {
    const fifo = this.config.network.ordering === 'fifo';
    let i = net.length;
    if (fifo) {
      while (i > 0 && (net[i - 1].from > e.from || (net[i - 1].from === e.from && net[i - 1].to > e.to))) i--;
      if (this.config.network.duplication && net.some((x) => sameEnv(x, e))) return;
    } else {
      while (i > 0 && compareEnv(net[i - 1], e) > 0) i--;
      if (this.config.network.duplication && i > 0 && sameEnv(net[i - 1], e)) return;
    }
    net.splice(i, 0, e);
  }

  /** Applies a handler's effects to the world. */
  private apply(w: World, p: Pid, fx: Effects, request: Msg | undefined): World {
    const procs = w.procs.slice();
    procs[p] = fx.state;
    let net: Envelope[] | readonly Envelope[] = w.net;
    if (fx.sends.length) {
      const copy = w.net.slice();
      const bound = this.timing.model === 'synchronous' || w.gst ? (this.timing as { delay: number }).delay : undefined;
      for (const e of fx.sends) if (!w.down[e.to]) this.insert(copy, bound === undefined ? e : { ...e, d: bound });
      net = copy;
    }
    let timers = w.timers;
    let dueNow = w.due;
    if (fx.setTimers.length || fx.cancelTimers.length) {
      const set = new Set(w.timers[p]);
      for (const t of fx.cancelTimers) set.delete(t);
      for (const t of fx.setTimers) set.add(t);
      timers = w.timers.slice();
      (timers as (readonly string[])[])[p] = [...set].sort();
      if (w.due) {
        const mine: Record<string, number> = {};
        for (const t of timers[p]) mine[t] = fx.setTimers.includes(t) ? fx.ticks[t] : w.due[p][t];
        dueNow = w.due.map((ds, q) => (q === p ? mine : ds));
      }
    }
    let history = w.history;
    if (request || fx.indications.length) {
      const events: HistoryEvent[] = w.history[p].slice();
      if (request) {
        if (this.config.realTime) {
          // real time: how many indications every process had emitted when this request came
          const before = w.history.map((h) => h.reduce((c, e) => (e.k === 'indication' ? c + 1 : c), 0));
          events.push({ k: 'request', v: request, before });
        } else events.push({ k: 'request', v: request });
      }
      for (const v of fx.indications) {
        const group = this.protocol.statusIndications?.find((g) => g.types.includes(v.type));
        if (group) {
          // a status indication replaces the earlier ones of its group (about the same key)
          const same = (e: HistoryEvent) => e.k === 'indication' && group.types.includes(e.v.type) && (!group.key || e.v[group.key] === v[group.key]);
          for (let i = events.length - 1; i >= 0; i--) if (same(events[i])) events.splice(i, 1);
        }
        events.push({ k: 'indication', v });
      }
      history = w.history.slice();
      (history as (readonly HistoryEvent[])[])[p] = events;
    }
    let stored = w.stored;
    if (fx.stored) {
      stored = w.stored.slice();
      (stored as unknown[])[p] = fx.stored.value;
    }
    return { ...w, procs, net, timers, history, stored, ...(dueNow ? { due: dueNow } : {}) };
  }

  next(w: World, a: SysAction): World {
    const out = this.step(w, a);
    return this.ordinals ? freezeWorld(this.renumbered(out)) : out;
  }

  private step(w: World, a: SysAction): World {
    switch (a.t) {
      case 'deliver':
      case 'duplicate':
      case 'request':
      case 'timer':
      case 'detect':
      case 'suspect':
      case 'restore':
      case 'trust': {
        const { p, fx, request } = this.handle(w, a);
        let base = w;
        if (a.t === 'deliver' || (a.t === 'duplicate' && !this.config.network.duplication)) base = { ...w, net: this.removeAt(w.net, a.i) };
        else if (a.t === 'request') base = { ...w, issued: w.issued.map((x, q) => (q === p ? x + 1 : x)) };
        else if (a.t === 'timer') base = this.withoutTimer(w, p, a.name);
        else if (a.t === 'detect' || a.t === 'suspect') base = { ...w, detected: w.detected.map((ds, q) => (q === p ? [...ds, a.q].sort((x, y) => x - y) : ds)) };
        else if (a.t === 'restore') base = { ...w, detected: w.detected.map((ds, q) => (q === p ? ds.filter((x) => x !== a.q) : ds)) };
        else if (a.t === 'trust') base = { ...w, leader: w.leader!.map((l, q) => (q === p ? a.q : l)) };
        if (w.mistakes !== undefined && this.isMistake(w, a)) base = { ...base, mistakes: w.mistakes + 1 };
        return freezeWorld(this.apply(base, p, fx, request));
      }
      case 'drop':
        return freezeWorld({ ...w, net: this.removeAt(w.net, a.i) });
      case 'crash': {
        const recovery = this.config.faults.model === 'crash-recovery';
        return freezeWorld(
          {
            ...w,
            procs: recovery ? w.procs.map((s, q) => (q === a.p ? null : s)) : w.procs,
            down: w.down.map((d, q) => d || q === a.p),
            crashes: w.crashes + 1,
            // messages to a process that is down are lost; its timers are gone
            net: w.net.filter((e) => e.to !== a.p),
            timers: w.timers.map((ts, q) => (q === a.p ? [] : ts)),
            ...(w.due ? { due: w.due.map((ds, q) => (q === a.p ? {} : ds)) } : {}),
            history: w.history.map((h, q) => (q === a.p ? [...h, { k: 'crash' as const }] : h)),
          },
        );
      }
      case 'recover': {
        const { fx } = this.handle(w, a);
        const up: World = {
          ...w,
          down: w.down.map((d, q) => (q === a.p ? false : d)),
          history: w.history.map((h, q) => (q === a.p ? [...h, { k: 'recover' as const }] : h)),
          detected: w.detected.map((ds, q) => (q === a.p ? [] : ds)),
          ...(w.leader ? { leader: w.leader.map((l, q) => (q === a.p ? -1 : l)) } : {}),
        };
        return freezeWorld(this.apply(up, a.p, fx, undefined));
      }
      case 'partition':
        return freezeWorld({ ...w, partition: a.k, partitionsUsed: w.partitionsUsed + 1 });
      case 'heal':
        return freezeWorld({ ...w, partition: -1 });
      case 'tick':
        return freezeWorld(this.tick(w));
      case 'gst': {
        // every message in flight is now bound (all get the same bound, so the order stays canonical)
        const delay = (this.timing as { delay: number }).delay;
        return freezeWorld({ ...w, gst: true, net: w.net.map((e) => (e.d === undefined ? { ...e, d: delay } : e)) });
      }
      case 'stabilize':
        return freezeWorld({ ...w, fdStable: true });
    }
  }

  private withoutTimer(w: World, p: Pid, name: string): World {
    const timers = w.timers.map((ts, q) => (q === p ? ts.filter((x) => x !== name) : ts));
    if (!w.due) return { ...w, timers };
    return { ...w, timers, due: w.due.map((ds, q) => (q === p ? Object.fromEntries(Object.entries(ds).filter(([k]) => k !== name)) : ds)) };
  }

  /**
   * Worlds that differ only by renumbering the protocol's ordinals are one state: every
   * world a step makes has its ordinals renumbered by rank (1, 2, ...). The world itself, not
   * only its fingerprint, so that labels (which print ballots) and fairness by label agree
   * across the worlds one state stands for, and traces replay.
   */
  private renumbered(w: World): World {
    if (!this.ordinals) return w;
    const [procs, msgs, stored, history] = renumberOrdinals([w.procs, w.net.map((e) => e.msg), w.stored, w.history], this.ordinals);
    if (procs === w.procs && msgs.every((m, i) => m === w.net[i].msg) && stored === w.stored && history === w.history) return w;
    const net = w.net.map((e, i) => (msgs[i] === e.msg ? e : { ...e, msg: msgs[i] })).sort(compareEnv);
    return { ...w, procs, net, stored, history };
  }

  /** Labels name the message by content, so they stay the same whatever its index in the network. */
  label(a: SysAction): string {
    switch (a.t) {
      case 'deliver':
      case 'duplicate':
      case 'drop':
        return `${a.t} ${eventText(a.e.msg)} p${a.e.from}→p${a.e.to}`;
      case 'request':
        return `request p${a.p} ${eventText(a.req)}`;
      case 'timer':
        return `timer p${a.p} ${a.name}`;
      case 'detect':
        return `detect p${a.p} crash(p${a.q})`;
      case 'suspect':
      case 'restore':
        return `${a.t} p${a.p} p${a.q}`;
      case 'trust':
        return `trust p${a.p} p${a.q}`;
      case 'tick':
      case 'gst':
      case 'stabilize':
        return a.t;
      case 'crash':
      case 'recover':
        return `${a.t} p${a.p}`;
      case 'partition':
        return `partition ${this.config.network.partitions[a.k].map((g) => `{${g.map((p) => `p${p}`).join(',')}}`).join(' | ')}`;
      case 'heal':
        return 'heal';
    }
  }

  actionKind(a: SysAction): string {
    return a.t;
  }

  variables(w: World): Record<string, unknown> {
    const vars: Record<string, unknown> = {};
    this.all.forEach((p) => (vars[`p${p}`] = w.down[p] ? 'down' : w.procs[p]));
    vars.network = w.net.map((e) => `${eventText(e.msg)} p${e.from}→p${e.to}${e.d === undefined ? '' : ` (due in ${e.d})`}`);
    vars.timers = Object.fromEntries(this.all.filter((p) => w.timers[p].length).map((p) => [`p${p}`, w.due ? w.due[p] : w.timers[p]]));
    if (w.gst !== undefined) vars.gst = w.gst ? 'passed' : 'not yet';
    if (this.config.failureDetector === 'eventually-P') vars.suspected = Object.fromEntries(this.all.map((p) => [`p${p}`, w.detected[p].map((q) => `p${q}`)]));
    if (w.leader) vars.trusts = Object.fromEntries(this.all.map((p) => [`p${p}`, w.leader![p] < 0 ? 'none' : `p${w.leader![p]}`]));
    if (w.fdStable !== undefined) vars.detector = w.fdStable ? 'stable' : 'not yet stable';
    if (this.config.faults.model === 'crash-recovery') vars.stored = w.stored;
    if (this.config.network.partitions.length) vars.partition = w.partition < 0 ? 'none' : this.label({ t: 'partition', k: w.partition });
    return vars;
  }

  stepInfo(w: World, a: SysAction): StepInfo {
    switch (a.t) {
      case 'deliver':
      case 'duplicate':
      case 'request':
      case 'timer':
      case 'detect':
      case 'suspect':
      case 'restore':
      case 'trust':
      case 'recover': {
        const { p, fx, request, received } = this.handle(w, a);
        return {
          process: p,
          kind: a.t,
          ...(received ? { received: { from: received.from, message: received.msg } } : {}),
          ...(fx.sends.length ? { sent: fx.sends.map((e) => ({ to: e.to, message: e.msg })) } : {}),
          ...(fx.indications.length ? { indications: fx.indications } : {}),
          ...(request ? { request } : {}),
        };
      }
      case 'drop':
        return { process: w.net[a.i].to, kind: 'drop', received: { from: w.net[a.i].from, message: w.net[a.i].msg } };
      case 'crash':
        return { process: a.p, kind: 'crash' };
      default:
        return { kind: a.t };
    }
  }

  // ---- partial-order reduction (src/system/independence.ts) -------------------

  independent(_w: World, a: SysAction, b: SysAction): boolean {
    return independentSteps(this, a, b);
  }

  actionKey(a: SysAction): string {
    return stepKey(a);
  }
}

/** For tests and tools: the fingerprint of a world, as the explorer computes it. */
export function worldFingerprint(w: World): { hi: number; lo: number } {
  fingerprint(w);
  return { hi: fp.hi, lo: fp.lo };
}
