/**
 * Turns protocol reducers and a system model into a core Model. The system model is a list
 * of components (components.ts): each owns fields of the world and kinds of step. A step is
 * one process running one handler (a delivery, a request, a timer, a failure-detector
 * indication, a recovery), or a move of time or of the adversary (drop, duplicate, crash,
 * partition, heal, tick, GST, stabilisation). This class only composes them: it lists the
 * components' actions phase by phase, runs handlers with the hygiene checks (handlers/run.ts),
 * applies their effects through every component, and renumbers ordinals.
 */
import { ModelError, type Fairness, type Invariant, type LivenessProperty, type Model, type ProcessInfo, type StepInfo } from '../core/model.ts';
import { PHASES, type NextWorld, type ProcessStep, type SystemComponent, type SystemView } from './component.ts';
import { CHANNELS, composeComponents } from './components.ts';
import type { SystemConfig } from './config.ts';
import type { Effects } from './handlers/context.ts';
import { HandlerRunner } from './handlers/run.ts';
import type { History, SystemProperty } from './history.ts';
import { HistoryView } from './history-view.ts';
import { judge } from './judge.ts';
import { footprints, independence } from './independence.ts';
import type { Channels } from './network/channels.ts';
import { maxOrdinal, renumberOrdinals } from './ordinals.ts';
import type { Pid, ProtocolModule, RoleDef } from './protocol.ts';
import { withSlot, type SysAction, type World } from './world.ts';
import { WorldShape } from './world-shape.ts';
import { WorldHasher } from './world-hash.ts';
import { StepPicker } from './step-picker.ts';

export interface SystemModelOptions {
  name: string;
  params: Record<string, unknown>;
  properties: SystemProperty[];
  /**
   * The model serves an exhaustive search of safety properties only, with no deadlock check:
   * components may leave out steps that only fairness needs (SystemView.fairnessSteps). Not for
   * random runs, which such steps make likelier, nor for replaying traces recorded elsewhere.
   */
  exhaustiveSafety?: boolean;
}

