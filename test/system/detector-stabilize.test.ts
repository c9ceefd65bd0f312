/**
 * An exhaustive search of safety properties leaves out the step in which Ω or ◇P stabilises
 * (detectors/detector.ts `stabilizes`): a stable oracle says only what an unstable one may say
 * too, so every state with a stable oracle has a twin that differs only in that flag, and the
 * search finds the same verdicts, with shortest traces as long, in half the states. Random
 * runs, liveness properties and models built for replay keep the step.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { buildModel, buildSearchModel } from '../../src/spec/build.ts';
import { runSpec } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const root = join(import.meta.dirname, '../..');
const omegaSpec = join(root, 'bench/reach/leader-driven-omega-bounded.yaml');

async function bothWays(overrides: string[]) {
  const reduced = await runSpec(omegaSpec, { overrides });
  const { model } = await buildModel(loadSpec(omegaSpec, overrides));
  const full = bfs(model, {});
  return { reduced: reduced.result, full, trace: reduced.trace };
}

const labelsAtStart = async (file: string, overrides: string[] = []) => {
  const { model } = await buildSearchModel(loadSpec(file, overrides));
  const [s0] = model.initialStates();
  return model.actions(s0).map((a: unknown) => model.label(a));
};

describe('the oracle stabilising, under a search of safety properties', () => {
  it('leader-driven consensus with Ω: the same verdict in half the states', async () => {
    const { reduced, full } = await bothWays(['params.maxEpochs=1', 'faults.max=0']);
    expect(reduced.verdict).toBe('ok');
    expect(full.verdict).toBe('ok');
    expect(full.stats.distinct).toBe(2 * reduced.stats.distinct);
    expect(reduced.stats.distinct).toBe(48552);
  }, 60_000);

  it('the leader that ignores STATEs is still caught, by a trace as short', async () => {
    const { reduced, full, trace } = await bothWays(['params.ignoreStates=true']);
    expect(reduced.verdict).toBe('violation');
    expect(full.verdict).toBe('violation');
    expect(reduced.violation?.property).toBe('consensus-agreement');
    expect(full.violation?.property).toBe('consensus-agreement');
    expect(reduced.violation?.path.length).toBe(full.violation?.path.length);
    expect(trace?.steps.every((s) => s.action !== 'stabilize')).toBe(true);
  }, 120_000);

  it('is kept for random runs, for liveness properties and with the deadlock check', async () => {
    const safety = await labelsAtStart(omegaSpec);
    expect(safety).not.toContain('stabilize');
    expect(await labelsAtStart(omegaSpec, ['check.strategy=random'])).toContain('stabilize');
    expect(await labelsAtStart(omegaSpec, ['check.deadlock=true'])).toContain('stabilize');
    expect(await labelsAtStart(join(root, 'test/leader-driven/leader-driven-termination.yaml'), ['check.strategy=bfs'])).toContain('stabilize');
    // ◇P as the oracle, the same
    expect(await labelsAtStart(omegaSpec, ['failureDetector.kind=eventually-P'])).not.toContain('stabilize');
    expect(await labelsAtStart(omegaSpec, ['failureDetector.kind=eventually-P', 'check.strategy=random'])).toContain('stabilize');
    // a model built to replay a trace or step by hand offers it
    const { model } = await buildModel(loadSpec(omegaSpec));
    expect(model.actions(model.initialStates()[0]).map((a: unknown) => model.label(a))).toContain('stabilize');
  });
});
