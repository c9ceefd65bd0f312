/** Random search over core Models: violations in bfs's path format, determinism, limits, errors, liveness, coverage. */
import { describe, expect, it } from 'vitest';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { ModelError, type Model } from '../../src/core/model.ts';
import { rebuildPath } from '../../src/core/path.ts';
import { blockSeed, BLOCK_RUNS, kindOf, parseShard, randomSearch, shardRunCount, WALKS } from '../../src/core/random.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { buildTrace } from '../../src/trace/trace.ts';
import { relay } from '../trace/fixtures/relay.ts';

const ctx = { spec: 's.yaml', specDigest: 'd', module: 'm.ts', moduleDigest: 'd', params: {}, search: { strategy: 'random' } };
const relayOpts = { n: 3, forward: false, lossy: false, retransmit: false, crashes: 0, throwOn: '' };

/** A counter that can only go up to 3; `boom` throws at 2 (in `next`), `listBoom` in `actions`. */
function counter(mode: 'ok' | 'boom' | 'listBoom' | 'invBoom' | 'stuck'): Model<number, string> {
  return {
    name: `counter(${mode})`,
    initialStates: () => [0],
    actions: (s) => {
      if (mode === 'listBoom' && s === 2) throw new Error('cannot list at 2');
      if (mode === 'stuck' && s === 2) return [];
      return s < 3 ? ['inc', 'noop'] : ['noop'];
    },
    next: (s, a) => {
      if (mode === 'boom' && s === 2 && a === 'inc') throw new ModelError('inc at 2 is not allowed', 'handler-threw');
      return a === 'inc' ? s + 1 : s;
    },
    label: (a) => a,
    invariants: [
      {
        name: 'Small',
        check: (s) => {
          if (mode === 'invBoom' && s === 3) throw new Error('cannot judge 3');
          return s <= 3 ? null : 'too big';
        },
      },
    ],
  };
}

