/**
 * Probabilistic protocols: a protocol's own randomness explored as branches, estimates with
 * their intervals, exact values on the state graph, and shards that merge into the unsharded
 * estimate. specs/gossip/push-small.yaml: infect-and-die push gossip with fanout 1 among 4
 * processes, where the probability that everyone hears the rumour is 2/3 · 1/3 = 2/9 by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeBound, meanInterval, parseBound, percentileInterval, wilson } from '../../src/core/stats.ts';
import { mergeEstimates, runEstimate } from '../../src/spec/estimate.ts';
import { runSpec } from '../../src/spec/run.ts';

const REPO = resolve(import.meta.dirname, '../..');
const PUSH = join(REPO, 'specs/gossip/push-small.yaml');
const dir = mkdtempSync(join(tmpdir(), 'protocheck-estimate-'));
const INDEX = JSON.stringify(join(REPO, 'src/index.ts'));

describe('intervals', () => {
  it("Wilson's interval, a mean's t interval, a percentile's order-statistic interval", () => {
    const w = wilson(5, 10, 0.95);
    expect(w.low).toBeCloseTo(0.2366, 3);
    expect(w.high).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 20).low).toBe(0);
    const m = meanInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(m.estimate).toBe(5.5);
    // t(0.975, 9) = 2.262, s = 3.028: half-width 2.166
    expect(m.high - m.estimate).toBeCloseTo(2.166, 1);
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const p = percentileInterval(xs, 0.5);
    expect(p.estimate).toBe(500);
    expect(p.low).toBeLessThan(500);
    expect(p.high).toBeGreaterThan(500);
  });

  it('a bound is met, failed, or undecided when the interval straddles it', () => {
    const i = { estimate: 0.5, low: 0.4, high: 0.6, n: 100, confidence: 0.95, method: 'wilson' as const };
    expect(judgeBound(i, parseBound('>= 0.3')!)).toBe('met');
    expect(judgeBound(i, parseBound('>= 0.7')!)).toBe('failed');
    expect(judgeBound(i, parseBound('<= 0.5')!)).toBe('undecided');
    expect(parseBound('about 3')).toBeUndefined();
  });
});

describe('estimates', () => {
  it('the exact probability on the state graph lies in the interval of the random runs', async () => {
    const o = await runEstimate(PUSH);
    const complete = o.metrics.find((m) => m.name === 'complete')!;
    const residue = o.metrics.find((m) => m.name === 'residue')!;
    expect(complete.exact).toMatchObject({ value: expect.closeTo(2 / 9, 12), absorbed: 1, states: 86 });
    expect(complete.interval.low).toBeLessThanOrEqual(2 / 9);
    expect(complete.interval.high).toBeGreaterThanOrEqual(2 / 9);
    const exactResidue = (residue.exact as { value: number }).value;
    expect(residue.interval.low).toBeLessThanOrEqual(exactResidue);
    expect(residue.interval.high).toBeGreaterThanOrEqual(exactResidue);
    expect(o.met).toBe(true);
  });

  it("a sampled step's traffic is the step's own: each process that hears forwards once, so traffic equals coverage run by run", async () => {
    const o = await runEstimate(PUSH, { settings: { runs: 300, exact: false } });
    const residue = o.metrics.find((m) => m.name === 'residue')!.values;
    const traffic = o.metrics.find((m) => m.name === 'traffic')!.values;
    residue.forEach((r, i) => expect(traffic[i]).toBeCloseTo(1 - r!, 12));
  });

  it('the error of an estimate shrinks as 1/√runs', async () => {
    const widths: number[] = [];
    for (const runs of [400, 1600, 6400]) {
      const o = await runEstimate(PUSH, { settings: { runs, exact: false } });
      const i = o.metrics.find((m) => m.name === 'complete')!.interval;
      widths.push(i.high - i.low);
    }
    // four times the runs, half the width (within the estimate's own wobble)
    expect(widths[0] / widths[1]).toBeGreaterThan(1.7);
    expect(widths[0] / widths[1]).toBeLessThan(2.3);
    expect(widths[1] / widths[2]).toBeGreaterThan(1.7);
    expect(widths[1] / widths[2]).toBeLessThan(2.3);
  });

  it('four shards merge into the unsharded estimate, value for value', async () => {
    const whole = await runEstimate(PUSH, { settings: { runs: 400, exact: false } });
    const shards = await Promise.all([1, 2, 3, 4].map((index) => runEstimate(PUSH, { settings: { runs: 400, exact: false, shard: { index, count: 4 } } })));
    expect(shards.map((s) => s.runs)).toEqual([100, 100, 100, 100]);
    const merged = mergeEstimates(shards);
    expect(merged.runs).toBe(400);
    merged.metrics.forEach((m, i) => {
      expect(m.values).toEqual(whole.metrics[i].values);
      expect(m.interval).toEqual(whole.metrics[i].interval);
    });
    expect(() => mergeEstimates([shards[0], shards[0]])).toThrow(/disjoint/);
  });

  it('the catalogue checks an estimate against its bounds: met, failed, undecided', async () => {
    const met = await runSpec(PUSH, { settings: { runs: 2000 } });
    expect(met.result.verdict).toBe('ok');
    expect(met.expectation?.met).toBe(true);
    const failed = await runSpec(PUSH, { overrides: ['expect.metrics.complete=">= 0.5"'], settings: { runs: 2000 } });
    expect(failed.result.verdict).toBe('violation');
    expect(failed.result.violation?.property).toBe('complete');
    // a bound at the estimate itself: its interval straddles it
    const at = met.estimate!.metrics.find((m) => m.name === 'complete')!.interval.estimate.toFixed(3);
    const undecided = await runSpec(PUSH, { overrides: [`expect.metrics.complete="<= ${at}"`], settings: { runs: 2000 } });
    expect(undecided.result.verdict).toBe('inconclusive');
    expect(undecided.result.limit?.message).toContain(`straddles <= ${at}`);
  });
});

describe("a protocol's own randomness", () => {
  const coin = join(dir, 'coin.ts');
  writeFileSync(
    coin,
    `import { defineProtocol } from ${INDEX};
export default defineProtocol<any, any, { declare: boolean }>({
  name: 'coin', random: true, params: { declare: true },
  init: () => ({ got: [] }),
  requests: { go(_s, _r, ctx) { ctx.send(1, { type: 'V', v: ctx.coin(0.25), to: ctx.pick([0, 1, 2], 2) }); } },
  messages: { V(s, m, _f, ctx) { s.got.push(m.v); if (m.v) ctx.indicate({ type: 'heads' }); } },
});
`,
  );
  writeFileSync(join(dir, 'coin-props.ts'), `import { defineProperty } from ${INDEX};\nexport const tails = defineProperty({ name: 'tails', kind: 'safety', check: (h) => (h.events(1).some((e) => e.k === 'indication') ? 'p1 saw heads' : null) });\n`);
  const spec = join(dir, 'coin.yaml');
  writeFileSync(spec, `protocol: ./coin.ts\nprocesses: 3\nworkload: [{ process: 0, request: { type: go } }]\nproperties: [./coin-props.ts#tails]\n`);

  it('the exhaustive search explores every outcome as a branch, and the trace names the one that fails', async () => {
    const o = await runSpec(spec);
    expect(o.result.verdict).toBe('violation');
    // request (2 coins x 3 pairs), then the delivery of heads
    expect(o.result.stats.coverage.request.taken).toBeGreaterThanOrEqual(1);
    const labels = o.trace!.steps.map((s) => s.action);
    expect(labels[1]).toBe('request p0 go ⟨heads, [0,1]⟩');
    expect(o.trace!.steps.length - 1).toBe(2);
    const all = await runSpec(spec, { overrides: ['properties=[]'] });
    // the initial state, 6 worlds after the request (2 coins x 3 pairs), and 2 after the delivery (p1 keeps the coin, not the pair)
    expect(all.result.stats.distinct).toBe(9);
  });

  it('the trace replays, outcome by outcome', () => {
    const trace = join(dir, 'traces');
    const r1 = spawnSync(process.execPath, [join(REPO, 'bin/protocheck.mjs'), 'check', spec, '--trace-dir', trace], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r1.status).toBe(1);
    const file = join(trace, 'coin.tails.trace.yaml');
    const r2 = spawnSync(process.execPath, [join(REPO, 'bin/protocheck.mjs'), 'replay', file], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r2.stdout).toContain('request p0 go ⟨heads, [0,1]⟩  ✓');
    expect(r2.status).toBe(0);
  });

  it('a protocol that chooses without declaring randomness is bad input (exit 2)', () => {
    const undeclared = join(dir, 'undeclared.ts');
    writeFileSync(undeclared, `import { defineProtocol } from ${INDEX};\nexport default defineProtocol<any, any>({ name: 'u', init: () => ({}), requests: { go(_s, _r, ctx) { ctx.coin(0.5); } } });\n`);
    const f = join(dir, 'undeclared.yaml');
    writeFileSync(f, `protocol: ./undeclared.ts\nprocesses: 1\nworkload: [{ process: 0, request: { type: go } }]\n`);
    const r = spawnSync(process.execPath, [join(REPO, 'bin/protocheck.mjs'), 'check', f], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.stdout + r.stderr).toContain('declare defineProtocol({ random: true');
    expect(r.status).toBe(2);
  });
});
