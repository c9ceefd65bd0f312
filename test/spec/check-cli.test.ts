/** `protocheck check` as a user runs it: exit codes 0 / 1 / 2 / 3 and the --json report. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'protocheck-cli-'));

function check(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', 'check', '--trace-dir', join(dir, 'traces'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('protocheck check', () => {
  it('exits 0 when the two-phase catalogue meets its expectations', () => {
    const r = check('specs/two-phase');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/(\d+) of \1 specs met their expectation/);
    expect(r.code).toBe(0);
  });

  it('exits 1 for a violation once expectations are ignored', () => {
    const r = check('specs/two-phase/two-phase-early-commit.yaml', '--no-expect');
    expect(r.out).toContain('violation of TCConsistent');
    expect(r.code).toBe(1);
  });

  it('exits 2 for a bad spec, naming file, line and column, without a stack trace', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `model: ${join(REPO, 'specs/two-phase/two-phase.ts')}\ncheck:\n  maxStates: many\n`);
    const r = check(bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:3:14: expected an integer at check.maxStates, got "many"`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 3 when a limit ends the search, and says which', () => {
    const r = check('specs/two-phase/two-phase-rm5.yaml', '--max-states', '10');
    expect(r.code).toBe(3);
    expect(r.out).toContain('state limit reached');
    expect(r.out).toContain('--max-states 10');
  });

  it('--workers 2 gives the same verdicts and counts, on worker threads', () => {
    const r = check('specs/two-phase', '--workers', '2', '--json');
    expect(r.code).toBe(0);
    const specs = JSON.parse(r.out).specs as { name: string; verdict: string; stats: { distinct: number; workers?: { count: number } } }[];
    const rm5 = specs.find((s) => s.name === 'two-phase-rm5')!;
    expect(rm5.stats.distinct).toBe(8832);
    expect(rm5.stats.workers?.count).toBe(2);
    expect(specs.find((s) => s.name === 'two-phase-early-commit')!.verdict).toBe('violation');
  });

  it('--json prints a report that parses, with the verdict and the figures', () => {
    const r = check('specs/two-phase/two-phase-rm3.yaml', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.summary).toEqual({ total: 1, met: 1, exitCode: 0 });
    const s = j.specs[0];
    expect(s.verdict).toBe('ok');
    expect(s.stats).toMatchObject({ strategy: 'bfs', distinct: 288, queued: 0 });
    expect(s.stats.generated).toBeGreaterThan(288);
    expect(typeof s.stats.timeMs).toBe('number');
    expect(s.met).toBe(true);
  });
});
