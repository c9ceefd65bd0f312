/**
 * The per-time series of an estimate, what a plot of "coverage over time" needs: for each time
 * t (ticks of the clock in a timed model, else steps), over the runs, the mean share of the
 * correct processes that had delivered by t (one series per indication the spec's metrics
 * measure) and the mean messages sent per process by t, each with its spread over runs (one
 * standard deviation) and the confidence interval of the mean.
 *
 * A run that ended before t counts with its final value (nothing changes after the end), so
 * every run counts at every time. Sums are kept beside the derived figures so that shards merge
 * exactly: a shard's last point holds for every later time, since all its runs have ended by
 * then. The axis stops at MAX_TIME; a run longer than that counts up to it (`truncated`).
 */
import { normalQuantile } from '../core/stats.ts';
import type { RunRecord } from '../system/metric.ts';

export const MAX_TIME = 1000;

export interface TimeSeries {
  /** `coverage` (of an indication) or `traffic`. */
  name: string;
  indication?: string;
  /** What the y axis measures, in words. */
  what: string;
  /** What the x axis counts. */
  x: 'ticks' | 'steps';
  runs: number;
  /** Per time 0..T: the sum over runs and of squares (for merging). */
  sum: number[];
  sumSq: number[];
  /** Per time: the mean over runs, one standard deviation over runs, the mean's interval. */
  mean: number[];
  sd: number[];
  low: number[];
  high: number[];
  confidence: number;
  /** Set when some run went on past MAX_TIME: the axis stops there. */
  truncated?: number;
}

/** A run's record as the series read it: the metrics' record and the messages sent at each time. */
export type TimedRun = RunRecord & { readonly sentPerTime: readonly number[] };

class Accumulator {
  sum: number[] = [];
  sumSq: number[] = [];
  /** Finals of runs that ended at time t, to be carried to every later time. */
  endSum: number[] = [];
  endSq: number[] = [];
  runs = 0;

  add(curve: readonly number[]): void {
    for (let t = 0; t < curve.length; t++) {
      this.sum[t] = (this.sum[t] ?? 0) + curve[t];
      this.sumSq[t] = (this.sumSq[t] ?? 0) + curve[t] * curve[t];
    }
    const last = curve.length - 1;
    const v = curve[last];
    this.endSum[last] = (this.endSum[last] ?? 0) + v;
    this.endSq[last] = (this.endSq[last] ?? 0) + v * v;
    this.runs++;
  }

  /** The sums with every run's final value carried forward. */
  totals(): { sum: number[]; sumSq: number[] } {
    const T = this.sum.length;
    const sum: number[] = new Array(T);
    const sumSq: number[] = new Array(T);
    let carried = 0;
    let carriedSq = 0;
    for (let t = 0; t < T; t++) {
      sum[t] = (this.sum[t] ?? 0) + carried;
      sumSq[t] = (this.sumSq[t] ?? 0) + carriedSq;
      carried += this.endSum[t] ?? 0;
      carriedSq += this.endSq[t] ?? 0;
    }
    return { sum, sumSq };
  }
}

const round = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(5)));

/** The derived figures of a series from its sums. */
export function seriesOf(base: Pick<TimeSeries, 'name' | 'indication' | 'what' | 'x' | 'truncated'>, runs: number, sum: number[], sumSq: number[], confidence: number): TimeSeries {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const mean = sum.map((s) => s / runs);
  // a variance within rounding error of 0 is 0 (every run the same)
  const sd = sumSq.map((q, t) => {
    const v = runs > 1 ? (q - runs * mean[t] * mean[t]) / (runs - 1) : 0;
    return v > 1e-12 * Math.max(1, mean[t] * mean[t]) ? Math.sqrt(v) : 0;
  });
  const half = sd.map((s) => (runs > 0 ? (z * s) / Math.sqrt(runs) : 0));
  return {
    ...base,
    runs,
    sum,
    sumSq,
    mean: mean.map(round),
    sd: sd.map(round),
    low: mean.map((m, t) => round(m - half[t])),
    high: mean.map((m, t) => round(m + half[t])),
    confidence,
  };
}

/** Collects the series of a spec's runs: coverage of each indication, and traffic. */
export class SeriesCollector {
  private readonly coverage: Accumulator[];
  private readonly traffic = new Accumulator();
  private truncated = false;

  constructor(
    private readonly indications: readonly string[],
    private readonly x: 'ticks' | 'steps',
  ) {
    this.coverage = indications.map(() => new Accumulator());
  }

  add(run: TimedRun): void {
    const T = Math.min(run.time, MAX_TIME);
    if (run.time > MAX_TIME) this.truncated = true;
    const correct = run.history.correct();
    this.indications.forEach((ind, i) => {
      const first = run.firstTimes(ind);
      const curve = new Array<number>(T + 1).fill(0);
      for (const p of correct) {
        const t = first[p];
        if (t !== undefined && t <= T) curve[t]++;
      }
      let acc = 0;
      for (let t = 0; t <= T; t++) curve[t] = correct.length ? (acc += curve[t]) / correct.length : 1;
      this.coverage[i].add(curve);
    });
    const sent = new Array<number>(T + 1);
    let acc = 0;
    for (let t = 0; t <= T; t++) sent[t] = (acc += run.sentPerTime[t] ?? 0) / run.n;
    this.traffic.add(sent);
  }

  result(confidence: number): TimeSeries[] {
    const trunc = this.truncated ? { truncated: MAX_TIME } : {};
    const out = this.indications.map((ind, i) => {
      const { sum, sumSq } = this.coverage[i].totals();
      return seriesOf({ name: 'coverage', indication: ind, what: `share of the correct processes that delivered (${ind}) by then`, x: this.x, ...trunc }, this.coverage[i].runs, sum, sumSq, confidence);
    });
    const { sum, sumSq } = this.traffic.totals();
    out.push(seriesOf({ name: 'traffic', what: 'messages sent per process by then', x: this.x, ...trunc }, this.traffic.runs, sum, sumSq, confidence));
    return out;
  }
}

/** The series of several shards as those of the unsharded estimate (shorter ones carried forward). */
export function mergeSeries(parts: readonly (readonly TimeSeries[])[], confidence: number): TimeSeries[] | undefined {
  if (parts.length === 0 || parts.some((p) => !p || p.length !== parts[0].length)) return undefined;
  return parts[0].map((s0, k) => {
    const all = parts.map((p) => p[k]);
    const T = Math.max(...all.map((s) => s.sum.length));
    const at = (xs: number[], t: number) => xs[Math.min(t, xs.length - 1)] ?? 0;
    const sum = Array.from({ length: T }, (_, t) => all.reduce((a, s) => a + at(s.sum, t), 0));
    const sumSq = Array.from({ length: T }, (_, t) => all.reduce((a, s) => a + at(s.sumSq, t), 0));
    const truncated = all.some((s) => s.truncated !== undefined) ? { truncated: MAX_TIME } : {};
    return seriesOf({ name: s0.name, ...(s0.indication !== undefined ? { indication: s0.indication } : {}), what: s0.what, x: s0.x, ...truncated }, all.reduce((a, s) => a + s.runs, 0), sum, sumSq, confidence);
  });
}
