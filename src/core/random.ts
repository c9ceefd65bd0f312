/**
 * Random search: many random executions of a core Model to a depth bound, driven by
 * fast-check. The value fast-check generates is the schedule (an array of small integers,
 * each picking among the actions enabled at that step, modulo their count), so fast-check's
 * shrinking shrinks a counterexample: shorter schedules, and choices toward 0, the model's
 * boring default.
 *
 * Invariants are checked in every state, errors thrown by the model are reported as the
 * exhaustive search reports them, and liveness where a fair run can stay forever: in
 * quiescent states (no fair action leads to another state), and on the cycles a run closes
 * when it comes back to a state it visited (random-cycles.ts judges them with the exhaustive
 * check's fair-cycle code and reports a lasso). A run that ends at the depth bound proves
 * nothing about liveness. No violation in N runs is evidence, not a proof.
 *
 * Reproducible: the runs are grouped in blocks of BLOCK_RUNS; block b runs fast-check with
 * a seed derived from (seed, b) only. `shard: {index: i, count: n}` runs the blocks with
 * b mod n = i - 1, so the n shards of a CI matrix together run exactly the unsharded search,
 * and the same seed gives the same runs on any machine.
 */
import { hashState } from './state-hash.ts';
import fc from 'fast-check';
import { BLOCK_RUNS, blockSeed, freshSeed, ScheduleArbitrary, shardRunCount, type Schedule } from './random-schedule.ts';
import { kindOf, sampleBranch, Walks, type Walk } from './random-walks.ts';

export { kindOf } from './random-walks.ts';

export { BLOCK_RUNS, blockSeed, freshSeed, parseShard, shardRunCount, type Schedule } from './random-schedule.ts';
import type { Model } from './model.ts';
import { fp } from './fingerprint.ts';
import { VisitedSet } from './visited.ts';
import { WalkGraph, type CycleStats } from './random-cycles.ts';
import type { ActionCoverage, RandomStats, SearchOptions, SearchResult } from './search.ts';
import { deadlockFinding, foreverFinding, invariantFinding, modelErrorFinding, quiescentFinding, type Finding, type Violation } from './verdict.ts';
import type { LimitKind } from './limits.ts';

export { WALKS, type Walk } from './random-walks.ts';

export interface RandomOptions<S = unknown> extends SearchOptions {
  /** The seed of the whole search (default: a fresh one, reported in the stats). */
  seed?: number;
  /** How many runs (default 1,000; unbounded when only a time limit is given). */
  runs?: number;
  /** The steps of one run at most (default DEFAULT_DEPTH). */
  maxDepth?: number;
  /**
   * uniform: every enabled action equally likely. swarm: each run drops a random half of the
   * action kinds (taking them only when nothing else is enabled), so runs differ in
   * character. pct: each run gives every actor (the process of a step, else its action kind)
   * a random priority, always runs the highest one, and lowers the running actor's priority
   * at `pctDepth - 1` random steps (Burckhardt et al.'s probabilistic concurrency testing).
   */
  walk?: Walk;
  /** This machine's share of the search: blocks b with b mod count = index - 1 (index counts from 1). */
  shard?: { index: number; count: number };
  /** PCT's bug depth d: d - 1 priority change points per run (default 3). */
  pctDepth?: number;
  /**
   * With liveness properties: when a run comes back to a state it visited, pick first among
   * the actions it has not tried from there (default false). A cycle is fair only if it takes
   * the fair actions enabled along it, which a walk round a loop may keep missing; but the
   * cycle check already counts a skipped fair action that stays in the loop, and on
   * lockers-greedy, job-handler-postpone and paxos-dueling (20 seeds each) steering changed
   * neither the verdict nor the run that found the lasso.
   */
  steerCycles?: boolean;
  /** Shrink a counterexample with fast-check (default true). */
  shrink?: boolean;
  /** Called at the end of every run of the search (not of the executions spent shrinking). */
  onRunEnd?: (last: S, info: { run: number; steps: number }) => void;
}