describe('random search', () => {
  it('finds the early-commit violation with every walk, as a path that rebuildPath and buildTrace accept', () => {
    for (const walk of WALKS) {
      const r = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30, walk });
      expect(r.verdict, walk).toBe('violation');
      const v = r.violation!;
      expect(v).toMatchObject({ property: 'TCConsistent', kind: 'safety' });
      const { states } = rebuildPath(twoPhase(3, true), v.path);
      const last = states[states.length - 1];
      expect(last.rmState).toContain('committed');
      expect(last.rmState).toContain('aborted');
      const t = buildTrace(twoPhase(3, true), v, ctx);
      expect(t.steps.length - 1).toBe(v.path.length - 1);
      // fast-check shrank it to a shortest counterexample (bfs: 5 steps)
      expect(t.steps.length - 1).toBe(5);
      expect(r.stats.random).toMatchObject({ seed: 42, walk, exhaustive: false });
      expect(r.stats.random!.shrinkRuns).toBeGreaterThan(0);
    }
  });

  it('without shrinking keeps the first failing run as it was', () => {
    const shrunk = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30 });
    const raw = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30, shrink: false });
    expect(raw.verdict).toBe('violation');
    expect(raw.stats.random!.shrinkRuns).toBe(0);
    expect(raw.violation!.path.length).toBeGreaterThanOrEqual(shrunk.violation!.path.length);
  });

  it('is reproduced exactly by its seed, and pinned so that any machine gives the same runs', () => {
    const a = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30 });
    const b = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30 });
    expect(b.violation!.path).toEqual(a.violation!.path);
    expect(b.stats.random!.runs).toBe(a.stats.random!.runs);
    expect(b.stats.coverage).toEqual(a.stats.coverage);
    // fixed values: fast-check's generator and our seed mixing are pure JavaScript, the same everywhere
    expect(blockSeed(42, 0)).toBe(547969798);
    expect(blockSeed(42, 1)).toBe(182059875);
    expect(blockSeed(-5, 3)).toBe(937720214);
    expect(a.violation!.path).toEqual([0, 1, 1, 0, 0, 5]);
    const ok1 = randomSearch(twoPhase(3), { seed: 9, runs: 300, maxDepth: 30 });
    const ok2 = randomSearch(twoPhase(3), { seed: 9, runs: 300, maxDepth: 30 });
    expect(ok2.stats.coverage).toEqual(ok1.stats.coverage);
    expect(ok2.stats.random!.steps).toBe(ok1.stats.random!.steps);
    const other = randomSearch(twoPhase(3), { seed: 10, runs: 300, maxDepth: 30 });
    expect(other.stats.coverage).not.toEqual(ok1.stats.coverage);
  });

  it('says ok with the runs done, never that it is a proof', () => {
    const r = randomSearch(twoPhase(3), { seed: 1, runs: 250, maxDepth: 40 });
    expect(r.verdict).toBe('ok');
    expect(r.stats.strategy).toBe('random');
    expect(r.stats.random).toMatchObject({ runs: 250, requestedRuns: 250, maxDepth: 40, exhaustive: false, shrinkRuns: 0 });
    expect(r.stats.random!.steps).toBeGreaterThan(250);
    expect(r.stats.distinct).toBeGreaterThan(50);
    expect(r.stats.distinct).toBeLessThanOrEqual(288);
    expect(r.stats.depth).toBeLessThanOrEqual(40);
  });

  it('honours the depth bound', () => {
    const r = randomSearch(relay({ ...relayOpts, n: 4, lossy: true, retransmit: true }), { seed: 3, runs: 50, maxDepth: 4 });
    expect(r.stats.depth).toBeLessThanOrEqual(4);
    expect(r.stats.random!.steps).toBeLessThanOrEqual(200);
  });

  it('stops at the time limit: inconclusive when runs were asked for, ok when only time was given', () => {
    const slow: Model<number, string> = { ...counter('ok'), actions: (s) => { const end = performance.now() + 0.2; while (performance.now() < end); return s < 3 ? ['inc', 'noop'] : ['noop']; } };
    const r = randomSearch(slow, { seed: 1, runs: 1_000_000, maxDepth: 50, timeLimitMs: 300 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit?.kind).toBe('time');
    expect(r.limit?.message).toMatch(/time limit reached after .* random runs done/);
    expect(r.stats.random!.runs).toBeLessThan(1_000_000);
    const open = randomSearch(slow, { seed: 1, maxDepth: 50, timeLimitMs: 300 });
    expect(open.verdict).toBe('ok');
    expect(open.stats.random!.requestedRuns).toBeUndefined();
    expect(open.stats.random!.runs).toBeGreaterThan(0);
  });

  it('reports model errors as the exhaustive search does', () => {
    const boom = randomSearch(counter('boom'), { seed: 1, runs: 200, maxDepth: 10 });
    expect(boom.violation).toMatchObject({ property: 'handler-threw', kind: 'error', message: 'inc at 2 is not allowed', failingChoice: 0 });
    expect(boom.violation!.cause).toBeInstanceOf(ModelError);
    expect(rebuildPath(counter('ok'), boom.violation!.path).states.at(-1)).toBe(2);
    const list = randomSearch(counter('listBoom'), { seed: 1, runs: 200, maxDepth: 10 });
    expect(list.violation).toMatchObject({ property: 'model-error', kind: 'error' });
    expect(list.violation!.message).toMatch(/while listing the enabled actions: cannot list at 2/);
    expect(list.violation!.failingChoice).toBeUndefined();
    const inv = randomSearch(counter('invBoom'), { seed: 1, runs: 200, maxDepth: 10 });
    expect(inv.violation).toMatchObject({ property: 'Small', kind: 'error' });
    expect(inv.violation!.message).toMatch(/invariant Small threw: cannot judge 3/);
  });

  it('finds deadlocks only when asked', () => {
    expect(randomSearch(counter('stuck'), { seed: 1, runs: 100, maxDepth: 10 }).verdict).toBe('ok');
    const r = randomSearch(counter('stuck'), { seed: 1, runs: 100, maxDepth: 10, checkDeadlock: true });
    expect(r.violation).toMatchObject({ property: 'deadlock', kind: 'deadlock' });
    expect(r.violation!.path).toEqual([0, 0, 0]);
  });

  it('checks liveness in quiescent states, as lassos that stay in the last state, and on the cycles a run closes', () => {
    const r = randomSearch(relay({ ...relayOpts, lossy: true }), { seed: 5, runs: 500, maxDepth: 20 });
    expect(r.verdict).toBe('violation');
    const v = r.violation!;
    expect(v).toMatchObject({ property: 'AllDeliver', kind: 'liveness', quiescent: true });
    expect(v.loopStart).toBe(v.path.length - 1);
    expect(v.message).toMatch(/never deliver the message — and nothing fair is left to do/);
    // a fair cycle (lose, resend, lose, ...) is no quiescent state: the run that closes it is a lasso
    const cyc = randomSearch(relay({ ...relayOpts, n: 2, lossy: true, retransmit: true }), { seed: 5, runs: 200, maxDepth: 20 });
    expect(cyc.violation).toMatchObject({ property: 'AllDeliver', kind: 'liveness' });
    expect(cyc.violation!.quiescent).toBeUndefined();
    expect(cyc.violation!.loopStart).toBeLessThan(cyc.violation!.path.length - 1);
  });

  it('treats a state where every enabled action stutters as quiescent, and replay agrees', () => {
    // 0 -inc-> 1, where only `poke` (fair, changes nothing) is enabled: a fair run stays at 1 forever
    const m: Model<number, string> = {
      name: 'stuck-at-one',
      initialStates: () => [0],
      actions: (s) => (s === 0 ? ['inc', 'poke'] : ['poke']),
      next: (s, a) => (a === 'inc' ? s + 1 : s),
      label: (a) => a,
      invariants: [],
      liveness: [{ name: 'ReachesTwo', settled: (s) => (s === 2 ? null : `stuck at ${s}`) }],
      fairness: () => 'weak',
    };
    const r = randomSearch(m, { seed: 1, runs: 50, maxDepth: 10 });
    expect(r.violation).toMatchObject({ property: 'ReachesTwo', kind: 'liveness', quiescent: true, path: [0, 0], loopStart: 1 });
    expect(r.violation!.message).toBe('stuck at 1 — and every enabled action leaves the state as it is: the run stays in this state forever');
    const t = buildTrace(m, r.violation!, ctx);
    const rep = replayOnModel(m, t);
    expect(rep.reproduced).toBe(true);
    expect(rep.violation!.message).toBe(r.violation!.message);
  });

  it('counts coverage per action kind: enabled, taken, runs, new states', () => {
    const r = randomSearch(twoPhase(3), { seed: 4, runs: 400, maxDepth: 30 });
    const c = r.stats.coverage;
    expect(Object.keys(c).sort()).toEqual(['RMChooseToAbort', 'RMPrepare', 'RMRcvAbortMsg', 'RMRcvCommitMsg', 'TMAbort', 'TMCommit', 'TMRcvPrepared']);
    let taken = 0;
    for (const k of Object.keys(c)) {
      expect(c[k].taken).toBeLessThanOrEqual(c[k].enabled!);
      expect(c[k].runs).toBeLessThanOrEqual(400);
      expect(c[k].distinct).toBeLessThanOrEqual(c[k].taken);
      taken += c[k].taken;
    }
    expect(taken).toBe(r.stats.random!.steps);
    // every run starts in the initial state, where these are enabled
    expect(c.RMPrepare.enabled).toBeGreaterThanOrEqual(400);
    expect(c.TMAbort.runs! + c.TMCommit.runs!).toBe(400);
  });

  it('falls back to the label for the kind of an action', () => {
    const m = { ...counter('ok'), label: (a: string) => `${a}(x) more` };
    expect(kindOf(m, 'inc')).toBe('inc');
    expect(kindOf(twoPhase(3), { type: 'TMAbort' })).toBe('TMAbort');
  });
});

