// Leader-driven consensus (specs/leader-driven): the epoch change and epoch consensus rules,
// the catalogue spec's verdict, the broken leader's counterexample, and why termination is
// left out of the spec (the bound on epochs).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildPath } from '../../src/core/path.ts';
import { buildModel } from '../../src/spec/build.ts';
import { runSpec } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import type { World } from '../../src/system/world.ts';
import { readTraceFile } from '../../src/trace/read.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { loadTraceModel } from '../../src/spec/trace-model.ts';
import { acceptsEpoch, initEpochChange, nacked, trust, type EpochChange } from '../../specs/leader-driven/epoch-change.ts';
import { highest } from '../../specs/leader-driven/epoch-consensus.ts';

const REPO = join(import.meta.dirname, '..', '..');
const SPEC = join(REPO, 'specs/leader-driven/leader-driven.yaml');
const TRACE = join(REPO, 'traces/leader-driven-ignore-states.trace.yaml');
const TERMINATION = join(import.meta.dirname, 'leader-driven-termination.yaml');

describe('leader-based epoch change (CGR 5.5)', () => {
  const rules = { n: 3, maxEpochs: 3 };

  it('a process told to trust itself announces rank + N, once within a bound of 3 epochs', () => {
    const ec = initEpochChange(1, 0);
    expect(trust(ec, 1, 1, rules)).toBe(5);
    expect(ec.trusted).toBe(1);
    expect(trust(ec, 1, 1, rules)).toBeNull(); // 8 would pass N + maxEpochs = 6
    expect(trust(initEpochChange(2, 0), 0, 2, rules)).toBeNull(); // trusting another starts nothing
  });

  it('starts an epoch only from the trusted leader with a higher timestamp', () => {
    const ec: EpochChange = { trusted: 2, lastts: 5, ts: 1 };
    expect(acceptsEpoch(ec, 1, 7)).toBe(false);
    expect(acceptsEpoch(ec, 2, 5)).toBe(false);
    expect(acceptsEpoch(ec, 2, 6)).toBe(true);
    expect(ec.lastts).toBe(6);
  });

  it('retries after a NACK only while it still trusts itself', () => {
    expect(nacked({ trusted: 0, lastts: 0, ts: 1 }, 0, { n: 3, maxEpochs: 6 })).toBe(4);
    expect(nacked({ trusted: 1, lastts: 0, ts: 1 }, 0, { n: 3, maxEpochs: 6 })).toBeNull();
  });
});

describe('read/write epoch consensus (CGR 5.6): highest', () => {
  it('takes the pair with the highest timestamp', () => {
    expect(highest([{ valts: 4, val: 'y' }, null, { valts: 6, val: 'z' }])).toEqual({ valts: 6, val: 'z' });
  });

  it('prefers a value written in epoch 0 over the initial ⊥, whose timestamp is 0 too', () => {
    expect(highest([{ valts: 0, val: null }, { valts: 0, val: 'x' }, null])).toEqual({ valts: 0, val: 'x' });
    expect(highest([{ valts: 0, val: 'x' }, { valts: 0, val: null }, null])).toEqual({ valts: 0, val: 'x' });
  });
});

describe('leader-driven consensus (CGR 5.7)', () => {
  it('the catalogue spec: agreement, validity and integrity hold in its random runs', async () => {
    const o = await runSpec(SPEC);
    expect(o.properties).toEqual(['consensus-agreement', 'consensus-validity', 'consensus-integrity']);
    expect(o.result.verdict).toBe('ok');
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.stats.random?.runs).toBe(2000);
  }, 120_000);

  it('the leader that ignores STATEs: its counterexample replays and two values are decided', async () => {
    const { trace } = readTraceFile(TRACE);
    const tm = await loadTraceModel(trace, { traceFile: TRACE });
    const r = replayOnModel(tm.model, trace);
    expect(r.reproduced).toBe(true);
    expect(r.violation?.property).toBe('consensus-agreement');
    const decisions = trace.steps.flatMap((s) => (s.indications ?? []).map((i) => ({ p: s.process, v: (i as { type: string; v: string }).v })));
    expect(decisions).toHaveLength(2);
    expect(decisions[0].p).not.toBe(decisions[1].p);
    expect(decisions[0].v).not.toBe(decisions[1].v);
  }, 60_000);

  it('termination fails only because of the bound: a NACKed leader cannot try again', async () => {
    const o = await runSpec(TERMINATION);
    expect(o.expectation?.differences).toEqual([]);
    const v = o.result.violation!;
    expect(v.kind).toBe('liveness');
    expect(o.trace!.steps.some((s) => s.sent?.some((m) => (m.message as { type: string }).type === 'NACK'))).toBe(true);
    // in the state the run stays in, no live process that trusts itself may announce an epoch
    const spec = loadSpec(TERMINATION);
    const { model } = await buildModel(spec);
    const { states } = rebuildPath(model, v.path);
    const last = states[states.length - 1] as World;
    const n = last.procs.length;
    const maxEpochs = (spec.params as { maxEpochs: number }).maxEpochs;
    const leaders = last.procs
      .map((s, p) => ({ p, s: s as { ec: EpochChange; decided: boolean } }))
      .filter(({ p, s }) => !last.down[p] && s.ec.trusted === p);
    expect(leaders.length).toBeGreaterThan(0);
    for (const { s } of leaders) expect(s.ec.ts + n).toBeGreaterThan(n + maxEpochs);
    expect(last.procs.some((s, p) => !last.down[p] && !(s as { decided: boolean }).decided)).toBe(true);
  }, 120_000);
});
