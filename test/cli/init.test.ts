/**
 * `protocheck init <dir>`: what it writes passes as written. The project is checked with the
 * CLI of this repository and its test run with this repository's vitest, 'protocheck' resolving
 * to these sources through a stand-in package in the project's node_modules (test/package
 * does the same from the packed tarball).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const CLI = join(REPO, 'bin/protocheck.mjs');
const env = { ...process.env, CI: '1' };

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function standIn(project: string): void {
  const pkg = join(project, 'node_modules/protocheck');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'protocheck', type: 'module', exports: { '.': './index.ts', './vitest': './vitest.ts', './schema/spec.schema.json': './spec.schema.json' } }));
  writeFileSync(join(pkg, 'index.ts'), `export * from ${JSON.stringify(join(REPO, 'src/index.ts'))};\n`);
  writeFileSync(join(pkg, 'vitest.ts'), `export * from ${JSON.stringify(join(REPO, 'src/vitest.ts'))};\n`);
}

describe('protocheck init', () => {
  const project = join(mkdtempSync(join(tmpdir(), 'protocheck-init-')), 'my-protocol');

  it('writes a protocol, properties, two specs, a test and a package.json', () => {
    const r = run([CLI, 'init', project], REPO);
    expect(r.code).toBe(0);
    for (const f of ['package.json', 'specs/ask-everyone.ts', 'specs/props.ts', 'specs/ask-everyone.yaml', 'specs/ask-majority.yaml', 'test/specs.test.ts']) expect(r.out).toContain(`wrote ${join(project, f)}`);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'my-protocol', type: 'module', scripts: { test: 'vitest run' }, devDependencies: { protocheck: `^${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}` } });
    expect(readFileSync(join(project, 'specs/ask-everyone.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/protocheck\/schema\/spec\.schema\.json\n/);
    expect(readFileSync(join(project, 'specs/ask-everyone.ts'), 'utf8')).toContain("from 'protocheck'");
    expect(readFileSync(join(project, 'specs/ask-everyone.yaml'), 'utf8')).toContain('./props.ts#heardFromEveryone');
  });

  it('its specs meet their expectations with protocheck check', () => {
    standIn(project);
    const r = run([CLI, 'check', 'specs'], project);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/✓ {2}ask-everyone +ok → ok +39 /);
    expect(r.out).toMatch(/✓ {2}ask-majority +violation \(heard-from-everyone\) → violation/);
    expect(r.out).toContain('2 of 2 specs met their expectation');
    expect(r.code).toBe(0);
  });

  it('its test passes under vitest', () => {
    const r = run([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], project);
    expect((r.out + r.err).replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests +2 passed/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('replaces nothing without --force (exit 2, one line), and everything with it', () => {
    const again = run([CLI, 'init', project], REPO);
    expect(again.code).toBe(2);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    expect(again.err).toContain('exist already: add --force');
    expect(run([CLI, 'init', project, '--force'], REPO).code).toBe(0);
  });
});
