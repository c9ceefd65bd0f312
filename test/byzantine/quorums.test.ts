// Quorum intersection of federated Byzantine agreement systems: the pure check against brute
// force on small random systems, the slice files of the catalogue, and the command's exit codes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkQuorumIntersection, thresholdSlices, type SliceConfig } from '../../properties/byzantine/quorums.ts';
import { main } from '../../src/cli/main.ts';

const dir = join(import.meta.dirname, '../../specs/byzantine/quorums');

/** Every quorum, by enumerating all subsets. */
function quorums(cfg: SliceConfig): number[] {
  const n = cfg.nodes.length;
  const out: number[] = [];
  for (let s = 1; s < 1 << n; s++) {
    const ok = cfg.nodes.every((_, v) => !(s & (1 << v)) || cfg.slices[v].some((sl) => [cfg.nodes[v], ...sl].every((x) => s & (1 << cfg.nodes.indexOf(x)))));
    if (ok) out.push(s);
  }
  return out;
}

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((out += s), true)) as typeof process.stderr.write;
  try {
    return { code: await main(['node', 'protocheck', 'quorums', ...args]), out };
  } finally {
    process.stdout.write = write;
    process.stderr.write = err;
  }
}

describe('quorum intersection', () => {
  it('agrees with brute force, and its disjoint quorums are quorums', () => {
    const system = fc.integer({ min: 1, max: 6 }).chain((n) => {
      const nodes = Array.from({ length: n }, (_, i) => `v${i}`);
      return fc.tuple(fc.constant(nodes), fc.array(fc.array(fc.subarray(nodes), { minLength: 1, maxLength: 2 }), { minLength: n, maxLength: n }));
    });
    fc.assert(
      fc.property(system, ([nodes, slices]) => {
        const cfg = { nodes, slices };
        const qs = quorums(cfg);
        const disjoint = qs.some((a) => qs.some((b) => (a & b) === 0));
        const v = checkQuorumIntersection(cfg);
        expect(v.intersect).toBe(!disjoint);
        if (!v.intersect) {
          const mask = (xs: string[]) => xs.reduce((m, x) => m | (1 << nodes.indexOf(x)), 0);
          expect(qs).toContain(mask(v.quorums[0]));
          expect(qs).toContain(mask(v.quorums[1]));
          expect(mask(v.quorums[0]) & mask(v.quorums[1])).toBe(0);
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('makes threshold slices', () => {
    expect(thresholdSlices(2, ['a', 'b', 'c'])).toEqual([['a', 'b'], ['a', 'c'], ['b', 'c']]);
  });

  it('decides the catalogue systems: exit 0 when quorums intersect, 1 with two disjoint ones', async () => {
    for (const f of ['four-nodes', 'tiered', 'cycle']) expect((await run(join(dir, `${f}.fbas`))).code, f).toBe(0);
    const islands = await run(join(dir, 'islands.fbas'));
    expect(islands.code).toBe(1);
    expect(islands.out).toContain('{v1, v2} and {v5, v6} are disjoint quorums');
    const weak = await run(join(dir, 'tiered-weak-top.fbas'));
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('{v1, v2} and {v3, v4} are disjoint quorums');
  });

  it('exits 2 on bad input, naming the place', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'quorums-'));
    const bad = join(tmp, 'bad.fbas');
    writeFileSync(bad, 'nodes:\n  v1: [[v2]]\n  v2: { threshold: 3, of: [v1] }\n');
    const r = await run(bad);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/bad\.fbas:2:7: nodes\.v1: v2|threshold of 3 out of 1/);
    expect((await run(join(tmp, 'missing.fbas'))).code).toBe(2);
  });
});
