/** Liveness in random mode: fair cycles closed by a walk, judged as the exhaustive check judges them, and quiescence. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/core/liveness.ts';
import type { Model } from '../../src/core/model.ts';
import { rebuildPath } from '../../src/core/path.ts';
import { randomSearch, type RandomSearchStats } from '../../src/core/random.ts';
import { buildModel } from '../../src/spec/build.ts';
import { runSpec } from '../../src/spec/run.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { buildTrace } from '../../src/trace/trace.ts';
import { tableModel, type Edge } from '../liveness/helpers.ts';

const ctx = { spec: 't.yaml', specDigest: 'sha256:0', module: 't.ts', moduleDigest: 'sha256:0', params: {}, search: { strategy: 'random' } };
const specs = join(import.meta.dirname, '..', '..', 'specs');

/** The tables of test/liveness/fair-cycles.test.ts, with what the exhaustive check says of each. */
const tables: { name: string; table: Record<string, Edge[]>; verdict: 'ok' | 'lasso' | 'quiescent' }[] = [
  { name: 'a weakly fair way out, enabled all along the cycle', verdict: 'ok', table: { init: [{ a: 'start', to: 'a' }], a: [{ a: 'spin', to: 'b' }, { a: 'finish', to: 'goal' }], b: [{ a: 'spin', to: 'a' }, { a: 'finish', to: 'goal' }], goal: [] } },
  { name: 'only an unfair way out', verdict: 'lasso', table: { init: [{ a: 'start', to: 'a' }], a: [{ a: 'spin', to: 'b' }, { a: 'finish', to: 'goal', fair: 'none' }], b: [{ a: 'spin', to: 'a' }, { a: 'finish', to: 'goal', fair: 'none' }], goal: [] } },
  {
    name: 'a strongly fair ring the loop must take',
    verdict: 'lasso',
    table: { init: [{ a: 'go', to: 'b' }], b: [{ a: 'right', to: 'c' }, { a: 'left', to: 'a' }, { a: 'ping', to: 'goal', fair: 'none' }], a: [{ a: 'back', to: 'b' }], c: [{ a: 'back', to: 'b' }, { a: 'ring', to: 'c2', fair: 'strong' }], c2: [{ a: 'back2', to: 'b' }], goal: [] },
  },
  {
    name: 'a short cycle that must be extended through z',
    verdict: 'lasso',
    table: { init: [{ a: 'go', to: 'x' }], x: [{ a: 'a', to: 'y', fair: 'none' }, { a: 'c', to: 'z', fair: 'none' }, { a: 'w', to: 'goal' }], y: [{ a: 'b', to: 'x', fair: 'none' }, { a: 'w', to: 'goal' }], z: [{ a: 'd', to: 'x' }], goal: [] },
  },
  { name: 'weak fairness, the way out enabled every other state', verdict: 'lasso', table: { init: [{ a: 'start', to: 'on' }], on: [{ a: 'tick', to: 'off' }, { a: 'go', to: 'goal' }], off: [{ a: 'tick', to: 'on' }], goal: [] } },
  { name: 'strong fairness, the way out enabled every other state', verdict: 'ok', table: { init: [{ a: 'start', to: 'on' }], on: [{ a: 'tick', to: 'off' }, { a: 'go', to: 'goal', fair: 'strong' }], off: [{ a: 'tick', to: 'on' }], goal: [] } },
  { name: 'a stubborn link, weakly fair delivery', verdict: 'lasso', table: { init: [{ a: 'send', to: 'inflight' }], inflight: [{ a: 'deliver', to: 'goal' }, { a: 'drop', to: 'idle', fair: 'none' }], idle: [{ a: 'retransmit', to: 'inflight' }], goal: [{ a: 'retransmit', to: 'goal' }] } },
  { name: 'a stubborn link, strongly fair delivery', verdict: 'ok', table: { init: [{ a: 'send', to: 'inflight' }], inflight: [{ a: 'deliver', to: 'goal', fair: 'strong' }, { a: 'drop', to: 'idle', fair: 'none' }], idle: [{ a: 'retransmit', to: 'inflight' }], goal: [{ a: 'retransmit', to: 'goal' }] } },
  { name: 'a stubborn link, unfair delivery', verdict: 'quiescent', table: { init: [{ a: 'send', to: 'inflight' }], inflight: [{ a: 'deliver', to: 'goal', fair: 'none' }, { a: 'drop', to: 'idle', fair: 'none' }], idle: [{ a: 'retransmit', to: 'inflight' }], goal: [{ a: 'retransmit', to: 'goal' }] } },
  {
    name: 'Emerson–Lei: a fair cycle beside the strongly fair way out',
    verdict: 'lasso',
    table: { init: [{ a: 'start', to: 'on' }], on: [{ a: 'tick', to: 'off', fair: 'none' }, { a: 'go', to: 'goal', fair: 'strong' }], off: [{ a: 'tock', to: 'off2' }, { a: 'tick', to: 'on', fair: 'none' }], off2: [{ a: 'tock2', to: 'off' }, { a: 'tick', to: 'on', fair: 'none' }], goal: [] },
  },
  {
    name: 'Emerson–Lei: every cycle unfair',
    verdict: 'ok',
    table: { init: [{ a: 'start', to: 'on' }], on: [{ a: 'tick', to: 'off' }, { a: 'go', to: 'goal', fair: 'strong' }], off: [{ a: 'tock', to: 'off2' }, { a: 'tick', to: 'on' }], off2: [{ a: 'tock2', to: 'off' }, { a: 'tick', to: 'on' }], goal: [] },
  },
  { name: 'an unfair step into a quiescent state', verdict: 'quiescent', table: { init: [{ a: 'step', to: 'stuck' }], stuck: [{ a: 'drop', to: 'stuck2', fair: 'none' }], stuck2: [] } },
  { name: 'a state whose only fair action stutters', verdict: 'quiescent', table: { init: [{ a: 'step', to: 'idle' }], idle: [{ a: 'poll', to: 'idle' }] } },
  { name: 'a state whose fair action stutters, and an unfair way on', verdict: 'quiescent', table: { init: [{ a: 'step', to: 'idle' }], idle: [{ a: 'poll', to: 'idle' }, { a: 'crash', to: 'down', fair: 'none' }], down: [{ a: 'poll', to: 'down' }] } },
  { name: 'every fair run reaches the goal', verdict: 'ok', table: { init: [{ a: 'a', to: 'mid' }, { a: 'fin', to: 'goal' }], mid: [{ a: 'fin', to: 'goal' }, { a: 'loop', to: 'init', fair: 'none' }], goal: [{ a: 'stay', to: 'goal' }] } },
];

