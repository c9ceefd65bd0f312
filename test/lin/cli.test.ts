/** `protocheck lin`: exit codes 0 / 1 / 2 / 3, run as a user would. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, REPO } from './helpers.ts';

function lin(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', 'lin', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('protocheck lin', () => {
  it('exits 0 for a linearizable history (model named in the JSON file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lin-'));
    const file = join(dir, 'h.json');
    writeFileSync(
      file,
      JSON.stringify({
        model: 'register',
        operations: [
          { process: 0, call: 0, return: 2, input: { f: 'write', value: 1 } },
          { process: 1, call: 1, return: 3, input: { f: 'read' }, output: 1 },
        ],
      }),
    );
    const r = lin(file);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/LINEARIZABLE \(model register; 2 operations/);
    expect(r.code).toBe(0);
  });

  it('exits 1 for a history that is not, and explains it in --json', () => {
    const r = lin(join(DATA, 'jepsen-etcd', 'etcd_000.log'), '--model', 'cas-register', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ check: 'linearizability', model: 'cas-register', verdict: 'illegal', exitCode: 1 });
    expect(j.failed.stuck.length).toBeGreaterThan(0);
    expect(j.failed.stuck[0]).toHaveProperty('operation');
  });

  it('exits 2 on bad input, naming file and line, or the known models', () => {
    const bad = lin(join(DATA, 'kv', 'c01-ok.txt'), '--model', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown model "nope" (known: register, cas-register, kv)');
    const wrong = lin(join(DATA, 'kv', 'c01-ok.txt'), '--model', 'register');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/c01-ok\.txt:1: operation 0 \(process 0\): the register model has no operation "append"/);
    expect(wrong.err).not.toMatch(/\n\s+at /);
  });

  it('exits 3 when the time limit is hit', () => {
    const r = lin(join(DATA, 'kv', 'c50-ok.txt'), '--model', 'kv', '--check', 'sequential', '--timeout', '0.2');
    expect(r.code).toBe(3);
    expect(r.out).toContain('UNKNOWN: time limit of 0.2 s reached before deciding whether the history is sequentially consistent');
  });

  it('exits 2 on an empty history, saying it has no operations', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lin-')), 'empty.log');
    writeFileSync(file, '');
    const r = lin(file, '--model', 'cas-register');
    expect(r.code).toBe(2);
    expect(r.err).toContain('empty.log: the history has no operations');
  });

  it('exits 3 when --max-memory is below what the process holds, saying so', () => {
    const r = lin(join(DATA, 'jepsen-etcd', 'etcd_002.log'), '--model', 'cas-register', '--max-memory', '1');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/UNKNOWN: memory limit reached: \d+ MiB resident \(--max-memory 1\)/);
  });
});

describe('protocheck lin with many files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lin-many-'));
  const ok = join(dir, 'ok');
  const mixed = join(dir, 'mixed');
  mkdirSync(ok);
  mkdirSync(mixed);
  copyFileSync(join(DATA, 'jepsen-etcd', 'etcd_002.log'), join(ok, 'a.log'));
  copyFileSync(join(DATA, 'jepsen-etcd', 'etcd_018.log'), join(ok, 'b.log'));
  copyFileSync(join(DATA, 'jepsen-etcd', 'etcd_002.log'), join(mixed, 'a.log'));
  copyFileSync(join(DATA, 'jepsen-etcd', 'etcd_000.log'), join(mixed, 'b.log'));
  writeFileSync(join(dir, 'empty.log'), '');
  writeFileSync(join(ok, 'notes.md'), 'not a history');

  it('prints one verdict line per file and a summary; a directory is its history files', () => {
    const r = lin(ok, '--model', 'cas-register');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/a\.log: LINEARIZABLE \(\d+ operations, [\d.]+ ms\)$/);
    expect(lines[1]).toMatch(/b\.log: LINEARIZABLE/);
    expect(lines[2]).toMatch(/^2 files: 2 linearizable, 0 not, 0 unknown, 0 bad input \([\d.]+ s\); exit 0$/);
  });

  it('exits with the worst code: bad input 2, else a violation 1, else unknown 3', () => {
    const mixedRun = lin(mixed, '--model', 'cas-register');
    expect(mixedRun.code).toBe(1);
    expect(mixedRun.out).toMatch(/b\.log: NOT LINEARIZABLE \(linearizable until time \d+, where operation #\d+ cannot take effect;/);
    expect(lin(mixed, join(dir, 'empty.log'), '--model', 'cas-register').code).toBe(2);
    expect(lin(mixed, '--model', 'cas-register', '--max-memory', '1').code).toBe(3);
    expect(lin(mixed, join(dir, 'empty.log'), '--model', 'cas-register', '--max-memory', '1').code).toBe(2);
  });

  it('gives every verdict and the summary in --json', () => {
    const r = lin(mixed, join(dir, 'empty.log'), '--model', 'cas-register', '--json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    expect(j.results.map((x: { verdict?: string; error?: string }) => x.verdict ?? x.error)).toEqual([
      'ok',
      'illegal',
      expect.stringContaining('the history has no operations'),
    ]);
    expect(j.summary).toMatchObject({ files: 3, consistent: 1, violations: 1, unknown: 0, badInput: 1, exitCode: 2 });
  });

  it('checks sequential consistency the same way', () => {
    const r = lin(ok, '--model', 'cas-register', '--check', 'sequential');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 files: 2 sequentially consistent/);
  });
});

