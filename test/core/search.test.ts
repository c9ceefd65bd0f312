/** BFS and DFS: exact state counts (as TLC), shortest traces, deadlocks, limits, model errors, quiescent liveness. */
import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { dfs } from '../../src/core/dfs.ts';
import { rebuildPath } from '../../src/core/path.ts';
import type { SearchOptions, SearchResult } from '../../src/core/search.ts';
import type { Model } from '../../src/core/model.ts';
import { twoPhase, type TwoPhaseState } from '../../specs/two-phase/two-phase.ts';
import { counter, grid, requestServer, thrower } from './models.ts';

const strategies = { bfs, dfs } as const;

describe.each(['bfs', 'dfs'] as const)('%s on TwoPhase', (name) => {
  const search = strategies[name];

  it('explores exactly 288 states with 3 resource managers, as TLC', () => {
    const r = search(twoPhase(3));
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(288);
    expect(r.stats.strategy).toBe(name);
    expect(r.stats.generated).toBeGreaterThan(r.stats.distinct);
    expect(r.stats.queued).toBe(0);
  });

  it('explores exactly 8,832 states with 5 resource managers, as TLC', () => {
    const r = search(twoPhase(5));
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(8832);
    // coverage counts every successor computed, by kind of action
    const taken = Object.values(r.stats.coverage).reduce((n, c) => n + c.taken, 0);
    const fresh = Object.values(r.stats.coverage).reduce((n, c) => n + c.distinct, 0);
    expect(taken).toBe(r.stats.generated);
    expect(fresh).toBe(r.stats.distinct - 1); // all but the initial state
    expect(r.stats.coverage.TMCommit).toEqual({ taken: 1, distinct: 1 });
  });

  it('finds the early-commit bug (TCConsistent)', () => {
    const r = search(twoPhase(3, true));
    expect(r.verdict).toBe('violation');
    expect(r.violation).toMatchObject({ property: 'TCConsistent', kind: 'safety' });
    const { states } = rebuildPath(twoPhase(3, true), r.violation!.path);
    const last = states[states.length - 1] as TwoPhaseState;
    expect(last.rmState).toContain('aborted');
    expect(last.rmState).toContain('committed');
    expect(r.violation!.message).toMatch(/resource managers disagree: rm1=/);
  });
});

describe('breadth-first search', () => {
  it('gives a shortest counterexample: 5 steps for early commit', () => {
    const model = twoPhase(3, true);
    const r = bfs(model);
    // [initial state, 5 actions]
    expect(r.violation!.path).toHaveLength(6);
    const { actions } = rebuildPath(model, r.violation!.path);
    const labels = actions.map((a) => model.label(a));
    expect(labels.filter((l) => l.startsWith('RMPrepare'))).toHaveLength(1);
    expect(labels).toContain('TMCommit');
    expect(labels.some((l) => l.startsWith('RMChooseToAbort'))).toBe(true);
    expect(r.stats.depth).toBe(5);
  });

  it('counts levels as depth', () => {
    // steps of +1 or +2: 10 is 5 steps from 0
    const r = bfs(counter(10));
    expect(r.stats.distinct).toBe(11);
    expect(r.stats.depth).toBe(5);
  });
});

describe('deadlock', () => {
  it.each(['bfs', 'dfs'] as const)('%s reports a state with no successor when asked, with its path', (name) => {
    const r = strategies[name](counter(4), { checkDeadlock: true });
    expect(r.verdict).toBe('violation');
    expect(r.violation).toMatchObject({ property: 'deadlock', kind: 'deadlock' });
    const { states } = rebuildPath(counter(4), r.violation!.path);
    expect(states[states.length - 1]).toEqual({ n: 4 });
    if (name === 'bfs') expect(r.violation!.path).toHaveLength(3); // 0 -> 2 -> 4
  });

  it('is not a violation unless asked, nor in a model that never stops', () => {
    expect(bfs(counter(4)).verdict).toBe('ok');
    const r = bfs(grid(5), { checkDeadlock: true });
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(25);
  });
});

