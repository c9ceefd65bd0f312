/** The command line of the distributed search: check --store with a protocheck worker joining it, and bad input. */
import { cli } from './cli-process.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveRedis, missingRedis, TestRedis } from './redis-server.ts';

const runIt = haveRedis || process.env.CI === 'true';

describe.runIf(runIt)('protocheck check --store and protocheck worker', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    if (!haveRedis) throw new Error(missingRedis);
    redis = await TestRedis.start();
  });
  afterAll(async () => redis?.stop());

  it('a worker started on its own joins the check and both end with the search', async () => {
    const [check, worker] = await Promise.all([cli(['check', 'specs/two-phase/two-phase-rm5.yaml', '--store', redis.url, '--workers', '1', '--json']), cli(['worker', '--store', redis.url, '--wait', '30'])]);
    expect(check.code, check.err).toBe(0);
    const j = JSON.parse(check.out).specs[0];
    expect(j.verdict).toBe('ok');
    expect(j.stats.distinct).toBe(8832);
    expect(worker.code, worker.err).toBe(0);
    expect(worker.err).toMatch(/joined run/);
  }, 60_000);

  it('a store that is not redis://, or that does not answer, is bad input', async () => {
    expect((await cli(['worker', '--store', 'http://localhost:6379'])).code).toBe(2);
    const check = await cli(['check', 'specs/two-phase/two-phase-rm3.yaml', '--store', 'redis://127.0.0.1:1']);
    expect(check.code).toBe(2);
    expect(check.err + check.out).toMatch(/cannot reach Redis at redis:\/\/127.0.0.1:1/);
    expect((await cli(['check', 'specs/two-phase/two-phase-rm3.yaml', '--store', 'redis:/x'])).code).toBe(2);
  }, 30_000);
});
