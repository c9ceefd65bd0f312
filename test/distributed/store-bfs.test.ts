/**
 * The distributed breadth-first search against a real redis-server: the same verdicts, distinct
 * and generated counts as the in-memory search (without partial-order reduction, which the
 * distributed search does not do), and a shortest counterexample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpec } from '../../src/spec/run.ts';
import { haveRedis, missingRedis, TestRedis } from './redis-server.ts';

const runIt = haveRedis || process.env.CI === 'true';

// two worker processes for the largest, one for the others (each run starts its processes)
const SPECS: { file: string; overrides?: string[]; workers?: number }[] = [
  { file: 'specs/two-phase/two-phase-rm5.yaml', workers: 2 },
  { file: 'specs/two-phase/two-phase-early-commit.yaml' },
  // protocol specs of the catalogue: a system model, liveness properties, a linearizability violation
  { file: 'specs/broadcast/urb.yaml' },
  { file: 'specs/broadcast/eager-rb-no-relay.yaml' },
  { file: 'specs/registers/abd-no-write-back.yaml' },
];

describe.runIf(runIt)('breadth-first search on Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    if (!haveRedis) throw new Error(missingRedis);
    redis = await TestRedis.start();
  });
  afterAll(async () => redis?.stop());

  for (const { file, overrides, workers } of SPECS) {
    it(`${file}: as in memory`, async () => {
      const mem = await runSpec(file, { overrides, settings: { por: false } });
      const dist = await runSpec(file, { overrides, settings: { por: false, workers: workers ?? 1, store: redis.url } as never });
      expect(dist.result.verdict).toBe(mem.result.verdict);
      expect(dist.expectation?.differences ?? []).toEqual([]);
      if (mem.result.verdict === 'ok') {
        expect(dist.result.stats.distinct).toBe(mem.result.stats.distinct);
        expect(dist.result.stats.generated).toBe(mem.result.stats.generated);
        expect(dist.result.stats.depth).toBe(mem.result.stats.depth);
        // every state expanded once, by one of the worker processes
        expect(dist.result.stats.workers?.expanded.reduce((a, b) => a + b, 0)).toBe(mem.result.stats.distinct);
        // which action kind finds a state first depends on the order of expansion; what each kind computed does not
        const taken = (c: Record<string, { taken: number }>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.taken]));
        expect(taken(dist.result.stats.coverage)).toEqual(taken(mem.result.stats.coverage));
      } else {
        expect(dist.result.violation?.property).toBe(mem.result.violation?.property);
        expect(dist.trace?.steps.length).toBe(mem.trace?.steps.length);
      }
    }, 60_000);
  }
});