describe('limits end a search as inconclusive, with the figures reached', () => {
  const check = (r: SearchResult, kind: string, words: RegExp) => {
    expect(r.verdict).toBe('inconclusive');
    expect(r.violation).toBeUndefined();
    expect(r.limit?.kind).toBe(kind);
    expect(r.limit?.message).toMatch(words);
    expect(r.stats.distinct).toBeGreaterThan(0);
    expect(r.stats.timeMs).toBeGreaterThan(0);
    return r;
  };

  it.each(['bfs', 'dfs'] as const)('%s: states', (name) => {
    const r = check(strategies[name](twoPhase(5), { maxStates: 100 }), 'states', /state limit reached: \d+ distinct states \(--max-states 100\)/);
    expect(r.stats.distinct).toBeGreaterThanOrEqual(100);
    expect(r.stats.distinct).toBeLessThan(200);
    expect(r.stats.queued).toBeGreaterThan(0);
  });

  it.each(['bfs', 'dfs'] as const)('%s: depth', (name) => {
    const r = check(strategies[name](twoPhase(3), { maxDepth: 3 }), 'depth', /depth limit reached: states at depth 3 were not expanded \(--max-depth 3\)/);
    expect(r.stats.depth).toBe(3);
    expect(r.stats.distinct).toBeLessThan(288);
  });

  it('a depth limit the search never reaches is no limit', () => {
    expect(bfs(twoPhase(3), { maxDepth: 50 }).verdict).toBe('ok');
  });

  it.each(['bfs', 'dfs'] as const)('%s: time', (name) => {
    const r = check(strategies[name](grid(2000), { timeLimitMs: 1 }), 'time', /time limit reached after [\d.]+ s \(--time-limit 0.001\)/);
    expect(r.stats.distinct).toBeLessThan(4_000_000);
  });

  it.each(['bfs', 'dfs'] as const)('%s: memory', (name) => {
    const r = check(strategies[name](twoPhase(5), { maxMemoryMB: 16 }), 'memory', /memory limit reached: \d+ MiB resident \(--max-memory 16\)/);
    expect(r.stats.peakMemoryMB).toBeGreaterThan(16);
    expect(r.stats.distinct).toBeLessThan(8832);
  });

  it('reports progress while it runs', () => {
    const seen: number[] = [];
    bfs(grid(300), { progressIntervalMs: 0, onProgress: (s) => seen.push(s.distinct) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
  });
});

describe('a model that throws', () => {
  it.each(['bfs', 'dfs'] as const)('%s: computing a successor gives an error violation with the path', (name) => {
    const r = strategies[name](thrower(3));
    expect(r.verdict).toBe('violation');
    expect(r.violation).toMatchObject({ kind: 'error', property: 'model-error', failingChoice: 0 });
    expect(r.violation!.message).toBe('the model threw while computing a successor: boom at 3');
    expect(r.violation!.cause).toBeInstanceOf(TypeError);
    // the path leads to the state whose successor failed
    expect(r.violation!.path).toEqual([0, 0, 0, 0]);
    expect(rebuildPath(thrower(99), r.violation!.path).states.at(-1)).toBe(3);
  });

  it('listing the actions, or checking an invariant, is reported the same way', () => {
    const a = bfs(thrower(2, 'actions'));
    expect(a.violation).toMatchObject({ kind: 'error', path: [0, 0, 0] });
    expect(a.violation!.message).toContain('listing the enabled actions: cannot list actions at 2');
    expect(a.violation!.failingChoice).toBeUndefined();
    const i = bfs(thrower(4, 'invariant'));
    expect(i.violation).toMatchObject({ kind: 'error', property: 'Fine', path: [0, 0, 0, 0, 0] });
    expect(i.violation!.message).toContain('invariant Fine threw: the invariant broke');
  });

  it('an unserialisable successor is an error too', () => {
    const m: Model<unknown, number> = {
      name: 'Leaky',
      initialStates: () => [{ ok: true }],
      actions: (s) => ((s as { ok?: boolean }).ok ? [0] : []),
      next: () => ({ cb: () => 0 }),
      label: () => 'leak',
      invariants: [],
    };
    for (const search of [bfs, dfs]) {
      const r = search(m);
      expect(r.verdict).toBe('violation');
      expect(r.violation).toMatchObject({ kind: 'error', property: 'unserialisable-state', path: [0], failingChoice: 0 });
      expect(r.violation!.message).toBe('the model produced a successor that is not plain data: a function at .cb');
    }
  });
});

describe('quiescent liveness', () => {
  it.each(['bfs', 'dfs'] as const)('%s: a fair run that stops where the goal does not hold is a lasso on its last state', (name) => {
    const r = strategies[name](requestServer(true));
    expect(r.verdict).toBe('violation');
    expect(r.violation).toMatchObject({ property: 'Served', kind: 'liveness', quiescent: true, path: [0, 1], loopStart: 1 });
    expect(r.violation!.message).toContain('the request is lost, never served');
    expect(r.violation!.message).toContain('nothing fair is left to do');
  });

  it('holds when every quiescent state settles the property', () => {
    const r = bfs(requestServer(false));
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(2);
  });

  it('a state with a fair action enabled is not quiescent', () => {
    // without fairness every action counts: the stutter in `lost` keeps the run going
    const m = { ...requestServer(true), fairness: undefined };
    expect(bfs(m).verdict).toBe('ok');
  });
});

describe('options', () => {
  it('a canonical form merges states', () => {
    const base = grid(6);
    const merged: Model<[number, number], 'x' | 'y'> = { ...base, canonical: ([x, y]) => [Math.min(x, y), Math.max(x, y)] };
    expect(bfs(base).stats.distinct).toBe(36);
    expect(bfs(merged).stats.distinct).toBe(21);
  });

  it('reports the collision estimate as TLC does', () => {
    const r = bfs(twoPhase(5));
    const { distinct, generated } = r.stats;
    expect(r.stats.collisionProbability).toBeCloseTo((distinct * (generated - distinct)) / 2 ** 64, 20);
  });

  it('accepts empty options', () => {
    const opts: SearchOptions = {};
    expect(dfs(counter(3), opts).stats.distinct).toBe(4);
  });
});
