/**
 * Partial-order reduction in the liveness pass: the fair-cycle graph built with edges taken
 * from diamonds of independent steps (src/core/graph-diamonds.ts) is the graph built by
 * computing every successor, array for array (same ids, edges, labels, choices and
 * fairness), on every breadth-first spec of the catalogue with liveness properties; the graph
 * the breadth-first search keeps as it goes (one pass for safety and liveness) is that graph
 * too; and a model whose independence relation is wrong is caught instead of getting a wrong
 * graph.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bfsKeepingGraph } from '../../src/core/bfs.ts';
import { buildGraph, type GraphBuild } from '../../src/core/graph.ts';
import type { Model } from '../../src/core/model.ts';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const root = join(import.meta.dirname, '..', '..');
/** Larger graphs stop at this many states in both builds, which must still agree up to there. */
const MAX_STATES = 20_000;

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

async function livenessModel(file: string) {
  const spec = loadSpec(file);
  if (spec.check.strategy !== 'bfs') return undefined;
  // symmetry off: under a canonical form the build computes every successor (it needs the state itself)
  const built = await buildModel({ ...spec, check: { ...spec.check, symmetry: false } });
  return built.model.liveness?.length && built.model.independent ? built.model : undefined;
}

const files: string[] = [];
for (const f of specFiles(join(root, 'specs')).sort()) if (await livenessModel(f)) files.push(f);

function arrays(b: GraphBuild) {
  const g = b.graph;
  return { n: g.n, offsets: [...g.offsets], succ: [...g.succ], label: [...g.label].map((l) => g.labels[l]), fair: [...g.fair], choice: [...g.choice], unsettled: g.unsettled.map((u) => [...u]), stop: b.stop?.kind };
}

describe('edges from diamonds in the fair-cycle graph', () => {
  it('covers the liveness specs of the catalogue', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  let inferred = 0;
  let keptGraphs = 0;
  for (const file of files) {
    it(`${relative(root, file)}: the same graph with and without`, async () => {
      const plain = buildGraph((await livenessModel(file))!, { maxStates: MAX_STATES });
      const reduced = buildGraph((await livenessModel(file))!, { maxStates: MAX_STATES, por: true });
      expect(plain.diamonds).toBeUndefined();
      expect(arrays(reduced)).toEqual(arrays(plain));
      inferred += reduced.diamonds!.inferred;
      // the search's own graph, where the search ends ok (a violation or a limit ends it, and the graph, early)
      for (const por of [false, true]) {
        const kept = bfsKeepingGraph((await livenessModel(file))!, { maxStates: MAX_STATES, por });
        if (kept.result.verdict !== 'ok') continue;
        expect(arrays(kept.graph)).toEqual(arrays(plain));
        expect(kept.result.stats.distinct).toBe(plain.graph.visited.size);
        keptGraphs++;
      }
    });
  }

  it('compares the graph the search kept on most of them', () => {
    expect(keptGraphs).toBeGreaterThanOrEqual(2 * 40);
  });

  it('takes edges from diamonds on most of them', () => {
    // 77 specs, 1,192,656 edges, 216,621 of them from diamonds (not computed) when this test was written
    expect(inferred).toBeGreaterThan(100_000);
  });

  it('stops with an error of the model when a diamond it was told of does not close', () => {
    // x counts up, y copies x + 1: said to be independent, but y's value depends on x
    type S = { x: number; y: number };
    const model: Model<S, 'x' | 'y'> = {
      name: 'wrong-independence',
      initialStates: () => [{ x: 0, y: 0 }],
      actions: (s) => [...(s.x < 2 ? ['x' as const] : []), ...(s.y < 3 && s.y <= s.x ? ['y' as const] : [])],
      next: (s, a) => (a === 'x' ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.x + 1 }),
      label: (a) => a,
      invariants: [],
      liveness: [{ name: 'x-done', settled: (s) => (s.x === 2 ? null : 'x < 2') }],
      independent: () => true,
    };
    const b = buildGraph(model, { por: true });
    expect(b.stop).toMatchObject({ kind: 'error', property: 'unsound-independence', message: expect.stringContaining("independent() is wrong") });
    expect(buildGraph(model, {}).stop).toBeUndefined();
  });
});