function shape(v: { quiescent?: boolean } | undefined): 'ok' | 'lasso' | 'quiescent' {
  return v === undefined ? 'ok' : v.quiescent ? 'quiescent' : 'lasso';
}

/** The lasso's loop closes: its last state is the state it goes back to, and the property is unsettled all along. */
function expectClosedLoop<S, A>(model: Model<S, A>, path: number[], loopStart: number): void {
  const { states } = rebuildPath(model, path);
  expect(states.length - 1).toBeGreaterThan(loopStart);
  expect(states[states.length - 1]).toEqual(states[loopStart]);
  for (const s of states.slice(loopStart)) expect(model.liveness![0].settled(s)).not.toBeNull();
}

describe('random search judges fair cycles as the exhaustive check does', () => {
  for (const { name, table, verdict } of tables) {
    it(`${name}: ${verdict}`, () => {
      const model = tableModel(table, { goal: ['goal'] });
      expect(shape(checkLiveness(model).violation)).toBe(verdict);
      const r = randomSearch(model, { seed: 7, runs: 200, maxDepth: 30 });
      expect(shape(r.violation)).toBe(verdict);
      if (verdict === 'ok') {
        expect(r.verdict).toBe('ok');
        return;
      }
      const v = r.violation!;
      expect(v).toMatchObject({ property: 'reach-goal', kind: 'liveness' });
      if (verdict === 'lasso') expectClosedLoop(model, v.path, v.loopStart!);
      else expect(v.loopStart).toBe(v.path.length - 1);
      // the trace replays as a lasso, with no warning that the loop may be unfair
      const replay = replayOnModel(model, buildTrace(model, v, ctx));
      expect(replay.reproduced).toBe(true);
      expect(replay.warnings).toEqual([]);
    });
  }

  it('keeps the loop the exhaustive check would build: the Emerson–Lei cycle avoids the state where `go` is enabled', () => {
    const model = tableModel(tables.find((t) => t.name.startsWith('Emerson–Lei: a fair'))!.table, { goal: ['goal'] });
    const v = randomSearch(model, { seed: 7, runs: 200, maxDepth: 30 }).violation!;
    const { states } = rebuildPath(model, v.path);
    expect(states.slice(v.loopStart!)).not.toContain('on');
    expect(new Set(states.slice(v.loopStart!))).toEqual(new Set(['off', 'off2']));
  });

  it('an eventually-always property is violated by a fair cycle that passes through one unsettled state', () => {
    // the loop a -> b -> a is fair and settled in a only: always-eventually holds, eventually-always does not
    const table: Record<string, Edge[]> = { init: [{ a: 'start', to: 'a' }], a: [{ a: 'spin', to: 'b' }], b: [{ a: 'spin', to: 'a' }] };
    const base = tableModel(table, { goal: ['a'] });
    expect(randomSearch(base, { seed: 3, runs: 50, maxDepth: 20 }).verdict).toBe('ok');
    const persistent = { ...base, liveness: [{ ...base.liveness![0], eventuallyAlways: true }] };
    expect(checkLiveness(persistent).verdict).toBe('violation');
    const v = randomSearch(persistent, { seed: 3, runs: 50, maxDepth: 20 }).violation!;
    expect(v).toMatchObject({ kind: 'liveness', message: 'the run is in b, not in a' });
    const { states } = rebuildPath(persistent, v.path);
    expect(states[v.loopStart!]).toBe('b');
    expect(states.at(-1)).toBe('b');
  });

  it('counts the cycles its runs closed and judged, and the successors it computed beside the walk', () => {
    const ok = tableModel(tables[0].table, { goal: ['goal'] });
    const stats = randomSearch(ok, { seed: 7, runs: 200, maxDepth: 30 }).stats.random as RandomSearchStats;
    expect(stats.cycles!.closed).toBeGreaterThan(0);
    expect(stats.cycles!.judged).toBe(stats.cycles!.closed);
    // `finish` is weakly fair and never walked inside the cycle: it is computed to see where it leads
    expect(stats.cycles!.probes).toBeGreaterThan(0);
    const noLiveness = { ...ok, liveness: [] };
    expect((randomSearch(noLiveness, { seed: 7, runs: 20, maxDepth: 30 }).stats.random as RandomSearchStats).cycles).toBeUndefined();
  });

  it('steers, when asked, a run that comes back to a state toward the actions it has not taken there', () => {
    // from `hub`, x and y lead to `spoke`, which leads back: with steering every run of 5 steps takes both
    const table: Record<string, Edge[]> = { init: [{ a: 'enter', to: 'hub' }], hub: [{ a: 'x', to: 'spoke' }, { a: 'y', to: 'spoke' }], spoke: [{ a: 'back', to: 'hub' }] };
    const model = tableModel(table, { goal: ['hub', 'spoke'] });
    const steered = randomSearch(model, { seed: 11, runs: 100, maxDepth: 5, steerCycles: true }).stats.coverage;
    expect(steered.x.runs).toBe(100);
    expect(steered.y.runs).toBe(100);
    const plain = randomSearch(model, { seed: 11, runs: 100, maxDepth: 5 }).stats.coverage;
    expect(plain.x.runs! + plain.y.runs!).toBeLessThan(200);
  });
});

