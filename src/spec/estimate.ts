/**
 * Estimating a spec's metrics (its `estimate:` section): many seeded random runs of its system
 * model (core/estimate.ts), each measured by the metrics it names — built-in ones
 * (properties/metrics), ones a user writes with `defineMetric`, or any property, whose measure is
 * whether it holds at the end of the run — and for each metric an estimate with its confidence
 * interval, judged against the spec's bounds (`expect: { metrics: { residue: '<= 0.05' } }`):
 * met, failed, or undecided when the interval straddles the bound. For a small system the
 * exact value can be computed on the state graph (core/markov.ts) beside the estimate.
 */
import { estimateRuns, type EstimateOptions } from '../core/estimate.ts';
import { exactExpectation, MarkovLimitError } from '../core/markov.ts';
import { judgeBound, meanInterval, parseBound, percentileInterval, wilson, type Interval } from '../core/stats.ts';
import { SpecError } from '../schema/schema.ts';
import type { Measure } from '../system/metric.ts';
import { systemRunObserver } from '../system/run-record.ts';
import type { SystemModel } from '../system/system.ts';
import { buildModel } from './build.ts';
import { resolveMetrics } from './metrics.ts';
import { mergeSeries, SeriesCollector, type TimeSeries } from './estimate-series.ts';
import { loadSpec, type CheckSettings, type Spec } from './spec.ts';
import type { SpecOutcome } from './run.ts';

export interface EstimateSettings {
  runs: number;
  seed: number;
  maxDepth: number;
  horizon?: number;
  confidence: number;
  exact: boolean;
  shard?: { index: number; count: number };
  timeLimit?: number;
}

export interface MetricEstimate {
  name: string;
  kind: 'proportion' | 'value';
  /** Runs in which the metric applied (a time to complete coverage needs a run that completed). */
  applied: number;
  interval: Interval;
  /** For a value: the 5th, 50th and 95th percentiles over runs, with bootstrap intervals. */
  percentiles?: { p5: Interval; p50: Interval; p95: Interval };
  /** Counts of the per-run values in ten equal bins from min to max (a value), or [no, yes] (a proportion). */
  histogram: { min: number; max: number; counts: number[] };
  /** The per-run values (in run order; null where the metric did not apply), so that shards can be merged. */
  values: (number | null)[];
  exact?: { value: number; absorbed: number; states: number } | { unavailable: string };
  bound?: { text: string; judgement: 'met' | 'failed' | 'undecided' };
}

export interface EstimateOutcome {
  spec: Pick<Spec, 'file' | 'name'>;
  settings: EstimateSettings;
  runs: number;
  runIds: number[];
  steps: number;
  timeMs: number;
  /** The CPU time of this process while the runs ran (the garbage collector's threads included), for benchmarks; absent in merged outcomes. */
  cpuMs?: number;
  stepsPerSecond: number;
  ended: Record<string, number>;
  /** The rated steps of the system (churn), in words: the scheduler takes them at their rates. */
  rates?: string[];
  metrics: MetricEstimate[];
  /** Per time, over the runs: coverage of each indication the metrics count, and traffic (estimate-series.ts). */
  series?: TimeSeries[];
  limit?: { kind: string; message: string };
  /** Every bound met (none failed or undecided). */
  met: boolean;
  differences: string[];
}

const DEFAULTS = { runs: 1000, seed: 1, maxDepth: 1000, confidence: 0.95 };

/** The estimate of one metric from its per-run values. */
export function summarise(name: string, kind: 'proportion' | 'value', values: (number | null)[], confidence: number, seed: number): MetricEstimate {
  const xs = values.filter((v): v is number => v !== null);
  const histogram = (() => {
    if (kind === 'proportion') return { min: 0, max: 1, counts: [xs.filter((x) => x === 0).length, xs.filter((x) => x === 1).length] };
    const min = xs.length ? Math.min(...xs) : 0;
    const max = xs.length ? Math.max(...xs) : 0;
    const counts = new Array<number>(10).fill(0);
    for (const x of xs) counts[max > min ? Math.min(9, Math.floor(((x - min) / (max - min)) * 10)) : 0]++;
    return { min, max, counts };
  })();
  const interval = kind === 'proportion' ? wilson(xs.filter((x) => x === 1).length, xs.length, confidence) : meanInterval(xs, confidence);
  return {
    name,
    kind,
    applied: xs.length,
    interval,
    ...(kind === 'value' && xs.length ? { percentiles: { p5: percentileInterval(xs, 0.05, confidence), p50: percentileInterval(xs, 0.5, confidence), p95: percentileInterval(xs, 0.95, confidence) } } : {}),
    histogram,
    values,
  };
}

