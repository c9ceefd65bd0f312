/** Delta debugging over action labels: smaller traces that still violate the same property. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { readTraceFile } from '../../src/trace/read.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { ddmin, shrinkOnModel } from '../../src/trace/shrink.ts';
import { cli, context, EARLY, FIX, modelOf, tmp, traceOf, writeTrace } from './helpers.ts';

describe('ddmin', () => {
  it('finds a 1-minimal subsequence that still passes the test', () => {
    let calls = 0;
    const test = (c: number[]) => (calls++, c.includes(3) && c.includes(7) ? c : null);
    expect(ddmin([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], test)).toEqual([3, 7]);
    expect(calls).toBeLessThan(40);
    expect(ddmin([5], (c) => c)).toEqual([]);
  });
});

describe('shrinking traces', () => {
  const padded = ['RMPrepare(rm3)', 'RMPrepare(rm1)', 'TMRcvPrepared(rm3)', 'RMChooseToAbort(rm2)', 'TMRcvPrepared(rm1)', 'TMCommit', 'RMRcvCommitMsg(rm3)'];

  it('drops the steps a safety violation does not need', () => {
    const ctx = context(EARLY, { RM: 3, earlyCommit: true });
    const m = twoPhase(3, true);
    const t = traceOf(m, padded, { property: 'TCConsistent', kind: 'safety', message: 'disagree' }, ctx);
    expect(t.steps).toHaveLength(8);
    const r = shrinkOnModel(m, t, ctx);
    expect(r.before).toBe(7);
    expect(r.after).toBe(5); // bfs's shortest
    expect(r.trace.property).toBe('TCConsistent');
    expect(r.trace.search).toMatchObject({ shrunkFrom: 7 });
    expect(replayOnModel(m, r.trace).reproduced).toBe(true);
    const labels = r.trace.steps.slice(1).map((s) => s.action);
    // what is left is a subsequence of what was there
    let i = 0;
    for (const l of labels) i = padded.indexOf(l, i) + 1;
    expect(i).toBeGreaterThan(0);
    expect(labels).toContain('RMChooseToAbort(rm2)');
    expect(labels.at(-1)).toBe('RMRcvCommitMsg(rm3)');
  });

  it('keeps the same property: a trace that fails a second property on the way is shrunk for the recorded one', () => {
    const ctx = context(EARLY, { RM: 3, earlyCommit: true });
    const base = twoPhase(3, true);
    // a second invariant that fails as soon as rm3 prepares: must not be what the shrunk trace shows
    const m = { ...base, invariants: [{ name: 'Rm3Idle', check: (s: any) => (s.rmState[2] === 'working' ? null : 'rm3 moved') }, ...base.invariants] };
    const t = traceOf(m, padded, { property: 'TCConsistent', kind: 'safety', message: 'disagree' }, ctx);
    const r = shrinkOnModel(m, t, ctx);
    expect(r.trace.property).toBe('TCConsistent');
    expect(r.trace.message).toMatch(/resource managers disagree/);
  });

  it('shrinks the prefix of a lasso and keeps its loop', async () => {
    const spec = `${FIX}/relay-retransmit.yaml`;
    const { params } = await modelOf(spec);
    const p3 = { ...params, n: 3 };
    const { relay } = await import('./fixtures/relay.ts');
    const m = relay(p3 as never);
    const ctx = context(spec, p3);
    const labels = ['send@p0', 'drop MSG p0->p1', 'resend@p0', 'deliver MSG p0->p1', 'drop MSG p0->p2', 'resend@p0', 'drop MSG p0->p2'];
    const t = traceOf(m, labels, { property: 'AllDeliver', kind: 'liveness', message: 'p2 never delivers', loopStart: 5 }, ctx);
    expect(replayOnModel(m, t).reproduced).toBe(true);
    const r = shrinkOnModel(m, t, ctx);
    expect(r.trace.steps.slice(1).map((s) => s.action)).toEqual(['send@p0', 'deliver MSG p0->p1', 'drop MSG p0->p2', 'resend@p0', 'drop MSG p0->p2']);
    expect(r.trace.loopStart).toBe(3);
    expect(replayOnModel(m, r.trace).reproduced).toBe(true);
  });

  it('shrinks an error trace to the shortest way to the action that throws', async () => {
    const spec = `${FIX}/relay-throw.yaml`;
    const { model, params } = await modelOf(spec);
    const ctx = context(spec, params);
    const t = traceOf(model, ['send@p0', 'deliver MSG p0->p1'], { property: 'handler-threw', kind: 'error', message: 'threw', failingChoice: 0 }, ctx);
    expect(t.failingAction).toBe('deliver MSG p0->p2');
    const r = shrinkOnModel(model, t, ctx);
    expect(r.trace.steps.slice(1).map((s) => s.action)).toEqual(['send@p0']);
    expect(r.trace.failingAction).toBe('deliver MSG p0->p2');
    expect(replayOnModel(model, r.trace).reproduced).toBe(true);
  });
});

describe('protocheck shrink', () => {
  it('writes the smaller trace and exits 0', () => {
    const dir = tmp('shrink-');
    const ctx = context(EARLY, { RM: 3, earlyCommit: true });
    const t = traceOf(twoPhase(3, true), ['RMPrepare(rm3)', 'RMPrepare(rm1)', 'TMRcvPrepared(rm3)', 'RMChooseToAbort(rm2)', 'TMRcvPrepared(rm1)', 'TMCommit', 'RMRcvCommitMsg(rm3)'], { property: 'TCConsistent', kind: 'safety', message: 'disagree' }, ctx);
    const f = writeTrace(t, dir, 'long.trace.yaml');
    const r = cli(['shrink', f, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ shrunk from 7 to 5 steps in \d+ executions; TCConsistent still fails\n {2}written to .*long\.shrunk\.trace\.yaml/);
    const out = join(dir, 'long.shrunk.trace.yaml');
    expect(readTraceFile(out).trace.steps).toHaveLength(6);
    expect(cli(['replay', out, '--quiet']).code).toBe(0);
  });

  it('exits 1 when the trace no longer reproduces', () => {
    const dir = tmp('shrink-');
    const f = join(dir, 'x.trace.yaml');
    writeFileSync(f, readFileSync('traces/two-phase-early-commit.trace.yaml', 'utf8').replace('earlyCommit: true', 'earlyCommit: false'));
    const r = cli(['shrink', f, '-o', join(dir, 'y.yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no longer reproduces, so there is nothing to shrink: step 3: TMCommit is not enabled/);
  });
});