describe('the liveness teaching specs under random search (seed 1; 300 runs, 150 for the correct ones)', () => {
  const random = { strategy: 'random' as const, seed: 1, runs: 300 };
  const fewer = { ...random, runs: 150 };
  const violating = [
    ['liveness/job-handler-postpone.yaml', 'lasso'],
    ['liveness/lockers-greedy.yaml', 'lasso'],
    ['liveness/ack-broadcast-ignore-detector.yaml', 'quiescent'],
    ['two-phase-commit/two-phase-commit-blocking.yaml', 'quiescent'],
    ['links/perfect-links-lossy.yaml', 'quiescent'],
  ] as const;
  for (const [file, kind] of violating) {
    it(`${file}: the violation the spec expects, as a ${kind} that replays`, async () => {
      const o = await runSpec(join(specs, file), { settings: random });
      expect(o.expectation?.differences).toEqual([]);
      expect(o.result.stats.strategy).toBe('random');
      const v = o.result.violation!;
      expect(shape(v)).toBe(kind);
      const t = o.trace!;
      expect(t.loopStart).toBe(v.loopStart);
      if (kind === 'lasso') expect(t.steps[t.steps.length - 1].fingerprint).toBe(t.steps[t.loopStart!].fingerprint);
      const { model } = await buildModel({ ...o.spec, check: o.settings });
      const replay = replayOnModel(model, t);
      expect(replay.reproduced).toBe(true);
      expect(replay.warnings).toEqual([]);
    });
  }

  for (const file of ['liveness/job-handler-sync.yaml', 'liveness/job-handler-fifo.yaml', 'liveness/lockers-ordered.yaml', 'liveness/ack-broadcast.yaml', 'two-phase-commit/two-phase-commit.yaml', 'links/perfect-links.yaml']) {
    it(`${file}: no violation found (never a proof)`, async () => {
      const o = await runSpec(join(specs, file), { settings: fewer });
      expect(o.result.verdict).toBe('ok');
      expect(o.result.stats.random!.exhaustive).toBe(false);
      expect(o.fairCycles).toBeUndefined();
    });
  }
});
