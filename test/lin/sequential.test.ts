/** Sequential consistency: only each process's own order counts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinearizability, checkSequentialConsistency, kv, parseHistory, Portfolio, register, renderResult } from '../../properties/linearizability/index.ts';
import { assertWitness, DATA, ops, R, W, type Row } from './helpers.ts';

describe('sequential consistency', () => {
  it('accepts a stale read from another process, which linearizability rejects', () => {
    const h = ops([[0, 0, 1, W(1)], [1, 2, 3, R, null]]);
    expect(checkLinearizability(h, register).verdict).toBe('illegal');
    const r = checkSequentialConsistency(h, register);
    expect(r.verdict).toBe('ok');
    expect(r.partitions[0].witness).toEqual([1, 0]);
    assertWitness(r, register);
  });

  it("rejects a process that does not see its own write", () => {
    const r = checkSequentialConsistency(ops([[0, 0, 1, W(1)], [0, 2, 3, R, null]]), register);
    expect(r.verdict).toBe('illegal');
    expect(r.failed?.longestPrefix).toEqual([0]);
    expect(r.failed?.stuck).toEqual([{ id: 1, reason: 'impossible in state 1' }]);
    expect(renderResult(r, register)).toContain('NOT SEQUENTIALLY CONSISTENT');
  });

  it('does not decompose by key: each key is fine, the store is not (Dekker)', () => {
    const get = (key: string) => ({ f: 'get', key });
    const put = (key: string, value: string) => ({ f: 'put', key, value });
    const rows: Row[] = [
      [0, 0, 1, put('a', '1')],
      [0, 2, 3, get('b'), ''],
      [1, 0, 1, put('b', '1')],
      [1, 2, 3, get('a'), ''],
    ];
    expect(checkSequentialConsistency(ops(rows), kv).verdict).toBe('illegal');
    for (const key of ['a', 'b']) {
      const part = ops(rows.filter((r) => (r[3] as { key: string }).key === key));
      expect(checkSequentialConsistency(part, kv).verdict).toBe('ok');
    }
  });

  it('is refuted by one key alone when that key has no order, and says which', () => {
    const get = (key: string) => ({ f: 'get', key });
    const append = (key: string, value: string) => ({ f: 'append', key, value });
    const rows: Row[] = [
      [0, 0, 1, append('a', 'x')],
      [1, 0, 1, append('b', 'y')],
      [1, 2, 3, get('b'), ''], // process 1 does not see its own append
      [0, 2, 3, get('a'), 'x'],
    ];
    const r = checkSequentialConsistency(ops(rows), kv);
    expect(r.verdict).toBe('illegal');
    expect(r.failed?.key).toBe('b');
    expect(r.failed?.longestPrefix).toEqual([1]);
    expect(r.failed?.stuck?.map((s) => s.id)).toEqual([2]);
    expect(renderResult(r, kv)).toContain('NOT SEQUENTIALLY CONSISTENT (model kv, key "b"');
    // the whole-store search alone agrees
    const whole = checkSequentialConsistency(ops(rows), kv, { algorithm: 'dfs' });
    expect(whole.verdict).toBe('illegal');
    expect(whole.failed?.key).toBeUndefined();
  });

  it("decides Porcupine's kv c10-bad by its key 7, on one thread and on two", async () => {
    const file = join(DATA, 'kv', 'c10-bad.txt');
    const h = parseHistory(readFileSync(file, 'utf8'), { source: file });
    const r = checkSequentialConsistency(h, kv, { timeoutMs: 60_000 });
    expect(r.verdict).toBe('illegal');
    expect(r.failed?.key).toBe('7');
    const pool = new Portfolio();
    try {
      const p = await pool.check(h, kv, { check: 'sequential', timeoutMs: 60_000 });
      expect(p.verdict).toBe('illegal');
      expect(p.failed?.key).toBe('7');
      expect(p.failed?.longestPrefix).toEqual(r.failed?.longestPrefix);
    } finally {
      await pool.close();
    }
  });

  it('lets an unknown-outcome operation take effect late, or never', () => {
    const rows: Row[] = [[0, 0, null, W(1)], [1, 1, 2, R, null], [1, 3, 4, R, 1]];
    const r = checkSequentialConsistency(ops(rows), register);
    expect(r.verdict).toBe('ok');
    assertWitness(r, register);
    const never = checkSequentialConsistency(ops([[0, 0, null, W(1)], [0, 1, 2, R, null]]), register);
    expect(never.verdict).toBe('ok');
    expect(never.partitions[0].witness).toEqual([1]);
  });

  it('gives an honest unknown at its time limit', () => {
    const file = join(DATA, 'kv', 'c50-ok.txt');
    const h = parseHistory(readFileSync(file, 'utf8'), { source: file });
    const t = performance.now();
    const r = checkSequentialConsistency(h, kv, { timeoutMs: 100 });
    expect(r.verdict).toBe('unknown');
    expect(r.reason).toBe('time limit of 0.1 s reached');
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