export class SystemModel implements Model<World, SysAction> {
  readonly name: string;
  readonly invariants: Invariant<World>[];
  readonly liveness: LivenessProperty<World>[];
  readonly components: readonly SystemComponent[];
  private readonly roleOfPid: string[] = [];
  private readonly all: Pid[];
  private readonly owners = new Map<string, SystemComponent>();
  /** The independence relation (independence.ts), made when partial-order reduction first asks. */
  private commute?: (a: SysAction, b: SysAction) => boolean;
  private touched?: (a: SysAction) => readonly Pid[] | null;
  /** The first safety property seen reading a process state (dpor.ts cannot reduce under it). */
  private statesRead?: string;
  private readonly runner: HandlerRunner;
  private readonly channels: Channels;
  private readonly ordinals?: ReadonlySet<string>;
  private readonly shape: WorldShape;
  private readonly hasher: WorldHasher;
  private readonly picker: StepPicker;
  /** Monte Carlo runs (Model.sampling): worlds keep no parent, handlers' effects are not memoised. */
  private sampledRuns = false;
  /** The last step `sample` took (or, in Monte Carlo runs, `next`), with its effects. */
  private sampled?: { from: World; action: SysAction; fx: Effects };
  /** The components that cut links, and those that apply handlers' effects. */
  private readonly cutters: readonly SystemComponent[];
  private readonly effectors: readonly SystemComponent[];
  /** The Byzantine processes (a fault model's): no reducer runs for them. */
  private readonly byz: readonly Pid[];
  private readonly byzSet: ReadonlySet<Pid>;
  /** Rated steps (Model.rate), present only when a component rates its steps (churn). */
  readonly rate?: (w: World, a: SysAction) => number | undefined;

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
    this.all = Array.from({ length: this.roleOfPid.length }, (_, i) => i);
    if (protocol.ordinals?.length) this.ordinals = new Set(protocol.ordinals);
    this.channels = CHANNELS[config.network.ordering];
    this.components = composeComponents(this.view());
    this.byz = this.components.flatMap((c) => c.byzantine?.() ?? []);
    this.byzSet = new Set(this.byz);
    for (const c of this.components) {
      for (const k of c.kinds) {
        const other = this.owners.get(k);
        if (other) throw new Error(`the components ${other.name} and ${c.name} both offer '${k}' steps`);
        this.owners.set(k, c);
      }
    }
    if (this.components.some((c) => c.rate)) this.rate = (w, a) => this.owner(a).rate?.(w, a);
    this.cutters = this.components.filter((c) => c.cuts);
    this.effectors = this.components.filter((c) => c.effects);
    this.shape = new WorldShape(Object.keys(this.blankWorld()).sort());
    this.hasher = new WorldHasher(this.shape);
    this.picker = new StepPicker(this.components);
    this.runner = new HandlerRunner(this.all, this.roleOfPid, options.params, config.determinism, (w) => this.maxOrdinal(w), protocol.random === true);
    this.invariants = options.properties
      .filter((p) => p.kind === 'safety')
      .map((p) => ({ name: p.name, description: p.description, check: this.judge(p, () => (this.statesRead ??= p.name)) }));
    this.liveness = options.properties
      .filter((p) => p.kind === 'liveness')
      .map((p) => ({ name: p.name, description: p.description, settled: this.judge(p), ...(p.eventuallyAlways ? { eventuallyAlways: true } : {}) }));
  }

  /** What the components may ask of the system. */
  private view(): SystemView {
    // asked at every expansion by the components that offer such steps: settled once here
    const fairnessSteps = !this.options.exhaustiveSafety || this.options.properties.some((p) => p.kind === 'liveness');
    return {
      protocol: this.protocol,
      config: this.config,
      n: this.all.length,
      all: this.all,
      roleOf: (p) => this.roleOfPid[p],
      role: (p) => this.role(p),
      linkUp: (w, from, to) => {
        for (const c of this.cutters) if (c.cuts!(w, from, to)) return false;
        return true;
      },
      cutsLinks: () => this.cutters.length > 0,
      sampling: () => this.sampledRuns,
      fairnessSteps: () => fairnessSteps,
      sendBound: (w) => {
        for (const c of this.components) if (c.sendBound) return c.sendBound(w);
        return undefined;
      },
      owesCrashedMessages: () => this.components.some((c) => c.owesCrashedMessages?.()),
      isByzantine: (p) => this.byzSet.has(p),
      effectsOf: (w, ev, what) => this.runner.run(w, ev, ev.base === undefined ? w.procs[ev.p] : ev.base, what),
      crashed: (out, p, cause) => {
        for (const c of this.components) c.onCrash?.(out, p, cause);
      },
      recovered: (out, p, cause) => {
        for (const c of this.components) c.onRecover?.(out, p, cause);
      },
    };
  }

  private judge(p: SystemProperty, onStateRead?: () => void): (w: World) => string | null {
    return judge(p, this.hasher, this.all, this.roleOfPid, this.byz, onStateRead);
  }

  get n(): number {
    return this.all.length;
  }

  processes(): ProcessInfo[] {
    return this.all.map((p) => ({ id: p, name: `p${p}`, role: this.roleOfPid[p] }));
  }

  historyOf(w: World): History {
    return new HistoryView(w, this.all, this.roleOfPid, this.byz);
  }

  private role(p: Pid): RoleDef<any, any, any> {
    return this.protocol.roles[this.roleOfPid[p]];
  }

  private owner(a: SysAction): SystemComponent {
    const c = this.owners.get(a.t);
    if (!c) throw new Error(`no component of this system offers '${a.t}' steps`);
    return c;
  }

  /** The adversary in words (who is Byzantine and its bounds), when a fault model has one to report. */
  adversary(): string | undefined {
    for (const c of this.components) if (c.adversary) return c.adversary();
    return undefined;
  }

  /** The rates of rated steps, in words (churn), for the reports of estimates. */
  rates(): string[] {
    return this.components.map((c) => c.rates?.()).filter((x): x is string => x !== undefined);
  }

  /** Why symmetry reduction cannot be used with these components, in words. */
  symmetryProblems(): string[] {
    return this.components.map((c) => c.symmetryProblem?.()).filter((x): x is string => x !== undefined);
  }

  // ---- the core Model --------------------------------------------------------

  /** The world before any process has run its init: every component's fields. */
  private blankWorld(): World {
    let w = { procs: this.all.map(() => null) } as unknown as World;
    for (const c of this.components) if (c.init) w = { ...w, ...c.init() };
    return w;
  }

  initialStates(): World[] {
    let w = this.blankWorld();
    for (const p of this.all) {
      if (this.byzSet.has(p)) continue;
      const fx = this.runner.init(w, p, this.role(p));
      const out = this.shape.clone(w);
      this.applyEffects(out, p, fx, { p, invoke: { call: 'ignore' } });
      w = out;
    }
    return [this.finish(this.renumbered(w), undefined)];
  }

  actions(w: World): SysAction[] {
    const out: SysAction[] = [];
    for (const phase of PHASES) for (const c of this.components) c.actions?.(w, phase, out);
    return this.protocol.random ? this.withBranches(w, out) : out;
  }

  /** A random protocol's steps, one per outcome of their handlers' random calls (found by running them, memoised for `next`). */
  private withBranches(w: World, actions: SysAction[]): SysAction[] {
    const out: SysAction[] = [];
    for (const a of actions) {
      const c = this.owner(a);
      let ev: ProcessStep | undefined;
      try {
        ev = c.processStep?.(w, a);
      } catch {
        ev = undefined; // a missing handler: `next` reports it
      }
      if (!ev) {
        out.push(a);
        continue;
      }
      const branches = this.runner.branches(w, ev, ev.base === undefined ? w.procs[ev.p] : ev.base, () => c.describe?.(w, a) ?? a.t);
      if (branches.length === 1 && branches[0].choices.length === 0) out.push(a);
      else for (const b of branches) out.push({ ...a, c: b.choices, pr: b.probability, cv: b.shown });
    }
    return out;
  }

  /** The enabled steps, each once: a random step's outcomes are drawn by `sample`. */
  steps(w: World): SysAction[] {
    const out: SysAction[] = [];
    for (const phase of PHASES) for (const c of this.components) c.actions?.(w, phase, out);
    return out;
  }

  pickStep(w: World, random: () => number): SysAction | undefined {
    return this.picker.pick(w, random);
  }

  /** The successor under a step, its handler's random outcomes drawn from `random`. */
  sample(w: World, a: SysAction, random: () => number): World {
    if (!this.protocol.random) return this.next(w, a);
    const c = this.owner(a);
    const ev = c.processStep?.(w, a);
    if (!ev) return this.next(w, a);
    const out = this.shape.clone(w);
    const fx = this.runner.sample(w, ev, ev.base === undefined ? w.procs[ev.p] : ev.base, () => c.describe?.(w, a) ?? a.t, random);
    // what the sampled step did, for stepInfo (a second run would draw other outcomes)
    this.sampled = { from: w, action: a, fx };
    c.step?.(w, a, out);
    this.applyEffects(out, ev.p, fx, ev);
    return this.finish(this.ordinals ? this.renumbered(out) : out, w);
  }

  /** A branch of a random step: its probability among the step's branches, and the step it is a branch of (by label). */
  chance(_w: World, a: SysAction): { step: string; p: number } | undefined {
    return a.pr === undefined ? undefined : { step: this.owner(a).label?.(a) ?? a.t, p: a.pr };
  }

  next(w: World, a: SysAction): World {
    const out = this.step(w, a);
    return this.finish(this.ordinals ? this.renumbered(out) : out, w);
  }

  /** A new world as the search keeps it, tied to `from` for its fingerprint (world-hash.ts). */
  private finish(w: World, from: World | undefined): World {
    this.hasher.made(w, from, !this.sampledRuns);
    return w;
  }

  private step(w: World, a: SysAction): World {
    const c = this.owner(a);
    const ev = c.processStep?.(w, a);
    const out = this.shape.clone(w);
    if (!ev) {
      if (!c.step) throw new Error(`the component ${c.name} has no step for '${a.t}'`);
      c.step(w, a, out);
      return out;
    }
    // the handler runs on the world before the step; its effects apply to the world after it
    const fx = this.runHandler(w, ev, c, a);
    // Monte Carlo runs ask stepInfo next, and no longer memoise the handler's effects
    if (this.sampledRuns) this.sampled = { from: w, action: a, fx };
    c.step?.(w, a, out);
    this.applyEffects(out, ev.p, fx, ev);
    return out;
  }

  private runHandler(w: World, ev: ProcessStep, c: SystemComponent, a: SysAction): Effects {
    return this.runner.run(w, ev, ev.base === undefined ? w.procs[ev.p] : ev.base, () => c.describe?.(w, a) ?? a.t, a.c);
  }

  private applyEffects(out: NextWorld, p: Pid, fx: Effects, ev: ProcessStep): void {
    out.procs = withSlot(out.procs, p, fx.state);
    for (const c of this.effectors) c.effects!(out, p, fx, ev);
  }

  private maxOrdinal(w: World | undefined): number {
    if (!this.ordinals) throw new ModelError('ctx.fresh() needs the protocol to declare its ordinals (defineProtocol({ ordinals: [...] }))', 'no-ordinals', 2);
    if (!w) return 0;
    const keys = this.ordinals;
    return Math.max(maxOrdinal(w.procs, keys), maxOrdinal(w.net.map((e) => e.msg), keys), maxOrdinal(w.stored, keys), maxOrdinal(w.history, keys));
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
    const net = this.channels.sort(w.net.map((e, i) => (msgs[i] === e.msg ? e : Object.freeze({ ...e, msg: msgs[i] }))));
    return { ...w, procs, net, stored, history };
  }

  sampling(on: boolean): void {
    this.sampledRuns = on;
    this.runner.memoise = !on;
  }

  /** A world's fingerprint from its parts' (world-hash.ts). */
  hash(value: unknown): void {
    this.hasher.hash(value as World);
  }

  fairness(w: World, a: SysAction): Fairness {
    return this.owner(a).fairness?.(w, a) ?? 'none';
  }

  fairnessAssumptions(): string {
    const parts = this.components.flatMap((c) => c.assumptions?.() ?? []);
    return `${parts.join('; ')}; none for crashes, recoveries, drops and duplicates (the adversary's moves)`;
  }

  /** Labels name the message by content, so they stay the same whatever its index in the network. */
  label(a: SysAction): string {
    const base = this.owner(a).label?.(a) ?? a.t;
    return a.cv === undefined ? base : `${base} ⟨${a.cv}⟩`;
  }

  actionKind(a: SysAction): string {
    return a.t;
  }

  variables(w: World): Record<string, unknown> {
    const vars: Record<string, unknown> = {};
    this.all.forEach((p) => (vars[`p${p}`] = w.down[p] ? 'down' : w.procs[p]));
    for (const c of this.components) c.variables?.(w, vars);
    return vars;
  }

  stepInfo(w: World, a: SysAction): StepInfo {
    const c = this.owner(a);
    const ev = c.processStep?.(w, a);
    if (!ev) return c.stepInfo?.(w, a) ?? { kind: a.t };
    const s = this.sampled;
    const fx = s && s.from === w && s.action === a ? s.fx : this.runHandler(w, ev, c, a);
    return {
      process: ev.p,
      kind: a.t,
      ...(ev.received ? { received: { from: ev.received.from, message: ev.received.msg } } : {}),
      ...(fx.sends.length ? { sent: fx.sends.map((e) => ({ to: e.to, message: e.msg })) } : {}),
      ...(fx.indications.length ? { indications: fx.indications } : {}),
      ...(ev.request ? { request: ev.request } : {}),
      ...(a.cv !== undefined ? { chose: a.cv } : {}),
    };
  }

  // ---- partial-order reduction (independence.ts) ----------------------------

  independent(_w: World, a: SysAction, b: SysAction): boolean {
    this.commute ??= independence((x) => this.owner(x), this.components, this.protocol);
    return this.commute(a, b);
  }

  footprint(a: SysAction): readonly Pid[] | null {
    this.touched ??= footprints((x) => this.owner(x), this.components, this.protocol);
    return this.touched(a);
  }

  observes(w: World, n: World): boolean {
    // what properties read (judge.ts): histories and who is down; a step that changes neither keeps both objects
    return w.history !== n.history || w.down !== n.down;
  }

  reductionUnsound(): string | undefined {
    return this.statesRead === undefined ? undefined : `the safety property ${this.statesRead} reads process states`;
  }

  actionKey(a: SysAction): string {
    const base = this.owner(a).stepKey?.(a) ?? a.t;
    return a.c === undefined ? base : `${base} ⟨${a.c.join('.')}⟩`;
  }
}