const asNumber = (m: Measure): number | null => (m === undefined ? null : typeof m === 'boolean' ? (m ? 1 : 0) : Number.isFinite(m) ? m : null);

/** Judges the spec's bounds on the estimates; returns what is not met. */
function judge(spec: Spec, metrics: MetricEstimate[]): string[] {
  const bounds = spec.expect?.metrics ?? {};
  const d: string[] = [];
  for (const [name, text] of Object.entries(bounds)) {
    const m = metrics.find((x) => x.name === name);
    const b = parseBound(text);
    if (!m || !b) continue; // reported at load
    const judgement = judgeBound(m.interval, b);
    m.bound = { text, judgement };
    const ci = `${fmt(m.interval.estimate)} [${fmt(m.interval.low)}, ${fmt(m.interval.high)}]`;
    if (judgement === 'failed') d.push(`${name} ${ci} is not ${text}`);
    if (judgement === 'undecided') d.push(`${name} ${ci} straddles ${text}: more runs may decide it`);
  }
  return d;
}

export const fmt = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(3)) : String(x));

/** Loads a spec and estimates its metrics. */
export async function runEstimate(file: string, opts: { overrides?: string[]; text?: string; settings?: Partial<EstimateSettings>; onProgress?: (runs: number, steps: number) => void } = {}): Promise<EstimateOutcome> {
  const spec = loadSpec(file, opts.overrides ?? [], opts.text);
  if (!spec.estimate) throw new SpecError([{ file: spec.file, message: 'the spec has no estimate: section (estimate: { runs, seed, metrics: [...] })' }]);
  if (spec.level !== 'protocol') throw new SpecError([{ file: spec.file, message: 'estimates are for protocol specs (a system model to run)' }]);
  const given = Object.fromEntries(Object.entries(opts.settings ?? {}).filter(([, v]) => v !== undefined));
  const settings: EstimateSettings = { ...DEFAULTS, exact: false, ...spec.estimate.settings, ...given } as EstimateSettings;
  const built = await buildModel({ ...spec, properties: [] });
  const model = built.model as SystemModel;
  const metrics = await resolveMetrics(spec, built.module);
  const timed = spec.system?.timing !== undefined;
  const series = new SeriesCollector([...new Set(metrics.flatMap((m) => (m.indication ? [m.indication] : [])))], timed ? 'ticks' : 'steps');
  const observer = systemRunObserver(
    model,
    metrics.map((m) => m.measure),
    (run) => series.add(run),
  );
  const options: EstimateOptions = {
    runs: settings.runs,
    seed: settings.seed,
    maxDepth: settings.maxDepth,
    ...(settings.horizon !== undefined ? { horizon: settings.horizon } : {}),
    ...(timed ? { tickKind: 'tick' } : {}),
    ...(settings.shard ? { shard: settings.shard } : {}),
    ...(settings.timeLimit !== undefined ? { timeLimitMs: settings.timeLimit * 1000 } : {}),
    onProgress: opts.onProgress,
  };
  const cpu = process.cpuUsage();
  const r = estimateRuns(model, observer, options);
  const used = process.cpuUsage(cpu);
  const estimates = metrics.map((m, i) => summarise(m.name, m.kind, r.values.map((v) => asNumber(v[i])), settings.confidence, settings.seed));
  if (settings.exact) {
    metrics.forEach((m, i) => {
      if (!m.atEnd) {
        estimates[i].exact = { unavailable: `${m.name} depends on more than the final state (times or traffic)` };
        return;
      }
      try {
        const e = exactExpectation(model, (w) => asNumber(m.atEnd!(model.historyOf(w))) ?? NaN);
        estimates[i].exact = { value: e.value, absorbed: e.absorbed, states: e.states };
      } catch (err) {
        if (!(err instanceof MarkovLimitError)) throw err;
        estimates[i].exact = { unavailable: err.message };
      }
    });
  }
  const differences = judge(spec, estimates);
  if (r.limit) differences.unshift(r.limit.message);
  return {
    spec: { file: spec.file, name: spec.name },
    settings,
    runs: r.runIds.length,
    runIds: r.runIds,
    steps: r.steps,
    timeMs: r.timeMs,
    cpuMs: (used.user + used.system) / 1000,
    stepsPerSecond: r.timeMs > 0 ? Math.round((r.steps * 1000) / r.timeMs) : r.steps,
    ended: r.ended,
    ...(model.rates().length ? { rates: model.rates() } : {}),
    metrics: estimates,
    series: series.result(settings.confidence),
    ...(r.limit ? { limit: r.limit } : {}),
    met: differences.length === 0,
    differences,
  };
}

