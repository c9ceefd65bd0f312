/**
 * Properties a user writes: a spec outside this repository names its own invariant and
 * liveness property by `./file.ts#name`, a protocol module exports `properties` named by bare
 * name, and every mistake in naming one is bad input (exit 2) at the spec's file:line:col.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const INDEX = join(REPO, 'src/index.ts');
// outside the repository: no package.json, no node_modules of its own
const dir = mkdtempSync(join(tmpdir(), 'protocheck-user-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/protocheck.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The catalogue's mutex folder, copied out of the repository, importing protocheck by path. */
function copyMutex(): string {
  const to = join(dir, 'mutex');
  cpSync(join(REPO, 'specs/mutex'), to, { recursive: true });
  for (const f of readdirSync(to).filter((x) => x.endsWith('.ts'))) writeFileSync(join(to, f), readFileSync(join(to, f), 'utf8').replaceAll("'../../src/index.ts'", JSON.stringify(INDEX)));
  return to;
}

const mutex = copyMutex();

function spec(name: string, body: string): string {
  const file = join(mutex, name);
  writeFileSync(file, `protocol: ./central-lock.ts\nprocesses: { server: 1, client: 2 }\nworkload:\n  - { process: 1, request: { type: acquire } }\nproperties:\n${body}`);
  return file;
}

describe('properties a user writes', () => {
  it('a spec outside the repository checks its own invariant over states and its own liveness property', () => {
    const r = cli('check', join(mutex, 'central-lock.yaml'), '--trace-dir', join(dir, 'traces'));
    expect(r.err).toBe('');
    expect(r.out).toContain('mutual-exclusion holds in every reachable state; eventual-entry holds on every fair run');
    expect(r.out).toContain('expected ok, 33 states: met');
    expect(r.code).toBe(0);
  });

  it('the broken lock server is caught by the user invariant with a shortest trace', () => {
    const r = cli('check', join(mutex, 'central-lock-no-wait.yaml'), '--trace-dir', join(dir, 'traces'), '--json');
    const report = JSON.parse(r.out).specs[0];
    expect(report.violation.property).toBe('mutual-exclusion');
    expect(report.violation.message).toBe('p1 and p2 are in their critical sections together');
    expect(report.violation.steps).toBe(6);
    expect(r.code).toBe(0);
  });

  it('a protocol module may export properties that its specs name by bare name (before a built-in of the same name)', () => {
    writeFileSync(
      join(mutex, 'with-props.ts'),
      `import protocol from './central-lock.ts';\nimport { mutualExclusion } from './mutex-props.ts';\nimport { defineProperty } from ${JSON.stringify(INDEX)};\n` +
        `export default protocol;\nexport const properties = [mutualExclusion, defineProperty({ name: 'validity', kind: 'safety', check: () => null })];\n`,
    );
    const file = join(mutex, 'bare.yaml');
    writeFileSync(file, `protocol: ./with-props.ts\nparams: { waitForRelease: false }\nprocesses: { server: 1, client: 2 }\nworkload:\n  - { process: 1, request: { type: acquire } }\n  - { process: 2, request: { type: acquire } }\nproperties:\n  - validity\n  - mutual-exclusion\n`);
    const r = cli('check', file, '--json', '--trace-dir', join(dir, 'traces'));
    const report = JSON.parse(r.out).specs[0];
    expect(report.properties).toEqual(['validity', 'mutual-exclusion']);
    expect(report.violation.property).toBe('mutual-exclusion');
    expect(r.code).toBe(1);
  });

  it.each([
    [1, 'a missing module', '  - ./nowhere.ts#x\n', /bad-1\.yaml:6:5: property \.\/nowhere\.ts#x: no such module .*nowhere\.ts/],
    [2, 'a missing export', '  - ./mutex-props.ts#mutualExclusionn\n', /bad-2\.yaml:6:5: property \.\/mutex-props\.ts#mutualExclusionn: \.\/mutex-props\.ts has no export 'mutualExclusionn' \(its properties: eventualEntry, mutualExclusion\)/],
    [3, 'an export that is not a property', '  - ./central-lock.ts#default\n', /bad-3\.yaml:6:5: .*is not a property; make it with defineProperty/],
    [4, 'an unknown parameter', '  - ./mutex-props.ts#eventualEntry: { requests: acquire }\n', /bad-4\.yaml:6:5: property \.\/mutex-props\.ts#eventualEntry has no parameter requests \(its parameters: request, indication\)/],
    [5, 'a mistyped parameter', '  - ./mutex-props.ts#eventualEntry: { request: 3 }\n', /bad-5\.yaml:6:5: .*parameter 'request' must be a string/],
    [6, 'an unknown name', '  - no-such-property\n', /bad-6\.yaml:6:5: unknown property 'no-such-property' \(built-in: validity, .*; a property of your own: \.\/file\.ts#exportName\)/],
  ])('%i: %s is bad input at the spec line, without a stack trace', (n, _what, body, message) => {
    const r = cli('check', spec(`bad-${n}.yaml`, body));
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
  });

  it('protocheck properties lists the spec\'s own properties beside the built-ins', () => {
    const r = cli('properties', join(mutex, 'central-lock.yaml'), '--json');
    const rows = JSON.parse(r.out) as { name: string; kind: string; from: string; params: Record<string, unknown> }[];
    expect(rows.find((x) => x.name === 'mutual-exclusion')).toMatchObject({ kind: 'safety', params: {} });
    expect(rows.find((x) => x.name === 'eventual-entry')).toMatchObject({ kind: 'liveness', params: { request: 'acquire', indication: 'enter' } });
    expect(rows.find((x) => x.name === 'agreement')).toMatchObject({ kind: 'liveness', from: 'built-in' });
    expect(r.code).toBe(0);
  });
});
