/**
 * Partial-order reduction over the catalogue: every exhaustive spec gives the same verdict,
 * the same distinct states and (for a violation) a trace of the same length, and for a lasso
 * the same loop, with sleep sets as without. With liveness properties the safety search uses
 * sleep sets and the fair-cycle pass takes edges from diamonds (test/por/liveness-graph.test.ts
 * holds that graph to the plain one): the pass's states and edges must be equal too.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/spec/build.ts';
import { smaller, specFiles } from './catalogue-specs.ts';
import { runSpec, type SpecOutcome } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const root = join(import.meta.dirname, '..', '..');

/** A guard for specs added later: beyond this, both runs stop at the limit and must agree on it. */
const MAX_STATES = 10_000;

interface Entry {
  file: string;
  exclusion?: string;
}

const livenessSpecs = new Set<string>();

async function classify(file: string): Promise<Entry> {
  const rel = relative(root, file);
  const spec = loadSpec(file, smaller[rel] ?? []);
  if (spec.check.strategy === 'random') return { file: rel, exclusion: 'random search (POR applies to bfs)' };
  if (spec.check.strategy === 'dfs') return { file: rel, exclusion: 'depth-first search (POR applies to bfs)' };
  if (spec.check.strategy === 'estimate') return { file: rel, exclusion: 'an estimate over random runs (POR applies to bfs)' };
  const built = await buildModel(spec);
  if (built.model.liveness?.length) livenessSpecs.add(rel);
  if (!built.model.independent) return { file: rel, exclusion: 'a hand-written model that declares no independence' };
  return { file: rel };
}

const entries = await Promise.all(specFiles(join(root, 'specs')).sort().map(classify));

function summary(o: SpecOutcome) {
  const r = o.result;
  const fc = o.fairCycles;
  return {
    verdict: r.verdict,
    property: r.violation?.property,
    distinct: r.stats.distinct,
    steps: o.trace ? o.trace.steps.length - 1 : undefined,
    loopStart: o.trace?.loopStart,
    limit: r.limit?.kind,
    ...(fc ? { fairCycles: { states: fc.states, edges: fc.edges, quiescent: fc.quiescent, components: fc.components } } : {}),
  };
}

describe('partial-order reduction over the catalogue', () => {
  it('compares most of the catalogue', () => {
    expect(entries.filter((e) => !e.exclusion).length).toBeGreaterThanOrEqual(15);
  });

  for (const { file, exclusion } of entries.filter((e) => !e.exclusion)) {
    const overrides = smaller[file] ?? [];
    const name = `${file}${overrides.length ? ` (${overrides.join(', ')})` : ''}: same verdict, states and trace length with and without sleep sets (at most ${MAX_STATES} states)`;
    void exclusion;
    it(name, async () => {
      const plain = await runSpec(join(root, file), { overrides, settings: { por: false, maxStates: MAX_STATES } });
      const reduced = await runSpec(join(root, file), { overrides, settings: { por: true, maxStates: MAX_STATES } });
      expect(summary(reduced)).toEqual(summary(plain));
      const por = reduced.result.stats.por;
      expect(por?.applied).toBe(true);
      if (por?.applied) {
        expect(por.outOfOrder).toBe(0);
        // no more successors computed than without reduction
        expect(por.explored).toBeLessThanOrEqual(plain.result.stats.generated + plain.result.stats.distinct);
      }
    });
  }

  it('compares the specs with liveness properties too', () => {
    expect(entries.filter((e) => !e.exclusion && livenessSpecs.has(e.file)).length).toBeGreaterThanOrEqual(40);
  });

  for (const { file, exclusion } of entries.filter((e) => e.exclusion === 'a hand-written model that declares no independence')) {
    it(`${file}: not compared, ${exclusion}; the report says sleep sets were not used`, async () => {
      const o = await runSpec(join(root, file), { settings: { por: true, maxStates: 1 } });
      expect(o.result.stats.por).toEqual({ applied: false, reason: expect.stringContaining('no independence') });
    });
  }

  for (const { file, exclusion } of entries.filter((e) => e.exclusion?.includes('search'))) {
    it(`${file}: not compared, ${exclusion}`, () => {
      expect(loadSpec(join(root, file)).check.strategy).not.toBe('bfs');
    });
  }
});