/** What a random search reports: RandomStats, and for a model with liveness properties what its fair-cycle check did. */
export interface RandomSearchStats extends RandomStats {
  cycles?: CycleStats;
}

/** The random-search settings that the command line adds to a spec's check settings. */
export interface RandomSettings {
  walk?: Walk;
  shard?: { index: number; count: number };
}

export const DEFAULT_RUNS = 1000;
export const DEFAULT_DEPTH = 100;

interface Outcome<S> {
  violation?: Violation;
  /** Choices consumed. */
  used: number;
  steps: number;
  last: S;
}

type Mode = 'search' | 'shrink' | 'final';

/** One random search; `run()` does the work. */
class RandomSearch<S, A> {
  readonly visited = new VisitedSet();
  readonly coverage: Record<string, ActionCoverage> = {};
  private readonly inits: readonly S[];
  private readonly maxDepth: number;
  private readonly walk: Walk;
  private readonly walks: Walks<S, A>;
  private readonly pctDepth: number;
  /** Kinds taken in the current run (for ActionCoverage.runs). */
  private readonly runKinds = new Set<string>();
  runs = 0;
  steps = 0;
  depth = 0;
  shrinkRuns = 0;
  shrinkSteps = 0;
  private readonly start = performance.now();
  private peakRss = 0;
  /** The graph of the current run, for liveness: only when the model has liveness properties. */
  private readonly walkGraph?: WalkGraph<S, A>;
  private readonly steerCycles: boolean;

  constructor(
    readonly model: Model<S, A>,
    readonly options: RandomOptions<S>,
  ) {
    this.inits = model.initialStates();
    this.maxDepth = options.maxDepth ?? DEFAULT_DEPTH;
    this.walk = options.walk ?? 'uniform';
    this.pctDepth = Math.max(1, options.pctDepth ?? 3);
    this.walks = new Walks(model, this.walk, this.pctDepth);
    if (model.liveness?.length) this.walkGraph = new WalkGraph(model);
    this.steerCycles = options.steerCycles ?? false;
  }

  private cov(kind: string): ActionCoverage {
    return (this.coverage[kind] ??= { taken: 0, distinct: 0, enabled: 0, runs: 0 });
  }

  private checkInvariants(state: S, path: number[]): Violation | undefined {
    const f = invariantFinding(this.model as Model<S, unknown>, state);
    return f && { ...f, path: path.slice() };
  }

  /** A state where no fair action is enabled is where a fair run stays forever: every liveness property must be settled there. */
  private checkQuiescent(state: S, actions: readonly A[], path: number[]): Violation | undefined {
    const f = quiescentFinding(this.model, state, actions).finding;
    return f && this.atEnd(f, path);
  }

  /** A state whose every enabled action leaves it unchanged: like a quiescent state, a fair run never leaves it. */
  private checkStuck(state: S, path: number[]): Violation | undefined {
    const f = foreverFinding(this.model as Model<S, unknown>, state, true);
    return f && this.atEnd(f, path);
  }

  /** A finding in the run's last state; a liveness one loops there forever. */
  private atEnd(f: Finding, path: number[]): Violation {
    return { ...f, path: path.slice(), ...(f.kind === 'liveness' ? { loopStart: path.length - 1 } : {}) };
  }

  private modelError(err: unknown, path: number[], choice: number): Violation {
    return { ...modelErrorFinding(err, choice), path: path.slice() };
  }

  /** Fingerprints a state into `fp`. */
  private fingerprintOf(state: S): void {
    hashState(this.model, state);
  }

