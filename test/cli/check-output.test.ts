/**
 * What `protocheck check` prints for a person and writes for CI: a row per spec as it
 * completes within 100 columns (--wide: every column), --junit, GitHub annotations, colour on
 * a terminal only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'protocheck-out-'));

function check(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env, CI: '1' } as Record<string, string | undefined>;
  for (const k of ['GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR']) delete base[k];
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', 'check', '--trace-dir', join(dir, 'traces'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...base, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const badSpec = join(dir, 'bad.yaml');
writeFileSync(badSpec, `model: ${join(REPO, 'specs/two-phase/two-phase.ts')}\ncheck:\n  maxStates: many\n`);

describe('check for a person', () => {
  it('prints a row per spec, expected → got in full, in 100 columns, on two hosts', () => {
    const r = check(['specs/two-phase', 'specs/links', '--jobs', '2']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^\s+spec\s+verdict \(expected → got\)\s+states\s+time$/);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(lines.filter((l) => l.startsWith('✓ '))).toHaveLength(9);
    expect(r.out).toMatch(/✓ {2}two-phase-rm5 +ok → ok +8,832 /);
    // a verdict too long for its column goes on, wrapped, on the next lines
    const dedup = lines.findIndex((l) => l.includes('perfect-links-dedup-by-payload'));
    expect(lines.slice(dedup, dedup + 4).map((l) => l.slice(35, 79).trim()).join(' ')).toContain('violation (validity(request: "send", target: "to", id: "id")) → violation (validity(request: "send", target: "to", id: "id"))');
    expect(r.out).toContain('9 of 9 specs met their expectation');
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('--wide prints the table of every column instead', () => {
    const r = check(['specs/two-phase', '--wide', '--jobs', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s+spec\s+property\s+expected\s+got\s+states\s+time$/m);
    expect(r.out).toMatch(/two-phase-early-commit\s+TCConsistent\s+violation \(TCConsistent\)\s+violation \(TCConsistent\)/);
  });

  it('a bad spec among others is a row and its report, exit 2', () => {
    const r = check(['specs/two-phase/two-phase-rm3.yaml', badSpec]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/✗ {2}\S+\s+bad input/);
    expect(r.out).toContain(`${badSpec}:3:14: expected an integer at check.maxStates, got "many"`);
  });

  it('colour only when forced on, never with NO_COLOR', () => {
    expect(check(['specs/two-phase/two-phase-rm3.yaml', 'specs/two-phase/two-phase-early-commit.yaml'], { FORCE_COLOR: '1' }).out).toContain('\x1b[32m✓\x1b[39m');
    expect(check(['specs/two-phase/two-phase-rm3.yaml', 'specs/two-phase/two-phase-early-commit.yaml'], { FORCE_COLOR: '1', NO_COLOR: '1' }).out).not.toMatch(/\x1b\[/);
  });
});

describe('check for CI', () => {
  it('--junit: a test case per spec and property; met expectations pass', () => {
    const file = join(dir, 'met.xml');
    const r = check(['specs/two-phase', '--junit', file]);
    expect(r.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuites name="protocheck" tests="8" failures="0" errors="0" skipped="0">/);
    expect(xml).toContain('<testsuite name="two-phase-rm3" tests="2" failures="0" errors="0" skipped="0"');
    expect(xml).toContain('<testcase name="TCConsistent" classname="two-phase-early-commit (specs/two-phase/two-phase-early-commit.yaml)"/>');
  });

  it('--junit: a violation is a failure with the violation and the trace path, bad input an error', () => {
    const file = join(dir, 'failed.xml');
    const r = check(['specs/two-phase/two-phase-early-commit.yaml', badSpec, '--no-expect', '--junit', file]);
    expect(r.code).toBe(2);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuites name="protocheck" tests="3" failures="1" errors="1" skipped="0">/);
    expect(xml).toMatch(/<testcase name="TCConsistent"[^>]*>\s*<failure message="TCConsistent: [^"]+">safety violation of TCConsistent, \d+ steps: [^<]*\ntrace: [^<]*two-phase-early-commit\.TCConsistent\.trace\.yaml/);
    expect(xml).toContain(`<error message="${badSpec}:3:14: expected an integer at check.maxStates, got &quot;many&quot;">`);
  });

  it('GITHUB_ACTIONS=true: bad input and an unmet expectation as error annotations at their lines', () => {
    const r = check(['specs/two-phase/two-phase-rm3.yaml', badSpec, '--set', 'RM=2'], { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`::error file=${badSpec},line=3,col=14,title=bad input::expected an integer at check.maxStates, got "many"`);
    expect(r.out).toMatch(/^::error file=specs\/two-phase\/two-phase-rm3\.yaml,line=8,title=expectation not met::two-phase-rm3: ok → ok%0A.*288/m);
    const single = check([badSpec], { GITHUB_ACTIONS: 'true' });
    expect(single.code).toBe(2);
    expect(single.err.trim().split('\n')).toEqual([`protocheck: ${badSpec}:3:14: expected an integer at check.maxStates, got "many"`]);
    expect(single.out).toContain(`::error file=${badSpec},line=3,col=14`);
    expect(check([badSpec]).out).toBe('');
  });
});
