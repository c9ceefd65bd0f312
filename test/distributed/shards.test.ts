/**
 * Swarm random search: 4 shards of one seeded search, each a protocheck process of its own,
 * merged by `protocheck merge` into the result of one unsharded run of the same seed: the
 * same first violation (seed order) and runs, or for a search that finds nothing the same runs,
 * steps and action coverage.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli-process.ts';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'protocheck-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECS = ['specs/two-phase/two-phase-early-commit.yaml', 'specs/two-phase/two-phase-rm3.yaml'];

/** The unsharded search and its 4 shards of both specs (one process each, both specs in it), and the merge. */
let run: Promise<{ whole: { code: number; out: string }; merged: { code: number; out: string }; files: string[] }> | undefined;
function shardsAndWhole() {
  run ??= (async () => {
    const common = ['check', ...SPECS, '--strategy', 'random', '--seed', '11', '--runs', '400', '--json', '--trace-dir', join(dir, 'traces')];
    const [whole, ...shards] = await Promise.all([cli(common), ...[1, 2, 3, 4].map((i) => cli([...common, '--shard', `${i}/4`]))]);
    const files = shards.map((s, i) => {
      const f = join(dir, `shard.${i + 1}.json`);
      writeFileSync(f, s.out);
      return f;
    });
    return { whole, merged: await cli(['merge', ...files, '--json']), files };
  })();
  return run;
}

const specOf = (out: string, file: string) => JSON.parse(out).specs.find((s: { file: string }) => s.file === file);

describe('merging the shards of a random search', () => {
  it('a violation: the first in seed order, with the runs the unsharded search did', async () => {
    const { whole, merged } = await shardsAndWhole();
    const w = specOf(whole.out, SPECS[0]), m = specOf(merged.out, SPECS[0]);
    expect(merged.code).toBe(whole.code);
    expect(m.verdict).toBe('violation');
    expect(m.violation.property).toBe(w.violation.property);
    expect(m.violation.path).toEqual(w.violation.path);
    expect(m.stats.random.runs).toBe(w.stats.random.runs);
    // more than one shard found a violation: the merge chose by seed order, not by shard
    expect(m.shards.filter((x: { block?: number }) => x.block !== undefined).length).toBeGreaterThan(1);
  }, 60_000);

  it('no violation: runs, steps and action coverage summed', async () => {
    const { merged, files, whole } = await shardsAndWhole();
    const w = specOf(whole.out, SPECS[1]), m = specOf(merged.out, SPECS[1]);
    expect(m.exitCode).toBe(w.exitCode);
    expect(m.verdict).toBe('ok');
    expect(m.stats.random.runs).toBe(w.stats.random.runs);
    expect(m.stats.random.steps).toBe(w.stats.random.steps);
    const taken = (c: Record<string, { taken: number }>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.taken]));
    expect(taken(m.stats.coverage)).toEqual(taken(w.stats.coverage));
    // bad input: a shard missing, or an estimate among random shards
    expect((await cli(['merge', ...files.slice(1)])).code).toBe(2);
    const estimate = join(dir, 'estimate.json');
    writeFileSync(estimate, JSON.stringify({ metrics: [], spec: { file: 'x' } }));
    const mixed = await cli(['merge', files[0], estimate]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/cannot merge an estimate with a random search/);
  }, 60_000);
});
