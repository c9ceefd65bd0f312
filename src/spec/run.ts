import { digest } from '../trace/digest.ts';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checkLiveness, judgeGraph, type LivenessStats } from '../core/liveness.ts';
import type { GraphBuild } from '../core/graph.ts';
import { checkLivenessUpToSymmetry } from '../core/symmetry-liveness.ts';
import type { RandomSettings } from '../core/random.ts';
import type { SearchOptions, SearchResult, SearchStats } from '../core/search.ts';
import { buildTrace, type TraceFile } from '../trace/trace.ts';
import { buildSearchModel } from './build.ts';
import { loadSpec, type CheckSettings, type Spec } from './spec.ts';
import { explore, exploreKeepingGraph, keepsGraph } from './strategies.ts';
import { estimateOutcome, runEstimate, type EstimateOutcome } from './estimate.ts';
import { badInputOf } from './bad-input.ts';
import { setPhase } from '../core/activity.ts';
import { timeLimit } from '../core/limits.ts';
import { UnserialisableStateError } from '../core/fingerprint.ts';
import { ModelError } from '../core/model.ts';
import { modelErrorFinding } from '../core/verdict.ts';
import type { SymmetryGroup } from '../system/symmetry.ts';

export interface RunOptions {
  /** `--set name=value` overrides. */
  overrides?: string[];
  /** The spec's YAML, when it is not read from the file named (the file then names it, and its directory is where its module paths start). */
  text?: string;
  /** Command-line settings that win over the spec's `check:` section. */
  settings?: Partial<CheckSettings>;
  onProgress?: (stats: SearchStats) => void;
  /** How often `onProgress` is called (default: about every second). */
  progressIntervalMs?: number;
  /** Called once the model is built, with what the outcome will say of it (the CLI's watchdog reports it if the check never ends). */
  onBuilt?: (built: BuiltInfo) => void;
}

export type BuiltInfo = Pick<SpecOutcome, 'model' | 'params' | 'settings' | 'properties' | 'liveness'>;

export interface ExpectationCheck {
  met: boolean;
  /** What differs, in words (empty when met). */
  differences: string[];
}

export interface SpecOutcome {
  spec: Spec;
  model: string;
  params: Record<string, unknown>;
  settings: CheckSettings;
  /** The properties checked. */
  properties: string[];
  /** Of those, the liveness ones (checked where a fair run can stay forever). */
  liveness: string[];
  result: SearchResult;
  /**
   * After a complete search with verdict ok on a model with liveness properties: the
   * fair-cycle check over the whole state graph (liveness was then judged on every fair run
   * that goes on forever, not only in quiescent states).
   */
  fairCycles?: LivenessStats;
  /** The fairness assumptions liveness was judged under, in words (models with liveness properties). */
  fairness?: string;
  trace?: TraceFile;
  expectation?: ExpectationCheck;
  /** The interchangeable processes, when the spec declares symmetric roles (states are then counted up to renaming them). */
  symmetry?: SymmetryGroup[];
  /** The Byzantine processes and the bounds of the adversary's moves, in words (Byzantine fault models). */
  adversary?: string;
  /**
   * The model cannot be checked as written (exit 2): a handler that is not deterministic,
   * mutates outside its draft or produces what cannot be serialised. One line, in words.
   */
  badInput?: string;
  /** For a spec checked by its estimate: the metrics with their intervals and bounds. */
  estimate?: EstimateOutcome;
  /** The check was stopped from outside (the CLI's watchdog at the time limit, or Ctrl-C): the figures are the last ones it published. */
  stopped?: 'time' | 'memory' | 'interrupted';
}

/** Partial-order reduction when the spec and the command line do not say (bench/README.md has the figures). */
export const POR_BY_DEFAULT = false;

export function compare(spec: Spec, result: SearchResult, trace: TraceFile | undefined): ExpectationCheck | undefined {
  const e = spec.expect;
  if (!e) return undefined;
  const d: string[] = [];
  if (result.verdict === 'inconclusive') d.push(`the search was inconclusive (${result.limit?.message}), expected ${e.verdict}`);
  else if (result.verdict !== e.verdict) d.push(`expected ${e.verdict}, got ${result.verdict}${result.violation ? ` (${result.violation.property}: ${result.violation.message})` : ''}`);
  const v = result.violation;
  if (v && e.verdict === 'violation') {
    if (e.property !== undefined && v.property !== e.property) d.push(`expected ${e.property} to be violated, got ${v.property}`);
    if (e.kind !== undefined && v.kind !== e.kind) d.push(`expected a ${e.kind} violation, got ${v.kind}`);
    // a random search finds some trace, not the shortest one, and visits some of the states: steps and states are bfs's figures
    if (e.steps !== undefined && trace && result.stats.strategy !== 'random' && trace.steps.length - 1 !== e.steps) d.push(`expected a trace of ${e.steps} steps, got ${trace.steps.length - 1}`);
  }
  if (e.states !== undefined && result.verdict === 'ok' && result.stats.strategy !== 'random' && result.stats.distinct !== e.states) d.push(`expected ${e.states} distinct states, got ${result.stats.distinct}`);
  return { met: d.length === 0, differences: d };
}

