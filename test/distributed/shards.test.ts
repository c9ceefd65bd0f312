/**
 * Swarm random search: 4 shards of one seeded search, each a protocheck process of its own,
 * merged by `protocheck merge` into the result of one unsharded run of the same seed: the
 * same first violation (seed order) and runs, or for a search that finds nothing the same runs,
 * steps and action coverage.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/protocheck.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'protocheck-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

async function shardsAndWhole(spec: string, runs: number, name: string) {
  const common = ['check', spec, '--strategy', 'random', '--seed', '11', '--runs', String(runs), '--json', '--trace-dir', join(dir, 'traces')];
  const [whole, ...shards] = await Promise.all([cli(common), ...[1, 2, 3, 4].map((i) => cli([...common, '--shard', `${i}/4`]))]);
  const files = shards.map((s, i) => {
    const f = join(dir, `${name}.${i + 1}.json`);
    writeFileSync(f, s.out);
    return f;
  });
  const merged = await cli(['merge', ...files, '--json']);
  return { whole, merged, files, wholeJson: JSON.parse(whole.out).specs[0], mergedJson: JSON.parse(merged.out).specs[0] };
}

describe('merging the shards of a random search', () => {
  it('a violation: the first in seed order, with the runs the unsharded search did', async () => {
    const { whole, merged, wholeJson: w, mergedJson: m } = await shardsAndWhole('specs/two-phase/two-phase-early-commit.yaml', 800, 'early');
    expect(merged.code).toBe(whole.code);
    expect(m.verdict).toBe('violation');
    expect(m.violation.property).toBe(w.violation.property);
    expect(m.violation.path).toEqual(w.violation.path);
    expect(m.stats.random.runs).toBe(w.stats.random.runs);
  }, 60_000);

  it('no violation: runs, steps and action coverage summed', async () => {
    const { whole, merged, files, wholeJson: w, mergedJson: m } = await shardsAndWhole('specs/two-phase/two-phase-rm3.yaml', 800, 'rm3');
    expect(merged.code).toBe(whole.code);
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