describe('walks on two-phase commit (2,000 runs, seed 2026)', () => {
  const shares = (rm: number, walk: 'uniform' | 'swarm' | 'pct') => {
    let commit = 0;
    let abort = 0;
    const r = randomSearch(twoPhase(rm), {
      seed: 2026,
      runs: 2000,
      maxDepth: 40,
      walk,
      onRunEnd: (s) => {
        if (s.tmState === 'committed' && s.rmState.every((x) => x === 'committed')) commit++;
        if (s.tmState === 'aborted' && s.rmState.every((x) => x === 'aborted')) abort++;
      },
    });
    expect(r.stats.coverage.TMCommit?.runs ?? 0).toBe(commit);
    return { commit: commit / 2000, abort: abort / 2000 };
  };

  it('RM=3: the uniform walk almost never commits; swarm and pct reach both outcomes about ten times as often', () => {
    const u = shares(3, 'uniform');
    // measured: uniform 1.0% committed / 99.0% aborted, swarm 12.2% / 87.8%, pct 11.5% / 88.6%
    expect(u.commit).toBeLessThan(0.02);
    for (const w of [shares(3, 'swarm'), shares(3, 'pct')]) {
      expect(w.commit).toBeGreaterThan(0.09);
      expect(w.abort).toBeGreaterThan(0.8);
      expect(w.commit).toBeGreaterThan(8 * u.commit);
      // every run ends decided: a run stops when only stuttering steps are left
      expect(w.commit + w.abort).toBe(1);
    }
  });

  it('RM=5: uniform commits in 3 of 2,000 runs, swarm and pct in about one run in ten', () => {
    const u = shares(5, 'uniform');
    const s = shares(5, 'swarm');
    const p = shares(5, 'pct');
    expect(u.commit).toBe(3 / 2000);
    expect(s.commit).toBe(229 / 2000);
    expect(p.commit).toBe(179 / 2000);
    for (const w of [s, p]) expect(w.commit).toBeGreaterThan(50 * u.commit);
  });
});

