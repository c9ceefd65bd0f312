/** `protocheck lin`: exit codes 0 / 1 / 2 / 3, run as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
});
