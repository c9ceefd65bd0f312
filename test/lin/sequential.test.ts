/** Sequential consistency: only each process's own order counts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinearizability, checkSequentialConsistency, kv, parseHistory, register, renderResult } from '../../properties/linearizability/index.ts';
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