  /**
   * Executes one schedule; every mode takes exactly the same steps, 'search' also counts
   * coverage and distinct states. A step whose successor equals the current state (a
   * stutter, e.g. a message received again) is taken only when nothing else changes the
   * state; when only stutters are left, the run ends (it would repeat that state forever).
   */
  execute(sched: Schedule, mode: Mode): Outcome<S> {
    const model = this.model;
    const search = mode === 'search';
    const n = this.inits.length;
    const initIndex = n > 0 ? sched.init % n : 0;
    let state = this.inits[initIndex];
    const path = [initIndex];
    const out = (violation: Violation | undefined, used: number): Outcome<S> => ({ violation, used, steps: path.length - 1, last: state });
    if (state === undefined) return out(undefined, 0);
    this.fingerprintOf(state);
    let hi = fp.hi;
    let lo = fp.lo;
    if (search) this.visited.add(hi, lo, -1, 0);
    let v = this.checkInvariants(state, path);
    if (v) return out(v, 0);
    const graph = this.walkGraph;
    let node = 0;
    let revisited = false;
    if (graph) {
      graph.reset(search);
      node = graph.visit(state, hi, lo, 0).id;
    }
    const { choices, salt } = sched;
    const changes = this.walk === 'pct' ? sched.changes : undefined;
    let lowered = 0;
    const priorities = this.walk === 'pct' ? new Map<string, number>() : undefined;
    if (search) this.runKinds.clear();
    let c = 0;
    const seen = search ? new Set<string>() : undefined;
    for (let depth = 0; ; depth++) {
      let actions: readonly A[];
      try {
        actions = model.actions(state);
      } catch (err) {
        return out(this.modelError(err, path, -1), c);
      }
      graph?.setActions(node, actions);
      if (seen) {
        seen.clear();
        for (const a of actions) {
          const k = kindOf(model, a);
          if (!seen.has(k)) {
            seen.add(k);
            this.cov(k).enabled!++;
          }
        }
      }
      v = this.checkQuiescent(state, actions, path);
      if (v) return out(v, c);
      if (depth >= this.maxDepth || c >= choices.length) return out(undefined, c);
      // the candidates, by walk; an action without successor or with a stuttering one is set aside and the pick repeated
      let live: number[] = [];
      for (let i = 0; i < actions.length; i++) live.push(i);
      let next: S | null = null;
      let picked = -1;
      let actorOf: string | undefined;
      let stutters = false;
      let nextHi = 0;
      let nextLo = 0;
      const choice = choices[c++];
      // back in a state of this run: its untaken actions first, so that the run's cycles take all they can (fairness asks for it)
      const steer = graph !== undefined && revisited && this.steerCycles;
      while (live.length > 0) {
        let pool = live;
        if (steer) {
          const untried = live.filter((i) => !graph.tried(node, i));
          if (untried.length > 0) pool = untried;
        }
        const pick = this.walks.candidates(state, pool, actions, salt, choice, priorities);
        const cands = pick.cands;
        if (pick.actor !== undefined) actorOf = pick.actor;
        picked = model.chance ? sampleBranch(model, state, actions, cands, choice, () => (c < choices.length ? choices[c++] : 0)) : cands[choice % cands.length];
        let succ: S | null;
        try {
          succ = model.next(state, actions[picked]);
        } catch (err) {
          return out(this.modelError(err, path, picked), c);
        }
        if (succ !== null) {
          this.fingerprintOf(succ);
          if (fp.hi !== hi || fp.lo !== lo) {
            next = succ;
            nextHi = fp.hi;
            nextLo = fp.lo;
            break;
          }
          stutters = true;
        }
        graph?.idle(node, picked);
        live = live.filter((i) => i !== picked);
      }
      if (next === null) {
        // only stutters are left: every fair run from here stays here forever, so liveness must be settled here
        if (stutters) return out(this.checkStuck(state, path), c);
        // nothing can happen here: a deadlock
        if (this.options.checkDeadlock) return out({ ...deadlockFinding, path: path.slice() }, c);
        return out(undefined, c);
      }
      const action = actions[picked];
      if (graph && model.fairness?.(state, action) === 'none') {
        // an unfair step: might a fair run stay here instead? (a fair step that leaves proves it cannot)
        v = graph.quiescent(node, path);
        if (v) return out(v, c);
      }
      hi = nextHi;
      lo = nextLo;
      path.push(picked);
      state = next;
      if (search) {
        const k = kindOf(model, action);
        const cv = this.cov(k);
        cv.taken++;
        if (!this.runKinds.has(k)) {
          this.runKinds.add(k);
          cv.runs!++;
        }
        if (this.visited.add(hi, lo, -1, 0) >= 0) cv.distinct++;
      }
      if (priorities && changes && actorOf !== undefined && changes.includes(depth)) {
        // PCT: the actor that just ran drops below every actor not yet lowered
        priorities.set(actorOf, ++lowered);
      }
      v = this.checkInvariants(state, path);
      if (v) return out(v, c);
      if (graph) {
        const to = graph.visit(state, hi, lo, path.length - 1);
        v = graph.step(node, picked, to.id, to.fresh, path);
        if (v) return out(v, c);
        node = to.id;
        revisited = !to.fresh;
      }
    }
  }

