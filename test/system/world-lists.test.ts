/**
 * A world's own lists (per-process arrays, the network, timers) are left unfrozen for speed
 * (src/system/world.ts says why), so nothing stops a component from writing into a list of a
 * world already made, and nothing freezes what a world holds but the components that make it.
 * This runs every system-model spec of the catalogue with both checked (freezeWorldLists: the
 * lists frozen, where a write throws; every object they hold must be frozen already) and holds
 * each run to the same outcome as the plain one.
 */
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemSpecFiles } from './helpers.ts';
import { runSpec, type SpecOutcome } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { freezeWorldLists } from '../../src/system/world-hash.ts';
import { buildModel } from '../../src/spec/build.ts';
import type { World } from '../../src/system/world.ts';

const root = join(import.meta.dirname, '..', '..');
const MAX_STATES = 1_000;
/** Random searches and estimates: runs with the spec's seed. */
const RUNS = 40;

const systemSpecs = systemSpecFiles(root);

function summary(o: SpecOutcome) {
  const r = o.result;
  return {
    verdict: r.verdict,
    property: r.violation?.property,
    distinct: r.stats.distinct,
    generated: r.stats.generated,
    steps: o.trace?.steps.length,
    limit: r.limit?.kind,
    estimates: o.estimate?.metrics.map((m) => m.interval.estimate),
  };
}

afterEach(() => freezeWorldLists(false));

describe('no component writes into a list of a world already made', () => {
  it('covers the system-model specs of the catalogue', () => {
    expect(systemSpecs.length).toBeGreaterThanOrEqual(130);
  });

  for (const file of systemSpecs) {
    it(`${relative(root, file)}: the same outcome with every list frozen (at most ${MAX_STATES} states or ${RUNS} runs)`, async () => {
      const settings = { maxStates: MAX_STATES, runs: RUNS };
      const open = await runSpec(file, { settings });
      freezeWorldLists(true);
      const frozen = await runSpec(file, { settings });
      expect(summary(frozen)).toEqual(summary(open));
    });
  }

  it('the plain run leaves the world and its lists open and freezes what they hold', async () => {
    const { model } = await buildModel(loadSpec(join(root, 'specs/paxos/paxos.yaml')));
    let w = model.initialStates()[0] as World;
    for (let d = 0; d < 4; d++) w = model.next(w, model.actions(w)[0]) as World;
    expect(w.net.length).toBeGreaterThan(0);
    expect(Object.isFrozen(w) || Object.isFrozen(w.net) || Object.isFrozen(w.procs)).toBe(false);
    for (const e of w.net) expect(Object.isFrozen(e) && Object.isFrozen(e.msg)).toBe(true);
    for (const s of w.procs) expect(Object.isFrozen(s)).toBe(true);
    for (const h of w.history) expect(Object.isFrozen(h)).toBe(true);
  });
});
