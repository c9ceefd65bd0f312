/** Replay: by action label, fingerprints compared, the violation re-checked; the first step that differs is named. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { parseTrace, readTraceFile } from '../../src/trace/read.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { loadTraceModel } from '../../src/spec/trace-model.ts';
import { traceToYaml } from '../../src/trace/format.ts';
import type { TraceFile } from '../../src/trace/trace.ts';
import { bfsTrace, cli, context, FIX, modelOf, REPO, tmp, traceOf, writeTrace } from './helpers.ts';

const CATALOGUE = 'traces/two-phase-early-commit.trace.yaml';

async function replay(t: TraceFile, file?: string) {
  const tm = await loadTraceModel(t, { traceFile: file });
  return { tm, r: replayOnModel(tm.model, t, { context: tm.context }) };
}

describe('replay', () => {
  it('reproduces the committed trace step by step', async () => {
    const { trace } = readTraceFile(CATALOGUE);
    // (the protocol source may have changed since: that is a warning, not a mismatch)
    const { r } = await replay(trace, CATALOGUE);
    expect(r.reproduced).toBe(true);
    expect(r.steps.map((s) => s.action)).toEqual(trace.steps.map((s) => s.action));
    expect(r.steps.map((s) => s.fingerprint)).toEqual(trace.steps.map((s) => s.fingerprint));
    expect(r.violation).toEqual({ property: 'TCConsistent', kind: 'safety', message: trace.message });
    expect(r.trace!.steps.map((s) => s.fingerprint)).toEqual(trace.steps.map((s) => s.fingerprint));
  });

  it('stops at an action that is no longer enabled, naming the step and what is enabled', async () => {
    const { trace } = readTraceFile(CATALOGUE);
    const r1 = replayOnModel(twoPhase(3, false), trace);
    expect(r1.reproduced).toBe(false);
    expect(r1.mismatch!.step).toBe(3);
    expect(r1.mismatch!.message).toMatch(/^step 3: TMCommit is not enabled \(enabled: TMAbort, .*RMPrepare\(rm2\)/);
    expect(r1.steps).toHaveLength(3);
  });

  it('stops where a state differs, naming the variables', () => {
    const { trace } = readTraceFile(CATALOGUE);
    const base = twoPhase(3, true);
    const changed = { ...base, next: (s: any, a: any) => { const n = base.next(s, a)!; return a.type === 'TMRcvPrepared' ? { ...n, tmPrepared: [true, true, false] } : n; } };
    const r = replayOnModel(changed, trace);
    expect(r.mismatch).toEqual({ step: 2, message: 'step 2: TMRcvPrepared(rm1) leads to a different state than recorded: tmPrepared is [true, true, false], recorded [true, false, false]' });
  });

  it('re-checks the violation at the end', () => {
    const { trace } = readTraceFile(CATALOGUE);
    const base = twoPhase(3, true);
    const fixed = { ...base, invariants: base.invariants.map((i) => (i.name === 'TCConsistent' ? { name: i.name, check: () => null } : i)) };
    const r = replayOnModel(fixed, trace);
    expect(r.reproduced).toBe(false);
    expect(r.mismatch).toEqual({ step: -1, message: 'TCConsistent now holds in the last state (step 5): the trace no longer violates it' });
    const gone = { ...base, invariants: base.invariants.filter((i) => i.name !== 'TCConsistent') };
    expect(replayOnModel(gone, trace).mismatch!.message).toBe('the model no longer has an invariant named TCConsistent (it has: TPTypeOK)');
  });

  it('warns when the protocol or the spec changed since recording, and still replays', async () => {
    // a copy of the relay fixture at the same depth in the repository (its import of src/ must resolve)
    const dir = mkdtempSync(join(REPO, FIX, '..', 'tmp-digest-'));
    try {
      cpSync(join(FIX, 'relay.ts'), join(dir, 'relay.ts'));
      cpSync(join(FIX, 'relay-dup.yaml'), join(dir, 'relay-dup.yaml'));
      const t = await bfsTrace(join(dir, 'relay-dup.yaml'));
      writeFileSync(join(dir, 'relay.ts'), readFileSync(join(dir, 'relay.ts'), 'utf8') + '\n// an edit\n');
      writeFileSync(join(dir, 'relay-dup.yaml'), readFileSync(join(dir, 'relay-dup.yaml'), 'utf8') + '\n# a comment\n');
      const { tm, r } = await replay(t);
      expect(tm.warnings).toEqual([
        expect.stringMatching(/^the spec .*relay-dup\.yaml changed since the trace was recorded \(digest sha256:\w+, now sha256:\w+\)$/),
        expect.stringMatching(/^the protocol source .*relay\.ts changed since the trace was recorded \(digest sha256:\w+, now sha256:\w+\): a step that no longer matches may come from that change$/),
      ]);
      expect(r.reproduced).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the spec relative to the trace file when run from elsewhere, and says when it is gone', async () => {
    const { trace } = readTraceFile(CATALOGUE);
    await expect(loadTraceModel({ ...trace, spec: 'specs/nope.yaml' }, { traceFile: CATALOGUE })).rejects.toThrow(/recorded from specs\/nope\.yaml, which does not exist .* pass the spec with --spec/);
    const moved = { ...trace, spec: 'two-phase/two-phase-early-commit.yaml' };
    const tm = await loadTraceModel(moved, { traceFile: 'specs/x/y.trace.yaml' });
    expect(tm.specFile).toBe('specs/two-phase/two-phase-early-commit.yaml');
    await expect(loadTraceModel({ ...trace, params: { RM: 'three' } })).rejects.toThrow(/cannot be built with the recorded parameters/);
  });

  it('replays a quiescent liveness trace, and notices when the last state is no longer quiescent', async () => {
    const t = await bfsTrace(`${FIX}/relay-lossy.yaml`);
    expect(t.loopStart).toBe(t.steps.length - 1);
    const { r } = await replay(t);
    expect(r.reproduced).toBe(true);
    expect(r.violation!.message).toMatch(/correct processes p2 never deliver the message — and nothing fair is left to do/);
    const { r: r2 } = await replay({ ...t, params: { ...t.params, retransmit: true } });
    expect(r2.mismatch!.message).toBe('the last state (step 3) is no longer quiescent: resend@p0 is enabled and fair, so a fair run does not stay there');
  });

  it('replays a lasso: the prefix, then the loop a few times, with the property unsettled along it', async () => {
    const spec = `${FIX}/relay-retransmit.yaml`;
    const { model, params } = await modelOf(spec);
    const lasso = traceOf(model, ['send@p0', 'drop MSG p0->p1', 'resend@p0'], { property: 'AllDeliver', kind: 'liveness', message: 'p1 never delivers', loopStart: 1 }, context(spec, params));
    const { r } = await replay(lasso);
    expect(r.mismatch).toBeUndefined();
    expect(r.reproduced).toBe(true);
    expect(r.loopsRun).toBe(3);
    expect(r.steps.filter((s) => s.loop !== undefined).map((s) => `${s.loop}:${s.action}`)).toEqual(['1:drop MSG p0->p1', '1:resend@p0', '2:drop MSG p0->p1', '2:resend@p0', '3:drop MSG p0->p1', '3:resend@p0']);
    expect(r.violation!.message).toBe('correct processes p1 never deliver the message');
    // the same lasso without its closing step: replay finds the action back to the loop's start
    const open = traceOf(model, ['send@p0', 'drop MSG p0->p1'], { property: 'AllDeliver', kind: 'liveness', message: 'p1 never delivers', loopStart: 1 }, context(spec, params));
    const { r: r2 } = await replay(open);
    expect(r2.mismatch).toBeUndefined();
    expect(r2.reproduced).toBe(true);
    // a "loop" that does not come back
    const notLoop = traceOf(model, ['send@p0', 'deliver MSG p0->p1'], { property: 'AllDeliver', kind: 'liveness', message: '-', loopStart: 0 }, context(spec, params));
    const { r: r3 } = await replay(notLoop);
    expect(r3.mismatch!.message).toBe('the loop no longer closes: no enabled action leads from step 2 back to the state of step 0');
  });

  it('replays an error trace by throwing again, and says when it no longer throws', async () => {
    const t = await bfsTrace(`${FIX}/relay-throw.yaml`);
    expect(t.failingAction).toBe('deliver MSG p0->p2');
    const { r } = await replay(t);
    expect(r.reproduced).toBe(true);
    expect(r.violation).toEqual({ property: 'handler-threw', kind: 'error', message: 'handler threw on deliver MSG p0->p2' });
    const { r: r2 } = await replay({ ...t, params: { ...t.params, throwOn: '' } });
    expect(r2.mismatch!.message).toBe('deliver MSG p0->p2 no longer throws after step 1');
  });

  it('replays a deadlock', async () => {
    const spec = `${FIX}/relay-retransmit.yaml`;
    const { model, params } = await modelOf(spec);
    const t = traceOf(model, ['send@p0', 'deliver MSG p0->p1'], { property: 'deadlock', kind: 'deadlock', message: 'deadlock: no action is enabled in this state' }, context(spec, params));
    expect((await replay(t)).r.reproduced).toBe(true);
    const early = traceOf(model, ['send@p0'], { property: 'deadlock', kind: 'deadlock', message: 'deadlock' }, context(spec, params));
    expect((await replay(early)).r.mismatch!.message).toMatch(/^the last state \(step 1\) is no longer a deadlock: deliver MSG p0->p1 is enabled/);
  });
});

describe('protocheck replay', () => {
  it('prints each step with its changed variables and exits 0 when it reproduces', () => {
    const r = cli(['replay', CATALOGUE]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('recorded: safety violation of TCConsistent in 5 steps, found by bfs');
    expect(r.out).toMatch(/ {3}3 {2}TMCommit {2}✓\n {8}tmState = committed/);
    expect(r.out).toContain('✓ reproduces: TCConsistent is violated again after 5 steps:');
  });

  it('exits 1 naming the first step that no longer matches', () => {
    const f = join(tmp(), 'edited.trace.yaml');
    writeFileSync(f, readFileSync(CATALOGUE, 'utf8').replace('earlyCommit: true', 'earlyCommit: false'));
    const r = cli(['replay', f, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ no longer reproduces: step 3: TMCommit is not enabled/);
    expect(r.out).toContain('the first 3 steps still match; the trace stops matching at step 3');
  });

  it('draws the chart with --msc, or the numbered list for a model without processes', async () => {
    const t = await bfsTrace(`${FIX}/relay-dup.yaml`);
    const f = writeTrace(t);
    const r = cli(['replay', f, '--msc', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/p0:sender\s+p1:receiver\s+p2:receiver/);
    expect(r.out).toMatch(/\+----MSG---->!/);
    const tp = cli(['replay', CATALOGUE, '--msc', '--quiet']);
    expect(tp.out).toMatch(/Trace of 5 steps to the violation of TCConsistent:\n {3}0 {2}initial state/);
  });

  it('round-trips through YAML exactly', () => {
    const text = readFileSync(CATALOGUE, 'utf8');
    expect(traceToYaml(parseTrace(text, 'x').trace)).toBe(text);
  });
});
