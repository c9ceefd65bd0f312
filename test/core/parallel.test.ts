/** Parallel BFS on worker threads: the same states, verdicts and shortest traces as one thread; limits and errors end it cleanly. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { parallelBfs, type ModelSource } from '../../src/core/parallel.ts';
import { rebuildPath } from '../../src/core/path.ts';
import { twoPhase, type TwoPhaseState } from '../../specs/two-phase/two-phase.ts';
import { counter, requestServer, thrower } from './models.ts';

const REPO = resolve(import.meta.dirname, '../..');
const twoPhaseSource = (RM: number, earlyCommit = false): ModelSource => ({ module: resolve(REPO, 'specs/two-phase/two-phase.ts'), args: { RM, earlyCommit } });
const tiny = (args: Record<string, unknown>): ModelSource => ({ module: resolve(REPO, 'test/core/models.ts'), export: 'build', args });

describe('parallel BFS on TwoPhase', () => {
  it.each([2, 3])('%i workers: 288 and 8,832 states, and the same number generated as one thread', async (workers) => {
    for (const RM of [3, 5]) {
      const one = bfs(twoPhase(RM));
      const r = await parallelBfs(twoPhaseSource(RM), { workers });
      expect(r.verdict).toBe('ok');
      expect(r.stats.distinct).toBe(one.stats.distinct);
      expect(r.stats.generated).toBe(one.stats.generated);
      expect(r.stats.depth).toBe(one.stats.depth);
      expect(r.stats.queued).toBe(0);
      expect(r.stats.workers?.count).toBe(workers);
      // every state was expanded exactly once, by some worker
      expect(r.stats.workers!.expanded.reduce((a, b) => a + b, 0)).toBe(one.stats.distinct);
      const taken = Object.values(r.stats.coverage).reduce((n, c) => n + c.taken, 0);
      expect(taken).toBe(one.stats.generated);
    }
  });

  it('shares the work out at RM=5', async () => {
    const r = await parallelBfs(twoPhaseSource(5), { workers: 2 });
    const [a, b] = r.stats.workers!.expanded;
    expect(Math.min(a, b) / Math.max(a, b)).toBeGreaterThan(0.8);
  });

  it('finds the early-commit bug with a shortest trace (5 steps)', async () => {
    const r = await parallelBfs(twoPhaseSource(3, true), { workers: 2 });
    expect(r.verdict).toBe('violation');
    expect(r.violation).toMatchObject({ property: 'TCConsistent', kind: 'safety' });
    expect(r.violation!.path).toHaveLength(6);
    const { states } = rebuildPath(twoPhase(3, true), r.violation!.path);
    const last = states.at(-1) as TwoPhaseState;
    expect(last.rmState).toContain('aborted');
    expect(last.rmState).toContain('committed');
  });
});

describe('parallel BFS: checks and limits', () => {
  it('reports a deadlock with its path', async () => {
    const r = await parallelBfs(tiny({ name: 'counter', max: 4 }), { workers: 2, checkDeadlock: true });
    expect(r.violation).toMatchObject({ property: 'deadlock', kind: 'deadlock', path: [0, 1, 1] });
    expect(rebuildPath(counter(4), r.violation!.path).states.at(-1)).toEqual({ n: 4 });
  });

  it('reports a model that throws as an error violation with the path', async () => {
    const r = await parallelBfs(tiny({ name: 'thrower', throwAt: 3 }), { workers: 2 });
    expect(r.violation).toMatchObject({ kind: 'error', property: 'model-error', failingChoice: 0, path: [0, 0, 0, 0] });
    expect(r.violation!.message).toBe('the model threw while computing a successor: boom at 3');
    expect(rebuildPath(thrower(99), r.violation!.path).states.at(-1)).toBe(3);
  });

  it('judges quiescent liveness', async () => {
    const r = await parallelBfs(tiny({ name: 'requestServer', canLose: true }), { workers: 2 });
    expect(r.violation).toMatchObject({ property: 'Served', kind: 'liveness', quiescent: true, path: [0, 1], loopStart: 1 });
    expect(rebuildPath(requestServer(true), r.violation!.path).states.at(-1)).toEqual({ phase: 'lost' });
    const ok = await parallelBfs(tiny({ name: 'requestServer', canLose: false }), { workers: 2 });
    expect(ok.verdict).toBe('ok');
    expect(ok.stats.quiescent).toBe(1);
  });

  it('ends at the state limit as inconclusive, with the figures', async () => {
    const r = await parallelBfs(twoPhaseSource(5), { workers: 2, maxStates: 1000 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit?.kind).toBe('states');
    expect(r.limit?.message).toMatch(/state limit reached: \d+ distinct states \(--max-states 1000\)/);
    expect(r.stats.distinct).toBeGreaterThanOrEqual(1000);
    expect(r.stats.distinct).toBeLessThan(8832);
    expect(r.stats.queued).toBeGreaterThan(0);
  });

  it('ends at the depth limit as inconclusive', async () => {
    const r = await parallelBfs(twoPhaseSource(3), { workers: 2, maxDepth: 3 });
    const one = bfs(twoPhase(3), { maxDepth: 3 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toEqual(one.limit);
    expect(r.stats.distinct).toBe(one.stats.distinct);
    expect(r.stats.depth).toBe(3);
  });

  it('ends at the time limit as inconclusive', async () => {
    const r = await parallelBfs(tiny({ name: 'grid', size: 3000 }), { workers: 2, timeLimitMs: 1500 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit?.kind).toBe('time');
    expect(r.limit?.message).toMatch(/time limit reached after [\d.]+ s \(--time-limit 1.5\)/);
    expect(r.stats.distinct).toBeGreaterThan(1);
    expect(r.stats.timeMs).toBeLessThan(10_000);
  });

  it('ends at the memory limit as inconclusive', async () => {
    const r = await parallelBfs(twoPhaseSource(5), { workers: 2, maxMemoryMB: 16 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit?.kind).toBe('memory');
    expect(r.limit?.message).toMatch(/memory limit reached: \d+ MiB resident \(--max-memory 16\)/);
  });

  it('a worker whose heap fills up ends the search as inconclusive, not with a crash', async () => {
    const r = await parallelBfs(tiny({ name: 'bigTree', padding: 2000 }), { workers: 2, workerResourceLimits: { maxOldGenerationSizeMb: 64 } });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit?.kind).toBe('memory');
    expect(r.limit?.message).toMatch(/the JavaScript heap of worker \d is \d+ MiB, near its limit of 64 MiB/);
    expect(r.stats.distinct).toBeGreaterThan(100);
  });

  it('rejects a source that builds no model', async () => {
    await expect(parallelBfs({ module: resolve(REPO, 'test/core/models.ts'), export: 'nothing' }, { workers: 2 })).rejects.toThrow(/no export 'nothing'/);
  });
});
