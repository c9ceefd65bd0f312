/** `protocheck simulate` and `check --strategy random`, run as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EARLY = 'specs/two-phase/two-phase-early-commit.yaml';
const RM3 = 'specs/two-phase/two-phase-rm3.yaml';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('protocheck simulate', () => {
  it('gives the same runs for the same seed in another process with another locale and time zone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const a = cli(['simulate', EARLY, '--seed', '42', '--runs', '1000', '--depth', '30', '--json', '--trace-dir', dir], { TZ: 'UTC', LANG: 'C' });
    const b = cli(['simulate', EARLY, '--seed', '42', '--runs', '1000', '--depth', '30', '--json', '--trace-dir', dir], { TZ: 'Asia/Kolkata', LANG: 'de_DE.UTF-8' });
    expect(a.code).toBe(0); // the spec expects this violation
    const ja = JSON.parse(a.out).specs[0];
    const jb = JSON.parse(b.out).specs[0];
    expect(ja.violation.path).toEqual([0, 1, 1, 0, 0, 5]);
    expect(jb.violation.path).toEqual(ja.violation.path);
    for (const k of ['runs', 'steps', 'shrinkRuns', 'shrinkSteps', 'seed', 'walk']) expect(jb.stats.random[k]).toBe(ja.stats.random[k]);
    expect(jb.stats.coverage).toEqual(ja.stats.coverage);
    expect(ja.exhaustive).toBe(false);
    const trace = readFileSync(ja.violation.trace, 'utf8');
    expect(trace).toMatch(/strategy: random\n\s+seed: 42\n\s+walk: uniform/);
    expect(trace).toMatch(/^seed: 42$/m);
  });

  it('reports no violation as evidence, with the seed to reproduce it and the coverage', () => {
    const r = cli(['simulate', RM3, '--seed', '5', '--runs', '300', '--walk', 'swarm']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('✓ no violation of TCConsistent, TPTypeOK in 300 random runs of up to 100 steps — evidence, not a proof');
    expect(r.out).toContain('seed 5: reproduce with --seed 5 --runs 300 --depth 100 --walk swarm');
    expect(r.out).toMatch(/coverage per action kind/);
    expect(r.out).toMatch(/TMCommit\s+enabled\s+[\d,]+ \(.*\)\s+taken\s+[\d,]+\s+in\s+[\d,]+ runs/);
    expect(r.out).toContain('expected ok: met');
  });

  it('finds a fair lasso (lose, resend, lose, ...) and reports it as the exhaustive check does, loop start in --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const r = cli(['simulate', 'test/trace/fixtures/relay-retransmit.yaml', '--seed', '2', '--runs', '200', '--trace-dir', dir, '--no-expect']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ violation of AllDeliver, a liveness property/);
    expect(r.out).toMatch(/a fair cycle closed by the run: it comes back to the state of step \d+/);
    expect(r.out).toMatch(/… then back to step \d+, forever/);
    const j = JSON.parse(cli(['simulate', 'test/trace/fixtures/relay-retransmit.yaml', '--seed', '2', '--runs', '200', '--trace-dir', dir, '--no-expect', '--json']).out).specs[0];
    expect(j.violation).toMatchObject({ property: 'AllDeliver', kind: 'liveness' });
    expect(j.violation.loopStart).toBeLessThan(j.violation.steps);
    expect(j.violation.quiescent).toBeUndefined();
    const replay = cli(['replay', j.violation.trace]);
    expect(replay.code).toBe(0);
    expect(replay.out).toMatch(/✓ reproduces: AllDeliver is violated again after \d+ steps, the loop run 3 more times/);
  });

  it('says what it judged of liveness when it found no violation, and that this proves nothing', () => {
    const r = cli(['simulate', 'specs/liveness/job-handler-sync.yaml', '--seed', '2', '--runs', '100']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/liveness \(.*\): judged in the quiescent states and on the cycles the runs closed \([\d,]+ cycles? closed by the runs, [\d,]+ judged, none fair with the goal unsettled all along\); no violation found, which proves nothing/);
  });

  it('exits 2 on bad flags, without a stack trace', () => {
    const noSeed = cli(['simulate', RM3, '--shard', '1/2']);
    expect(noSeed.code).toBe(2);
    expect(noSeed.err).toMatch(/--shard splits one search between machines, so they must share its seed: add --seed/);
    const badShard = cli(['simulate', RM3, '--seed', '1', '--shard', '5/4']);
    expect(badShard.code).toBe(2);
    expect(badShard.err).toMatch(/--shard: shard 5\/4: i must be between 1 and n/);
    const badWalk = cli(['simulate', RM3, '--walk', 'drunk']);
    expect(badWalk.code).toBe(2);
    expect(badWalk.err).toMatch(/Allowed choices are uniform, swarm, pct/);
    for (const r of [noSeed, badShard, badWalk]) expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 3 when the time limit comes before the runs are done', () => {
    const r = cli(['simulate', RM3, '--seed', '1', '--runs', '100000000', '--time-limit', '1']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\? inconclusive: time limit reached after 1\.\d s \(--time-limit 1\): [\d,]+ of 100,000,000 random runs done/);
  });

  it('runs one shard of a search', () => {
    const r = cli(['simulate', RM3, '--seed', '8', '--runs', '500', '--shard', '2/2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out).specs[0];
    expect(j.stats.random).toMatchObject({ shard: { index: 2, count: 2 }, runs: 200, requestedRuns: 200, seed: 8 });
  });
});

describe('protocheck check --strategy random', () => {
  it('finds the violation, prints the random report and exits 1 without expectations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chk-'));
    const r = cli(['check', EARLY, '--strategy', 'random', '--seed', '3', '--runs', '500', '--walk', 'pct', '--no-expect', '--trace-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('strategy random, pct walk');
    expect(r.out).toMatch(/✗ violation of TCConsistent/);
    expect(r.out).toMatch(/found in run \d+ of 500, shrunk by fast-check in [\d,]+ executions/);
    expect(r.out).toMatch(/Trace of \d+ steps to the violation of TCConsistent/);
  });

  it('keeps the expectation of a correct spec met (states are a bfs figure)', () => {
    const r = cli(['check', RM3, '--strategy', 'random', '--seed', '3', '--runs', '200']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('expected ok: met');
  });
});