describe('shards', () => {
  it('parses i/n and rejects the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('0/4')).toThrow(/between 1 and n/);
    expect(() => parseShard('5/4')).toThrow(/between 1 and n/);
    expect(() => parseShard('two')).toThrow(/i\/n/);
  });

  it('split the runs in blocks so that the shards together are the unsharded search', () => {
    expect(shardRunCount(1000, { index: 1, count: 4 }) + shardRunCount(1000, { index: 2, count: 4 }) + shardRunCount(1000, { index: 3, count: 4 }) + shardRunCount(1000, { index: 4, count: 4 })).toBe(1000);
    // 1,050 runs are blocks 0..10 (the last of 50 runs); shard i of 3 runs the blocks b with b mod 3 = i - 1
    expect(shardRunCount(1050, { index: 1, count: 3 })).toBe(4 * BLOCK_RUNS);
    expect(shardRunCount(1050, { index: 2, count: 3 })).toBe(3 * BLOCK_RUNS + 50);
    expect(shardRunCount(1050, { index: 3, count: 3 })).toBe(3 * BLOCK_RUNS);
    const whole = randomSearch(twoPhase(3), { seed: 77, runs: 600, maxDepth: 30 });
    let runs = 0;
    let steps = 0;
    const taken: Record<string, number> = {};
    for (let i = 1; i <= 3; i++) {
      const r = randomSearch(twoPhase(3), { seed: 77, runs: 600, maxDepth: 30, shard: { index: i, count: 3 } });
      expect(r.stats.random!.shard).toEqual({ index: i, count: 3 });
      expect(r.stats.random!.requestedRuns).toBe(200);
      runs += r.stats.random!.runs;
      steps += r.stats.random!.steps;
      for (const [k, c] of Object.entries(r.stats.coverage)) taken[k] = (taken[k] ?? 0) + c.taken;
    }
    expect(runs).toBe(600);
    expect(steps).toBe(whole.stats.random!.steps);
    expect(taken).toEqual(Object.fromEntries(Object.entries(whole.stats.coverage).map(([k, c]) => [k, c.taken])));
  });

  it('find in a shard the violation that the unsharded search finds in that shard\'s block', () => {
    const whole = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30 });
    const shard1 = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30, shard: { index: 1, count: 2 } });
    expect(shard1.violation!.path).toEqual(whole.violation!.path);
    const shard2 = randomSearch(twoPhase(3, true), { seed: 42, runs: 1000, maxDepth: 30, shard: { index: 2, count: 2 } });
    expect(shard2.verdict).toBe('violation');
  });
});