  arbitrary(used: { choices?: number[]; count: number }): fc.Arbitrary<Schedule> {
    const n = Math.max(1, this.inits.length);
    const d = this.maxDepth;
    return fc.noBias(
      fc.record({
        choices: new ScheduleArbitrary(d, used),
        init: fc.integer({ min: 0, max: n - 1 }),
        salt: this.walk === 'uniform' ? fc.constant(0) : fc.integer({ min: 0, max: 0x7fffffff }),
        changes: this.walk === 'pct' && d > 0 ? fc.array(fc.integer({ min: 0, max: d - 1 }), { minLength: this.pctDepth - 1, maxLength: this.pctDepth - 1 }) : fc.constant([] as number[]),
      }),
    );
  }

  run(): SearchResult {
    const o = this.options;
    const seed = o.seed ?? freshSeed();
    const requested = o.runs ?? (o.timeLimitMs !== undefined ? undefined : DEFAULT_RUNS);
    const total = requested ?? Infinity;
    const blocks = Math.ceil(total / BLOCK_RUNS);
    const shard = o.shard;
    if (shard && (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || shard.count < 1 || shard.index < 1 || shard.index > shard.count)) {
      throw new RangeError(`shard ${shard.index}/${shard.count}: the index must be between 1 and the count`);
    }
    const shardRuns = shard ? shardRunCount(total, shard) : total;
    let violation: Violation | undefined;
    let limit: { kind: LimitKind; message: string } | undefined;
    let lastProgress = this.start;
    const used: { choices?: number[]; count: number } = { count: 0 };
    const arb = this.arbitrary(used);
    for (let b = shard ? shard.index - 1 : 0; b < blocks; b += shard ? shard.count : 1) {
      const numRuns = Math.min(BLOCK_RUNS, total - b * BLOCK_RUNS);
      const elapsed = performance.now() - this.start;
      if (o.timeLimitMs !== undefined && elapsed >= o.timeLimitMs) {
        limit = this.timeLimit(elapsed, requested, shardRuns);
        break;
      }
      let target: string | undefined;
      let shrinking = false;
      const property = fc.property(arb, (sched) => {
        const mode: Mode = shrinking ? 'shrink' : 'search';
        const r = this.execute(sched, mode);
        if (shrinking) {
          this.shrinkRuns++;
          this.shrinkSteps += r.steps;
        } else {
          this.runs++;
          this.steps += r.steps;
          if (r.steps > this.depth) this.depth = r.steps;
          o.onRunEnd?.(r.last, { run: this.runs, steps: r.steps });
        }
        // while shrinking, only the property that failed first counts as a failure
        const failed = r.violation !== undefined && (target === undefined || r.violation.property === target);
        if (failed) {
          target = r.violation!.property;
          shrinking = true;
          used.choices = sched.choices;
          used.count = r.used;
        }
        if (o.onProgress && !shrinking) {
          const now = performance.now();
          if (now - lastProgress >= (o.progressIntervalMs ?? 1000)) {
            lastProgress = now;
            o.onProgress(this.stats(seed, requested, false));
          }
        }
        return !failed;
      });
      const plugins: fc.Plugin<unknown>[] = [];
      if (o.timeLimitMs !== undefined) plugins.push(fc.interruptAfterTimeLimit(Math.max(1, o.timeLimitMs - elapsed)));
      const details = fc.check(property, { seed: blockSeed(seed, b), numRuns, endOnFailure: o.shrink === false, plugins });
      if (details.failed && details.counterexample) {
        const final = this.execute((details.counterexample as unknown as [Schedule])[0], 'final');
        if (!final.violation) throw new Error('random search: the shrunk schedule no longer fails (is the model deterministic?)');
        violation = final.violation;
        break;
      }
      if (details.failed && details.errorInstance && target === undefined) throw details.errorInstance;
      if (details.interrupted) {
        limit = this.timeLimit(performance.now() - this.start, requested, shardRuns);
        break;
      }
    }
    const stats = this.stats(seed, requested, true);
    if (violation) return { verdict: 'violation', stats, violation };
    if (limit && requested !== undefined) return { verdict: 'inconclusive', stats, limit };
    return { verdict: 'ok', stats };
  }

