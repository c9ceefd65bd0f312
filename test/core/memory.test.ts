/**
 * Memory: the JS heap guard and --max-memory end a search as inconclusive (exit 3) with the
 * figures reached, never with an out-of-memory crash, on one thread or on workers.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parallelBfs } from '../../src/core/parallel.ts';

const REPO = resolve(import.meta.dirname, '../..');
const SPEC = 'test/core/fixtures/big-tree.yaml';

function check(nodeArgs: string[], ...args: string[]) {
  const r = spawnSync(process.execPath, [...nodeArgs, 'bin/protocheck.mjs', 'check', SPEC, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('memory limits', () => {
  it('the heap guard stops a one-thread search before the heap is exhausted', () => {
    const r = check(['--max-old-space-size=64']);
    expect(r.err).not.toMatch(/heap out of memory|FATAL/);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/inconclusive: the JavaScript heap is \d+ MiB, near its limit of 64 MiB/);
    expect(r.out).toMatch(/no violation in the [\d,]+ states explored/);
  });

  it('the heap guard stops workers too', () => {
    const r = check(['--max-old-space-size=64'], '--workers', '2');
    expect(r.err).not.toMatch(/heap out of memory|FATAL/);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/inconclusive: the JavaScript heap of worker \d is \d+ MiB, near its limit of 64 MiB/);
  });

  it('--max-memory stops a search on workers, with its figures', () => {
    const r = check([], '--workers', '2', '--max-memory', '200', '--json');
    expect(r.code).toBe(3);
    const s = JSON.parse(r.out).specs[0];
    expect(s.verdict).toBe('inconclusive');
    expect(s.limit.kind).toBe('memory');
    expect(s.limit.message).toMatch(/memory limit reached: \d+ MiB resident \(--max-memory 200\)/);
    // how far it got depends on the machine's speed; that it reports what it reached does not
    expect(s.stats.distinct).toBeGreaterThan(0);
    expect(s.stats.generated).toBeGreaterThanOrEqual(s.stats.distinct - 1);
    expect(s.stats.peakMemoryMB).toBeGreaterThan(200);
    expect(s.stats.workers.count).toBe(2);
  });

  it('a worker that runs out of heap between two checks is a memory limit, not a crash', async () => {
    // states of 1.6 MB: the heap fills up between two checks of the guard
    const r = await parallelBfs({ module: resolve(REPO, 'test/core/models.ts'), export: 'build', args: { name: 'bigTree', padding: 200_000 } }, { workers: 2, workerResourceLimits: { maxOldGenerationSizeMb: 64 } });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit?.kind).toBe('memory');
    expect(r.limit?.message).toMatch(/worker \d ran out of JavaScript heap/);
    expect(r.stats.distinct).toBeGreaterThan(10);
  });
});
