/**
 * protocheck as a user gets it: `npm pack`, then installed from the tarball into an empty
 * project outside this repository, from npm's local cache only (no registry: the lock file
 * names each package by its integrity, see lockfile.ts). The project (test/package/fixture)
 * has a protocol and properties importing 'protocheck', specs, a tsconfig without @types/node
 * and a vitest suite using 'protocheck/vitest'; it installs no TypeScript and no tsx of its own.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userLockfile } from './lockfile.ts';

const REPO = resolve(import.meta.dirname, '../..');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'protocheck-packed-'));
const project = join(work, 'project');
let tarball = '';

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  // the project must not see this repository's tooling: no inherited NODE_OPTIONS (vitest's), no colour
  const { NODE_OPTIONS: _n, VITEST: _v, VITEST_MODE: _m, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, ...base } = process.env;
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...base, NO_COLOR: '1', ...env }, timeout: 240_000 });
}

const said = (r: SpawnSyncReturns<string>) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

beforeAll(() => {
  const pack = run('npm', ['pack', '--pack-destination', work, '--json'], REPO);
  expect(pack.status, said(pack)).toBe(0);
  const file = (JSON.parse(pack.stdout) as { filename: string }[])[0].filename;
  cpSync(join(REPO, 'test/package/fixture'), project, { recursive: true });
  cpSync(join(work, file), join(project, file));
  tarball = join(project, file);
  const { lock, packageJson } = userLockfile(join(REPO, 'package-lock.json'), { file, path: tarball }, { name: 'my-protocols', dev: ['vitest'] });
  writeFileSync(join(project, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
  const install = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  expect(install.status, said(install)).toBe(0);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package, installed into a project of its own', () => {
  it('ships compiled JavaScript and types, not the sources', () => {
    const root = join(project, 'node_modules/protocheck');
    expect(readdirSync(root).sort()).toEqual(expect.arrayContaining(['bin', 'dist', 'package.json']));
    expect(readdirSync(root)).not.toContain('src');
    expect(readdirSync(join(root, 'dist/src'))).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'vitest.js', 'vitest.d.ts']));
    // the project installed neither TypeScript nor tsx of its own: tsx comes as protocheck's dependency
    expect(readdirSync(join(project, 'node_modules'))).not.toContain('typescript');
  });

  it('npx protocheck checks the protocol that imports from protocheck', () => {
    const r = run('npx', ['protocheck', 'check', 'protocols'], project);
    expect(r.status, said(r)).toBe(0);
    expect(r.stdout).toMatch(/g-counter\b.*ok/);
    expect(r.stdout).toMatch(/g-counter-lossy.*violation/);
    expect(r.stdout).toContain('2 of 2 specs met their expectation');
    const noExpect = run('npx', ['protocheck', 'check', 'protocols/g-counter-lossy.yaml', '--no-expect'], project);
    expect(noExpect.status, said(noExpect)).toBe(1);
    expect(noExpect.stdout).toContain('violation of convergence');
  });

  it('bad input in the project is exit 2, one line at its file:line:col', () => {
    writeFileSync(join(project, 'protocols/typo.yaml'), 'protocol: ./g-counter.ts\nprocesses: 2\nnetwork: { los: fair }\n');
    try {
      const r = run('npx', ['protocheck', 'check', 'protocols/typo.yaml'], project);
      expect(r.status, said(r)).toBe(2);
      expect(r.stderr).toMatch(/typo\.yaml:3:\d+: .*los/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(join(project, 'protocols/typo.yaml'));
    }
  });

  it("type-checks the user's project against the shipped types, without @types/node", () => {
    const r = run(process.execPath, [TSC, '-p', project], project);
    expect(r.status, said(r)).toBe(0);
  });

  it("runs the user's vitest suite, which asserts verdicts through protocheck/vitest", () => {
    const r = run('npx', ['vitest', 'run'], project, { CI: 'true' });
    expect(r.status, said(r)).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+4 passed/);
  });

  // last: the project's own suite above would also run the generated test
  it('protocheck init scaffolds a project whose specs and test pass as generated', () => {
    const init = run('npx', ['protocheck', 'init', 'generated'], project);
    expect(init.status, said(init)).toBe(0);
    const checked = run('npx', ['protocheck', 'check', 'generated/specs'], project);
    expect(checked.status, said(checked)).toBe(0);
    expect(checked.stdout).toContain('2 of 2 specs met their expectation');
    const tested = run('npx', ['vitest', 'run', '--root', 'generated'], project, { CI: 'true' });
    expect(tested.status, said(tested)).toBe(0);
    expect(tested.stdout).toMatch(/Tests\s+2 passed/);
  });

  it('passes publint and @arethetypeswrong/cli (ESM-only profile)', () => {
    const lint = run(process.execPath, [join(REPO, 'node_modules/publint/src/cli.js'), join(project, 'node_modules/protocheck'), '--strict'], REPO);
    expect(lint.status, said(lint)).toBe(0);
    const attw = run(process.execPath, [join(REPO, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only'], REPO);
    expect(attw.status, said(attw)).toBe(0);
  });
});