  private timeLimit(elapsedMs: number, requested: number | undefined, shardRuns: number): { kind: LimitKind; message: string } {
    const of = requested !== undefined ? ` of ${shardRuns.toLocaleString('en-US')}` : '';
    return { kind: 'time', message: `time limit reached after ${(elapsedMs / 1000).toFixed(1)} s (--time-limit ${(this.options.timeLimitMs ?? 0) / 1000}): ${this.runs.toLocaleString('en-US')}${of} random runs done` };
  }

  stats(seed: number, requested: number | undefined, final: boolean) {
    const timeMs = performance.now() - this.start;
    if (final || (this.runs & 63) === 0) {
      const rss = process.memoryUsage.rss();
      if (rss > this.peakRss) this.peakRss = rss;
    }
    const distinct = this.visited.size;
    const generated = this.steps + this.runs;
    const o = this.options;
    const random: RandomSearchStats = {
      seed,
      walk: this.walk,
      runs: this.runs,
      requestedRuns: requested !== undefined && o.shard ? shardRunCount(requested, o.shard) : requested,
      maxDepth: this.maxDepth,
      steps: this.steps,
      stepsPerSecond: timeMs > 0 ? Math.round((this.steps * 1000) / timeMs) : this.steps,
      shrinkRuns: this.shrinkRuns,
      shrinkSteps: this.shrinkSteps,
      ...(o.shard ? { shard: { ...o.shard } } : {}),
      exhaustive: false,
      ...(this.walkGraph ? { cycles: { ...this.walkGraph.stats } } : {}),
    };
    return {
      strategy: 'random',
      distinct,
      generated,
      depth: this.depth,
      queued: 0,
      timeMs,
      statesPerSecond: timeMs > 0 ? Math.round((generated * 1000) / timeMs) : generated,
      collisionProbability: (distinct * Math.max(0, generated - distinct)) / 2 ** 64,
      peakMemoryMB: Math.round(this.peakRss / 1048576),
      coverage: this.coverage,
      random,
    };
  }
}

/**
 * Random search over any core Model: `runs` random executions of at most `maxDepth` steps.
 * Returns the same shape as bfs/dfs; `stats.random` says what was run, and an `ok` verdict
 * means only that no violation was found in those runs.
 */
export function randomSearch<S, A>(model: Model<S, A>, options: RandomOptions<S> = {}): SearchResult {
  return new RandomSearch(model, options).run();
}

