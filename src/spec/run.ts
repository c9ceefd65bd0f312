import { digest } from '../trace/digest.ts';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checkLiveness, type LivenessStats } from '../core/liveness.ts';
import type { RandomSettings } from '../core/random.ts';
import type { SearchOptions, SearchResult, SearchStats } from '../core/search.ts';
import { buildTrace, type TraceFile } from '../trace/trace.ts';
import { buildModel } from './build.ts';
import { loadSpec, type CheckSettings, type Spec } from './spec.ts';
import { explore } from './strategies.ts';
import type { SymmetryGroup } from '../system/symmetry.ts';

export interface RunOptions {
  /** `--set name=value` overrides. */
  overrides?: string[];
  /** Command-line settings that win over the spec's `check:` section. */
  settings?: Partial<CheckSettings>;
  onProgress?: (stats: SearchStats) => void;
}

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
}

/** Partial-order reduction when the spec and the command line do not say (bench/README.md has the figures). */
export const POR_BY_DEFAULT = true;

function compare(spec: Spec, result: SearchResult, trace: TraceFile | undefined): ExpectationCheck | undefined {
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
  const spec = loadSpec(file, opts.overrides ?? []);
  const settings: CheckSettings = { ...spec.check };
  for (const [k, v] of Object.entries(opts.settings ?? {})) if (v !== undefined) (settings as unknown as Record<string, unknown>)[k] = v;
  const built = await buildModel({ ...spec, check: settings });
  const search: SearchOptions = {
    checkDeadlock: settings.deadlock,
    maxStates: settings.maxStates,
    maxDepth: settings.maxDepth,
    timeLimitMs: settings.timeLimit !== undefined ? settings.timeLimit * 1000 : undefined,
    maxMemoryMB: settings.maxMemory,
    onProgress: opts.onProgress,
    por: settings.por ?? POR_BY_DEFAULT,
  };
  // worker threads rebuild the model from the spec, as buildModel did here
  const source = { module: new URL('./build.ts', import.meta.url).href, export: 'buildModel', args: { ...spec, check: settings } };
  let result: SearchResult = await explore(built.model, source, settings as CheckSettings & RandomSettings, search);
  // liveness over fair cycles: after a complete search found no violation (a lasso, or ok)
  let fairCycles: LivenessStats | undefined;
  if (result.verdict === 'ok' && settings.strategy !== 'random' && built.model.liveness?.length) {
    const live = checkLiveness(built.unreduced ?? built.model, {
      maxStates: search.maxStates,
      // the time limit covers both passes
      timeLimitMs: search.timeLimitMs !== undefined ? Math.max(1, search.timeLimitMs - result.stats.timeMs) : undefined,
      maxMemoryMB: search.maxMemoryMB,
    });
    fairCycles = live.stats;
    if (live.verdict === 'violation') result = { ...result, verdict: 'violation', violation: live.violation };
    else if (live.verdict === 'inconclusive') result = { ...result, verdict: 'inconclusive', limit: live.limit };
  }
  // sleep sets run in breadth-first search on this thread: say so when they were asked for elsewhere
  if (settings.por === true && !result.stats.por) {
    const where = settings.strategy === 'bfs' ? `${settings.workers} worker threads` : `${settings.strategy} search`;
    result = { ...result, stats: { ...result.stats, por: { applied: false, reason: `sleep sets are implemented for breadth-first search on one thread, not ${where}` } } };
  }
  const random = result.stats.random;
  let trace: TraceFile | undefined;
  if (result.violation) {
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
  return {
    spec,
    model: built.model.name,
    params: built.params,
    settings,
    properties: [...built.model.invariants.map((i) => i.name), ...(built.model.liveness ?? []).map((l) => l.name), ...(settings.deadlock ? ['deadlock'] : [])],
    liveness: (built.model.liveness ?? []).map((l) => l.name),
    result,
    ...(fairCycles ? { fairCycles } : {}),
    ...(built.model.liveness?.length && built.model.fairnessAssumptions ? { fairness: built.model.fairnessAssumptions() } : {}),
    trace,
    expectation: compare(spec, result, trace),
    ...(built.symmetry ? { symmetry: built.symmetry } : {}),
  };
}