/** Several shards' outcomes (of the same spec, seed and runs) as one: the per-run values side by side, re-estimated. */
export function mergeEstimates(parts: EstimateOutcome[], bounds: Record<string, string> = {}): EstimateOutcome {
  if (parts.length === 0) throw new Error('nothing to merge');
  const first = parts[0];
  for (const p of parts) {
    if (p.spec.name !== first.spec.name || p.settings.seed !== first.settings.seed || p.settings.runs !== first.settings.runs) {
      throw new Error(`${p.spec.file}: a shard of another estimate (spec ${p.spec.name}, seed ${p.settings.seed}, ${p.settings.runs} runs; the first: ${first.spec.name}, seed ${first.settings.seed}, ${first.settings.runs} runs)`);
    }
  }
  const order = parts.flatMap((p, pi) => p.runIds.map((id, k) => ({ id, pi, k }))).sort((a, b) => a.id - b.id);
  const ids = new Set<number>();
  for (const o of order) {
    if (ids.has(o.id)) throw new Error(`run ${o.id} is in two of the results: shards of one estimate are disjoint`);
    ids.add(o.id);
  }
  const metrics = first.metrics.map((m, mi) => summarise(m.name, m.kind, order.map((o) => parts[o.pi].metrics[mi].values[o.k]), first.settings.confidence, first.settings.seed));
  const fake = { expect: { metrics: bounds } } as unknown as Spec;
  const differences = judge(fake, metrics);
  const steps = parts.reduce((s, p) => s + p.steps, 0);
  const timeMs = parts.reduce((s, p) => s + p.timeMs, 0);
  const ended: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.ended)) ended[k] = (ended[k] ?? 0) + v;
  const { shard: _shard, ...settings } = first.settings;
  const series = parts.every((p) => p.series) ? mergeSeries(parts.map((p) => p.series!), first.settings.confidence) : undefined;
  return { spec: first.spec, settings, runs: order.length, runIds: order.map((o) => o.id), steps, timeMs, stepsPerSecond: timeMs > 0 ? Math.round((steps * 1000) / timeMs) : steps, ended, ...(first.rates ? { rates: first.rates } : {}), metrics, ...(series ? { series } : {}), met: differences.length === 0, differences };
}

/**
 * An estimate as the outcome of a check (the catalogue's table, exit codes, JSON): ok when every
 * bound is met, a violation when one fails, inconclusive when one is undecided or a limit ended
 * the runs. It has no trace: a bound on a distribution is not broken by one run.
 */
export function estimateOutcome(spec: Spec, settings: CheckSettings, e: EstimateOutcome): SpecOutcome {
  const failed = e.metrics.find((m) => m.bound?.judgement === 'failed');
  const stats = {
    strategy: 'estimate',
    distinct: 0,
    generated: e.steps,
    depth: e.settings.maxDepth,
    queued: 0,
    timeMs: e.timeMs,
    statesPerSecond: e.stepsPerSecond,
    collisionProbability: 0,
    peakMemoryMB: Math.round(process.memoryUsage.rss() / 1048576),
    coverage: {},
  };
  const result = failed
    ? { verdict: 'violation' as const, stats, violation: { property: failed.name, kind: 'safety' as const, message: e.differences.find((d) => d.startsWith(failed.name)) ?? `${failed.name} is not ${failed.bound!.text}`, path: [] } }
    : e.met
      ? { verdict: 'ok' as const, stats }
      : { verdict: 'inconclusive' as const, stats, limit: { kind: e.limit ? ('time' as const) : ('undecided' as const), message: e.differences.join('; ') } };
  const want = spec.expect?.verdict;
  const differences = [...(want && want !== result.verdict ? [`expected ${want}, got ${result.verdict}`] : []), ...(want === 'violation' ? [] : e.differences)];
  return {
    spec,
    model: spec.name,
    params: spec.params,
    settings,
    properties: e.metrics.map((m) => m.name),
    liveness: [],
    result,
    estimate: e,
    ...(spec.expect ? { expectation: { met: differences.length === 0, differences } } : {}),
  };
}