/** Loads a spec, explores its model and compares the outcome with the spec's expectation. */
export async function runSpec(file: string, opts: RunOptions = {}): Promise<SpecOutcome> {
  const t0 = performance.now();
  setPhase('the loading of the spec');
  const spec = loadSpec(file, opts.overrides ?? [], opts.text);
  const settings: CheckSettings = { ...spec.check };
  for (const [k, v] of Object.entries(opts.settings ?? {})) if (v !== undefined) (settings as unknown as Record<string, unknown>)[k] = v;
  if (settings.strategy === 'estimate') {
    setPhase('the estimate');
    const e = await runEstimate(file, { overrides: opts.overrides, text: opts.text, settings: { ...(settings.seed !== undefined ? { seed: settings.seed } : {}), ...(settings.runs !== undefined ? { runs: settings.runs } : {}), ...(settings.timeLimit !== undefined ? { timeLimit: settings.timeLimit } : {}) } });
    return estimateOutcome(spec, settings, e);
  }
  setPhase('the building of the model');
  const built = await buildSearchModel({ ...spec, check: settings });
  const info: BuiltInfo = {
    model: built.model.name,
    params: built.params,
    settings,
    properties: [...built.model.invariants.map((i) => i.name), ...(built.model.liveness ?? []).map((l) => l.name), ...(settings.deadlock ? ['deadlock'] : [])],
    liveness: (built.model.liveness ?? []).map((l) => l.name),
  };
  opts.onBuilt?.(info);
  const search: SearchOptions = {
    checkDeadlock: settings.deadlock,
    maxStates: settings.maxStates,
    maxDepth: settings.maxDepth,
    timeLimitMs: settings.timeLimit !== undefined ? settings.timeLimit * 1000 : undefined,
    maxMemoryMB: settings.maxMemory,
    onProgress: opts.onProgress,
    progressIntervalMs: opts.progressIntervalMs,
    por: settings.por ?? POR_BY_DEFAULT,
    ...(settings.spill !== undefined ? { spill: settings.spill } : {}),
  };
  // worker threads rebuild the model from the spec, as buildSearchModel did here (build.js once compiled)
  const source = { module: new URL(import.meta.url.endsWith('.ts') ? './build.ts' : './build.js', import.meta.url).href, export: 'buildSearchModel', args: { ...spec, check: settings } };
  setPhase(settings.strategy === 'random' ? 'random search' : 'the search');
  let result: SearchResult;
  // with liveness properties the search keeps the fair-cycle graph where it can: one exploration, not two
  let kept: GraphBuild | undefined;
  // under symmetry: the fair-cycle pass runs on the quotient, with its components lifted to judge
  // fairness (symmetry-liveness.ts); that needs one class per orbit, which one group of at most 7
  // (every tie order tried) gives
  const exact = !built.symmetry || (built.symmetry.length === 1 && built.symmetry[0].pids.length <= 7);
  try {
    if (keepsGraph(built.model, settings, search, exact)) ({ result, graph: kept } = exploreKeepingGraph(built.model, search));
    else result = await explore(built.model, source, settings as CheckSettings & RandomSettings, search);
  } catch (err) {
    // the strategies compute the initial states outside their guard: an error there is the model's, and no trace leads to it
    result = initialStatesFailed(err, settings.strategy, spec.level, performance.now() - t0);
    return { spec, ...info, result, badInput: badInputOf(result), expectation: compare(spec, result, undefined) };
  }
  const bad = badInputOf(result);
  if (bad) return { spec, ...info, result, badInput: bad, expectation: compare(spec, result, undefined) };
  // liveness over fair cycles: after a complete search found no violation (a lasso, or ok)
  let fairCycles: LivenessStats | undefined;
  if (result.verdict === 'ok' && settings.strategy !== 'random' && built.model.liveness?.length) {
    opts.onProgress?.(result.stats); // the search's figures, should the liveness pass not end
    setPhase('the liveness pass');
    const limits = {
      maxStates: search.maxStates,
      // the time limit covers every pass
      timeLimitMs: search.timeLimitMs !== undefined ? Math.max(1, search.timeLimitMs - (performance.now() - t0)) : undefined,
      maxMemoryMB: search.maxMemoryMB,
      por: search.por,
    };
    const live = kept
      ? built.model.canonical
        ? checkLivenessUpToSymmetry(built.model, limits, kept)
        : judgeGraph(built.model, kept)
      : (built.model.canonical && exact ? checkLivenessUpToSymmetry : checkLiveness)(exact ? built.model : (built.unreduced ?? built.model), limits);
    kept = undefined; // the graph is judged: let it go before the trace is built
    fairCycles = live.stats;
    if (live.verdict === 'violation') result = { ...result, verdict: 'violation', violation: live.violation };
    else if (live.verdict === 'inconclusive') {
      const limit = live.limit?.kind === 'time' ? timeLimit(performance.now() - t0, search.timeLimitMs!, ' in the liveness pass') : live.limit;
      result = { ...result, verdict: 'inconclusive', limit };
    }
    const bad = badInputOf(result);
    if (bad) return { spec, ...info, result, badInput: bad, expectation: compare(spec, result, undefined) };
  }
  // sleep sets run in breadth-first search on this thread: say so when they were asked for elsewhere
  if (settings.por === true && !result.stats.por) {
    const where = settings.strategy === 'bfs' ? `${settings.workers} worker threads` : `${settings.strategy} search`;
    result = { ...result, stats: { ...result.stats, por: { applied: false, reason: `sleep sets are implemented for breadth-first search on one thread, not ${where}` } } };
  }
  const random = result.stats.random;
  let trace: TraceFile | undefined;
  if (result.violation) {
    setPhase('the building of the trace');
    trace = buildTrace(built.model, result.violation, {
      spec: relative(process.cwd(), spec.file) || spec.file,
      specDigest: digest(spec.source),
      module: relative(process.cwd(), spec.module),
      moduleDigest: digest(readFileSync(spec.module, 'utf8')),
      params: built.params,
      search: random
        ? { strategy: 'random', seed: random.seed, walk: random.walk, ...(settings.runs !== undefined ? { runs: settings.runs } : {}), maxDepth: random.maxDepth, ...(random.shard ? { shard: `${random.shard.index}/${random.shard.count}` } : {}) }
        : { strategy: settings.strategy, ...(settings.maxDepth !== undefined ? { maxDepth: settings.maxDepth } : {}) },
      ...(random ? { seed: random.seed } : {}),
    });
  }
  // every pass counts: building the model, the search, the liveness pass, the trace
  result = { ...result, stats: { ...result.stats, timeMs: performance.now() - t0 } };
  return {
    spec,
    ...info,
    result,
    ...(fairCycles ? { fairCycles } : {}),
    ...(built.model.liveness?.length && built.model.fairnessAssumptions ? { fairness: built.model.fairnessAssumptions() } : {}),
    trace,
    expectation: compare(spec, result, trace),
    ...(built.symmetry ? { symmetry: built.symmetry } : {}),
    ...adversaryOf(built.model),
  };
}

