/**
 * The per-time series of an estimate (what the HTML report plots as coverage and traffic over
 * time): they end where the metrics do (final coverage = 1 - residue, final traffic = traffic,
 * coverage by t = coverage within t), and the series of shards merge into the unsharded ones.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeEstimates, runEstimate } from '../../src/spec/estimate.ts';

const REPO = resolve(import.meta.dirname, '../..');
const RUMOUR = join(REPO, 'specs/gossip/rumour.yaml');
const METRICS = 'estimate.metrics=[residue, traffic, { coverage: { within: 4 } }]';

describe('series over time', () => {
  it('coverage and traffic over time end at the residue and traffic of the runs, and pass through coverage within t', async () => {
    const o = await runEstimate(RUMOUR, { overrides: [METRICS], settings: { runs: 120, exact: false } });
    const [coverage, traffic] = o.series!;
    expect(coverage.name).toBe('coverage');
    expect(coverage.indication).toBe('deliver');
    expect(coverage.x).toBe('ticks');
    expect(traffic.name).toBe('traffic');
    expect(o.series!.length).toBe(2);
    expect(coverage.runs).toBe(120);
    const metric = (name: string) => o.metrics.find((m) => m.name === name)!.interval.estimate;
    expect(coverage.mean.at(-1)!).toBeCloseTo(1 - metric('residue'), 4);
    expect(traffic.mean.at(-1)!).toBeCloseTo(metric('traffic'), 3);
    expect(coverage.mean[4]).toBeCloseTo(metric('coverage(within: 4)'), 4);
    // coverage and traffic only grow; the band holds the mean
    for (let t = 1; t < coverage.mean.length; t++) {
      expect(coverage.mean[t]).toBeGreaterThanOrEqual(coverage.mean[t - 1]);
      expect(traffic.mean[t]).toBeGreaterThanOrEqual(traffic.mean[t - 1]);
      expect(coverage.low[t]).toBeLessThanOrEqual(coverage.mean[t]);
      expect(coverage.high[t]).toBeGreaterThanOrEqual(coverage.mean[t]);
    }
    // the source has the rumour at time 0, and runs differ later
    expect(coverage.mean[0]).toBeGreaterThan(0);
    expect(Math.max(...coverage.sd)).toBeGreaterThan(0);
  });

  it('the series of three shards merge into the unsharded series', async () => {
    const settings = { runs: 90, exact: false };
    const whole = await runEstimate(RUMOUR, { overrides: [METRICS], settings });
    const shards = await Promise.all([1, 2, 3].map((index) => runEstimate(RUMOUR, { overrides: [METRICS], settings: { ...settings, shard: { index, count: 3 } } })));
    const merged = mergeEstimates(shards);
    expect(merged.series!.map((s) => s.mean.length)).toEqual(whole.series!.map((s) => s.mean.length));
    merged.series!.forEach((s, k) => {
      expect(s.runs).toBe(90);
      s.mean.forEach((m, t) => expect(m).toBeCloseTo(whole.series![k].mean[t], 6));
      s.sd.forEach((d, t) => expect(d).toBeCloseTo(whole.series![k].sd[t], 6));
    });
  });
});
