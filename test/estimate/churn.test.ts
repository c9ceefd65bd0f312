/**
 * Churn (src/system/churn.ts): processes leave (down, their state, messages and timers gone) and
 * join again afresh from their role's init. Random runs take a leave with its rate; an exhaustive
 * search explores every leave and join, at most `max` of them; a state with nothing but churn
 * left ends a run; metrics count a process that joined again by its new incarnation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRuns } from '../../src/core/estimate.ts';
import { wilson } from '../../src/core/stats.ts';
import { buildModel } from '../../src/spec/build.ts';
import { runEstimate } from '../../src/spec/estimate.ts';
import { runSpec } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { SpecError } from '../../src/schema/schema.ts';
import type { SystemModel } from '../../src/system/system.ts';
import type { SysAction, World } from '../../src/system/world.ts';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'protocheck-churn-'));
const INDEX = JSON.stringify(join(REPO, 'src/index.ts'));

// a process that beats every tick, forever or `limit` times
writeFileSync(
  join(dir, 'beat.ts'),
  `import { defineProtocol } from ${INDEX};
export default defineProtocol<any, any, { limit: number }>({
  name: 'beat',
  params: { limit: -1 },
  init: (ctx) => { ctx.setTimer('beat', 1); return { beats: 0 }; },
  timers: { beat: (s, ctx) => { if (s.beats + 1 !== ctx.params.limit) ctx.setTimer('beat', 1); return { beats: s.beats + 1 }; } },
  messages: { HI: (s) => s },
});
`,
);
const spec = (name: string, body: string): string => {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `name: ${name}\n${body}`);
  return f;
};

describe('churn', () => {
  it('random runs take a leave with its rate: the measured leave frequency lies in its interval', async () => {
    // p0 beats forever, so a run never runs out of steps other than churn
    const f = spec('beat-churn', `protocol: ./beat.ts\nprocesses: 4\ntiming: { model: synchronous, delay: 1 }\nchurn: { leave: 0.1, join: 0.05, processes: [1, 2, 3] }\nexpect: { verdict: ok }\n`);
    const s = loadSpec(f);
    const model = (await buildModel({ ...s, properties: [] })).model as SystemModel;
    let canLeave = 0, leaves = 0, joins = 0, canJoin = 0;
    const observer = {
      start() {},
      step(from: World, a: SysAction) {
        if (from.down.some((d, p) => p > 0 && !d)) canLeave++;
        if (from.down.some((d) => d)) canJoin++;
        if (a.t === 'leave') leaves++;
        if (a.t === 'join') joins++;
      },
      end: () => [],
    };
    const r = estimateRuns(model, observer, { runs: 200, seed: 7, maxDepth: 200, tickKind: 'tick' });
    expect(r.ended.depth).toBe(200);
    // a step is a leave with probability 0.1 wherever some process can leave
    const leave = wilson(leaves, canLeave, 0.999);
    expect(leave.low).toBeLessThanOrEqual(0.1);
    expect(leave.high).toBeGreaterThanOrEqual(0.1);
    // a join has its rate at the steps where some process had left
    const join_ = wilson(joins, canJoin, 0.999);
    expect(join_.low).toBeLessThanOrEqual(0.05);
    expect(join_.high).toBeGreaterThanOrEqual(0.05);
  });

  it('an exhaustive search explores every leave and join, at most max of them in a run', async () => {
    const counts: number[] = [];
    for (const max of [0, 1, 2, 3]) {
      const f = spec(`beat-max-${max}`, `protocol: ./beat.ts\nparams: { limit: 2 }\nprocesses: 3\nchurn: { leave: 0.1, join: 0.1, max: ${max} }\ncheck: { maxStates: 100000 }\nexpect: { verdict: ok }\n`);
      const o = await runSpec(f);
      expect(o.result.verdict).toBe('ok');
      counts.push(o.result.stats.distinct);
      if (max > 0) expect(o.result.stats.coverage.leave.taken).toBeGreaterThan(0);
      if (max > 1) expect(o.result.stats.coverage.join.taken).toBeGreaterThan(0);
    }
    // every search is complete; each further event allowed reaches more states
    expect(counts[0]).toBeLessThan(counts[1]);
    expect(counts[1]).toBeLessThan(counts[2]);
    expect(counts[2]).toBeLessThan(counts[3]);
  });

  it('a process that leaves is down with its state gone; one that joins starts from init, and the history says so', async () => {
    const f = spec('beat-once', `protocol: ./beat.ts\nprocesses: 2\ntiming: { model: synchronous, delay: 1 }\nchurn: { leave: 0.1, join: 0.1, processes: [1], max: 2 }\nexpect: { verdict: ok }\n`);
    const model = (await buildModel({ ...loadSpec(f), properties: [] })).model as SystemModel;
    let w = model.initialStates()[0];
    const take = (label: string): void => {
      const a = model.actions(w).find((x) => model.label(x) === label);
      expect(a, `${label} in ${model.actions(w).map((x) => model.label(x))}`).toBeDefined();
      w = model.next(w, a!);
    };
    take('tick');
    take('timer p1 beat');
    expect(w.procs[1]).toEqual({ beats: 1 });
    take('leave p1');
    expect(w.down[1]).toBe(true);
    expect(w.procs[1]).toBeNull();
    expect(w.timers[1]).toEqual([]);
    expect(model.actions(w).map((a) => model.label(a))).toContain('join p1');
    take('join p1');
    expect(w.procs[1]).toEqual({ beats: 0 });
    expect(w.timers[1]).toEqual(['beat']);
    expect(w.history[1].map((e) => e.k)).toEqual(['leave', 'join']);
    expect(w.churned).toBe(2);
    // the bound is spent: no more churn
    expect(model.actions(w).some((a) => a.t === 'leave' || a.t === 'join')).toBe(false);
  });

  it('coverage counts the processes up at the end by what their current incarnation delivered', async () => {
    const push = join(REPO, 'specs/gossip/push.ts');
    const f = spec('push-churn', `protocol: ${push}\nparams: { fanout: 1, rounds: 1 }\nprocesses: 4\ntiming: { model: synchronous, delay: 1 }\nchurn: { leave: 0.1, join: 0.1, processes: [1, 2, 3], max: 2 }\nworkload: [{ process: 0, request: { type: broadcast, m: a } }]\nestimate: { runs: 4000, seed: 3, exact: true, metrics: [coverage, complete] }\nexpect: { verdict: ok }\n`);
    const o = await runEstimate(f);
    expect(o.rates?.[0]).toContain('a step is a leave with probability 0.1 and a join with probability 0.1');
    for (const m of o.metrics) {
      const exact = (m.exact as { value: number }).value;
      // the exact value on the state graph under the same rated scheduler: within the interval (99.9 %, to keep the test steady)
      const wide = m.kind === 'proportion' ? wilson(Math.round(m.interval.estimate * m.applied), m.applied, 0.999) : m.interval;
      expect(wide.low - (m.kind === 'value' ? 3 * (m.interval.high - m.interval.low) : 0)).toBeLessThanOrEqual(exact);
      expect(wide.high + (m.kind === 'value' ? 3 * (m.interval.high - m.interval.low) : 0)).toBeGreaterThanOrEqual(exact);
    }
    const coverage = o.metrics.find((m) => m.name === 'coverage')!;
    // churn lowers coverage: without it the same gossip reaches 1 − 0.278 of the nodes (push-small's exact residue)
    expect((coverage.exact as { value: number }).value).toBeLessThan(0.72);
  });

  it('bad churn settings are bad input at their line', () => {
    const f = spec('bad-churn', `protocol: ./beat.ts\nprocesses: 3\nchurn: { leave: 0.7, join: 0.5, processes: [5] }\nexpect: { verdict: ok }\n`);
    let err: unknown;
    try {
      loadSpec(f);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as Error).message).toContain('churn.processes names process 5, which does not exist');
    expect((err as Error).message).toContain('their sum must be below 1');
  });
});
