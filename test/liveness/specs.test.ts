// The liveness teaching specs: verdicts, and what kind of counterexample each one gives.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSpec } from '../../src/spec/run.ts';
import { checkLiveness } from '../../src/core/liveness.ts';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const specs = join(import.meta.dirname, '..', '..', 'specs');

describe('liveness over fair cycles in the catalogue', () => {
  it('perfect links over fair-loss: validity holds on every fair cycle (strong fairness of delivery)', async () => {
    const o = await runSpec(join(specs, 'links/perfect-links.yaml'));
    expect(o.result.verdict).toBe('ok');
    expect(o.fairCycles).toBeDefined();
    expect(o.fairCycles!.quiescent).toBe(0);
    // the cycles where the message is dropped again and again exist, and none of them is fair
    expect(o.fairCycles!.components).toBeGreaterThan(0);
    expect(o.fairCycles!.unfair).toBe(o.fairCycles!.components);
  });

  it('perfect links over a lossy network: the retransmit timer fires forever and the copy is never delivered', async () => {
    const o = await runSpec(join(specs, 'links/perfect-links-lossy.yaml'));
    expect(o.expectation?.differences).toEqual([]);
    const v = o.result.violation!;
    expect(v.kind).toBe('liveness');
    expect(v.quiescent).toBe(true);
    expect(o.trace!.loopStart).toBe(1);
  });

  it('eager reliable broadcast: lossy without retransmission fails at a quiescent state; stubborn over fair-loss holds', async () => {
    const lossy = await runSpec(join(specs, 'broadcast/eager-rb-lossy.yaml'));
    expect(lossy.expectation?.differences).toEqual([]);
    expect(lossy.result.violation!.quiescent).toBe(true);
    const stubborn = await runSpec(join(specs, 'broadcast/eager-rb-stubborn.yaml'));
    expect(stubborn.expectation?.differences).toEqual([]);
    expect(stubborn.fairCycles!.quiescent).toBe(0);
    expect(stubborn.fairCycles!.components).toBeGreaterThan(0);
  });

  it('the job handler: sync and fifo hold, postpone fails as a lasso whose loop serves the client only', async () => {
    for (const name of ['job-handler-sync', 'job-handler-fifo']) {
      const o = await runSpec(join(specs, `liveness/${name}.yaml`));
      expect(o.expectation?.differences, name).toEqual([]);
      expect(o.fairCycles, name).toBeDefined();
    }
    const o = await runSpec(join(specs, 'liveness/job-handler-postpone.yaml'));
    expect(o.expectation?.differences).toEqual([]);
    const v = o.result.violation!;
    expect(v.quiescent).toBeUndefined();
    const t = o.trace!;
    expect(t.loopStart).toBe(4);
    const loop = t.steps.slice(t.loopStart! + 1).map((s) => s.action);
    expect(loop).toEqual(['deliver JOB(job=x) p1→p0', 'timer p0 work', 'deliver DONE(job=x) p0→p1']);
    expect(t.steps[t.steps.length - 1].fingerprint).toBe(t.steps[t.loopStart!].fingerprint);
  });

  it('the lockers: greedy acquisition livelocks (a fair loop), ordered acquisition holds', async () => {
    const ordered = await runSpec(join(specs, 'liveness/lockers-ordered.yaml'));
    expect(ordered.expectation?.differences).toEqual([]);
    const greedy = await runSpec(join(specs, 'liveness/lockers-greedy.yaml'));
    expect(greedy.expectation?.differences).toEqual([]);
    const t = greedy.trace!;
    expect(greedy.result.violation!.quiescent).toBeUndefined();
    expect(t.loopStart).toBe(2);
    const loop = t.steps.slice(t.loopStart! + 1).map((s) => s.action);
    expect(loop).toContain('timer p0 retry');
    expect(loop).toContain('timer p1 retry');
    expect(t.steps[t.steps.length - 1].fingerprint).toBe(t.steps[t.loopStart!].fingerprint);
  });

  it('broadcast with completion needs the failure detector', async () => {
    const ok = await runSpec(join(specs, 'liveness/ack-broadcast.yaml'));
    expect(ok.expectation?.differences).toEqual([]);
    const broken = await runSpec(join(specs, 'liveness/ack-broadcast-ignore-detector.yaml'));
    expect(broken.expectation?.differences).toEqual([]);
    expect(broken.result.violation!.quiescent).toBe(true);
  });

  it('checkLiveness on a system model: the same verdict as the spec', async () => {
    const spec = loadSpec(join(specs, 'liveness/job-handler-postpone.yaml'));
    const { model } = await buildModel(spec);
    const r = checkLiveness(model);
    expect(r.verdict).toBe('violation');
    expect(r.stats.states).toBe(20);
    expect(r.violation!.loopStart).toBe(4);
  });
});
