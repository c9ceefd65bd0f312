/**
 * Faults in a distributed search: a worker process killed in the middle of a level (its batch
 * is taken over by another worker) and Redis killed and restarted from its append-only file,
 * in one run; and a search stopped by a limit, then resumed. Each must end with the counts and
 * verdict of the in-memory search: no state lost, none counted twice.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { storeBfs, type StoreOptions } from '../../src/distributed/search.ts';
import type { ChildProcess } from 'node:child_process';
import type { ModelSource } from '../../src/core/parallel.ts';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { haveRedis, missingRedis, TestRedis } from './redis-server.ts';

const runIt = haveRedis || process.env.CI === 'true';
const RM = 5;
const source: ModelSource = { module: fileURLToPath(new URL('../../specs/two-phase/two-phase.ts', import.meta.url)), export: 'twoPhase', args: RM };

describe.runIf(runIt)('faults in a distributed search', () => {
  let redis: TestRedis;
  const memory = bfs(twoPhase(RM)).stats;
  beforeAll(async () => {
    if (!haveRedis) throw new Error(missingRedis);
    redis = await TestRedis.start();
  });
  afterAll(async () => redis?.stop());

  it('a worker killed in the middle of a level, and Redis restarted from its append-only file', async () => {
    let children: ChildProcess[] = [];
    let killed = false, restarted = false;
    let restarting: Promise<void> | undefined;
    const o: StoreOptions = {
      store: redis.url,
      workers: 3,
      batchSize: 32,
      claimIdleMs: 400,
      progressIntervalMs: 20,
      onWorkers: (c) => (children = c),
      onProgress: (s) => {
        if (!killed && s.distinct > memory.distinct / 4) {
          killed = true;
          children[1].kill('SIGKILL');
        }
        if (killed && !restarted && s.distinct > memory.distinct / 2) {
          restarted = true;
          restarting = redis.crashAndRestart();
        }
      },
    };
    const r = await storeBfs(twoPhase(RM) as never, source, o);
    await restarting;
    expect(killed && restarted).toBe(true);
    expect(children[1].signalCode).toBe('SIGKILL');
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(memory.distinct);
    expect(r.stats.generated).toBe(memory.generated);
    expect(r.stats.depth).toBe(memory.depth);
  }, 60_000);

  it('a worker that builds another model than the coordinator refuses to work', async () => {
    // the coordinator explores RM=4 while the source says RM=5: as a machine with another checkout would
    await expect(storeBfs(twoPhase(4) as never, source, { store: redis.url, workers: 1 })).rejects.toThrow(/every worker process/);
  }, 60_000);

  it('a search stopped by a limit is resumed with the same counts', async () => {
    const o: StoreOptions = { store: redis.url, workers: 2, batchSize: 64 };
    const first = await storeBfs(twoPhase(RM) as never, source, { ...o, maxStates: memory.distinct / 3 });
    expect(first.verdict).toBe('inconclusive');
    expect(first.limit?.kind).toBe('states');
    expect(first.stats.distinct).toBeLessThan(memory.distinct);
    const second = await storeBfs(twoPhase(RM) as never, source, { ...o, resume: true });
    expect(second.verdict).toBe('ok');
    expect(second.stats.distinct).toBe(memory.distinct);
    expect(second.stats.generated).toBe(memory.generated);
  }, 60_000);
});