/** What a system model's fault model says of its adversary (a Byzantine one), if anything. */
function adversaryOf(model: object): { adversary?: string } {
  const text = typeof (model as { adversary?: unknown }).adversary === 'function' ? (model as { adversary(): string | undefined }).adversary() : undefined;
  return text ? { adversary: text } : {};
}

/**
 * The outcome of a search that could not start: the initial states threw (a role's init, a
 * state that is not plain data, a hand-written model's initialStates). Anything else is a bug of
 * ours and is thrown on.
 */
function initialStatesFailed(err: unknown, strategy: string, level: Spec['level'], timeMs: number): SearchResult {
  if (!(err instanceof ModelError || err instanceof UnserialisableStateError || (level === 'model' && err instanceof Error))) throw err;
  const finding = modelErrorFinding(err, -1);
  const message = err instanceof UnserialisableStateError ? `an initial state is not plain data: ${err.what} at ${err.path || '(root)'}` : err instanceof ModelError ? err.message : `the model threw while computing its initial states: ${err.message}`;
  const stats: SearchStats = { strategy, distinct: 0, generated: 0, depth: 0, queued: 0, timeMs, statesPerSecond: 0, collisionProbability: 0, peakMemoryMB: Math.round(process.memoryUsage.rss() / 1048576), coverage: {} };
  return { verdict: 'violation', stats, violation: { ...finding, message, path: [] } };
}
