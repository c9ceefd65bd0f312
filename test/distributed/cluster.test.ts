/** The distributed search on a Redis Cluster of three nodes: the visited set spread over them, the counts and trace of the in-memory search. */
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { storeBfs } from '../../src/distributed/search.ts';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { haveRedis, missingRedis, TestRedisCluster } from './redis-server.ts';

const runIt = haveRedis || process.env.CI === 'true';
const module = fileURLToPath(new URL('../../specs/two-phase/two-phase.ts', import.meta.url));

describe.runIf(runIt)('breadth-first search on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    if (!haveRedis) throw new Error(missingRedis);
    cluster = await TestRedisCluster.start();
  }, 30_000);
  afterAll(async () => cluster?.stop());

  it('TwoPhase RM=5 as in memory, its visited set on every node; a violation with a shortest trace', async () => {
    const mem = bfs(twoPhase(5)).stats;
    const r = await storeBfs(twoPhase(5) as never, { module, export: 'twoPhase', args: 5 }, { store: cluster.url, workers: 1, keep: true });
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(mem.distinct);
    expect(r.stats.generated).toBe(mem.generated);
    for (const port of cluster.ports) {
      const node = new Redis({ port, host: '127.0.0.1' });
      expect(await node.dbsize(), `keys on node ${port}`).toBeGreaterThan(5);
      node.disconnect();
    }
    const bad = await storeBfs(twoPhase(3, true) as never, { module, args: { RM: 3, earlyCommit: true, symmetry: false } }, { store: cluster.url, workers: 1 });
    expect(bad.verdict).toBe('violation');
    expect(bad.violation?.path.length).toBe(bfs(twoPhase(3, true)).violation!.path.length);
  }, 60_000);
});
