/**
 * The FLP lesson on Paxos: dueling proposers keep agreement and lose termination, as a fair
 * lasso, found by the exhaustive fair-cycle check and by random search.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/core/liveness.ts';
import type { Model } from '../../src/core/model.ts';
import { randomSearch } from '../../src/core/random.ts';
import type { Violation } from '../../src/core/verdict.ts';
import { buildModel } from '../../src/spec/build.ts';
import { runSpec } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { buildTrace } from '../../src/trace/trace.ts';

const SAFE = join(import.meta.dirname, '..', '..', 'specs', 'paxos', 'paxos-dueling-safe.yaml');
const ctx = { spec: 'paxos-dueling', specDigest: 'sha256:0', module: 'paxos-dueling.ts', moduleDigest: 'sha256:0', params: {}, search: { strategy: 'test' } };

/** What the tests read of a world: the process states (proposers have a phase). */
type World = { procs: ({ phase?: string } | null)[] };

async function safeModel(): Promise<Model<World, unknown>> {
  return (await buildModel(loadSpec(SAFE))).model as Model<World, unknown>;
}

/** The safe spec's system with termination of the proposers added: paxos-dueling.yaml's model. */
async function duelingModel(): Promise<Model<World, unknown>> {
  const spec = loadSpec(SAFE);
  const { model } = await buildModel({ ...spec, properties: [{ name: 'consensus-agreement', params: {} }, { name: 'termination', params: { role: 'proposer' } }] });
  return model as Model<World, unknown>;
}

/** A lasso of the duel: it closes, both proposers are refused and start over in its loop, and nobody ever decides. */
function expectDuel(model: Model<World, unknown>, v: Violation): void {
  expect(v).toMatchObject({ property: 'termination(role: "proposer")', kind: 'liveness' });
  expect(v.quiescent).toBeUndefined();
  const t = buildTrace(model, v, ctx);
  expect(t.loopStart).toBeLessThan(t.steps.length - 1);
  // the loop closes on the state it went back to (ballots renumbered by rank)
  expect(t.steps[t.steps.length - 1].fingerprint).toBe(t.steps[t.loopStart!].fingerprint);
  const loop = t.steps.slice(t.loopStart! + 1).map((s) => s.action);
  expect(loop.some((a) => /^deliver NACK\(.*\) p\d→p0$/.test(a))).toBe(true);
  expect(loop.some((a) => /^deliver NACK\(.*\) p\d→p1$/.test(a))).toBe(true);
  for (const s of t.steps) expect(s.indications ?? []).toEqual([]);
}

describe('paxos-dueling', () => {
  it('agreement, validity and integrity hold in every one of its states (paxos-dueling-safe)', async () => {
    const o = await runSpec(SAFE);
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.verdict).toBe('ok');
    expect(o.result.stats.distinct).toBe(9_949);
  });

  it('agreement is not vacuous: most random runs decide, and some duel to the depth bound', async () => {
    let decided = 0;
    let dueling = 0;
    randomSearch(await safeModel(), {
      seed: 4,
      runs: 200,
      maxDepth: 60,
      onRunEnd: (w, { steps }) => {
        if (w.procs.some((p) => p?.phase === 'decided')) decided++;
        else if (steps === 60) dueling++;
      },
    });
    expect(decided).toBeGreaterThan(100);
    expect(dueling).toBeGreaterThan(0);
  });

  it('the fair-cycle check: termination fails on a loop of pre-emptions, not in a stuck state', async () => {
    const model = await duelingModel();
    const r = checkLiveness(model);
    expect(r.verdict).toBe('violation');
    expect(r.stats.states).toBe(9_949);
    expectDuel(model, r.violation!);
  });

  it('random search finds the duel as a fair lasso too (seed 3)', async () => {
    const model = await duelingModel();
    const r = randomSearch(model, { seed: 3, runs: 300 });
    expect(r.verdict).toBe('violation');
    expectDuel(model, r.violation!);
  });
});
