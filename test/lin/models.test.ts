/** Hand-written histories for each model, with unknown outcomes. */
import { describe, expect, it } from 'vitest';
import {
  casRegister,
  checkLinearizability,
  checkSequentialConsistency,
  hashValue,
  ILLEGAL,
  kv,
  register,
  renderResult,
  UNKNOWN,
  type Model,
} from '../../properties/linearizability/index.ts';
import { assertWitness, CAS, ops, R, W, type Row } from './helpers.ts';

function verdict(model: Model<any>, rows: Row[]) {
  const r = checkLinearizability(ops(rows), model);
  if (r.verdict === 'ok') assertWitness(r, model);
  return r.verdict;
}

describe('register', () => {
  it('a read after a write sees it', () => {
    expect(verdict(register, [[0, 0, 1, W(1)], [1, 2, 3, R, 1]])).toBe('ok');
  });
  it('a read after a completed write cannot see the old value', () => {
    expect(verdict(register, [[0, 0, 1, W(1)], [1, 2, 3, R, null]])).toBe('illegal');
  });
  it('reads concurrent with a write may see either value, in one order only', () => {
    expect(verdict(register, [[0, 0, 5, W(1)], [1, 1, 2, R, null], [2, 3, 4, R, 1]])).toBe('ok');
    expect(verdict(register, [[0, 0, 5, W(1)], [1, 1, 2, R, 1], [2, 3, 4, R, null]])).toBe('illegal');
  });
  it('the initial state is nil', () => {
    expect(verdict(register, [[0, 0, 1, R, null]])).toBe('ok');
    expect(verdict(register, [[0, 0, 1, R, 0]])).toBe('illegal');
  });
  it('values may be strings or structured', () => {
    expect(verdict(register, [[0, 0, 1, W({ a: [1, 'x'] })], [1, 2, 3, R, { a: [1, 'x'] }]])).toBe('ok');
    expect(verdict(register, [[0, 0, 1, W('x')], [1, 2, 3, R, 'y']])).toBe('illegal');
  });
  it('an unknown-outcome write may take effect late', () => {
    expect(verdict(register, [[0, 0, null, W(1)], [1, 10, 11, R, null], [1, 12, 13, R, 1]])).toBe('ok');
  });
  it('an unknown-outcome write may never take effect, and is then left out of the witness', () => {
    const r = checkLinearizability(ops([[0, 0, null, W(1)], [1, 5, 6, R, null]]), register);
    expect(r.verdict).toBe('ok');
    expect(r.partitions[0].witness).toEqual([1]);
  });
  it('an unknown-outcome write takes effect once', () => {
    expect(verdict(register, [[0, 0, null, W(1)], [1, 2, 3, R, 1], [1, 4, 5, R, null]])).toBe('illegal');
  });
  it('but not before it is invoked', () => {
    expect(verdict(register, [[1, 0, 1, R, 1], [0, 2, null, W(1)]])).toBe('illegal');
  });
  it('counts identical unknown-outcome writes: each takes effect at most once', () => {
    const base: Row[] = [
      [0, 0, 1, W(2)],
      [1, 2, null, W(1)],
      [2, 3, null, W(1)],
      [0, 4, 5, R, 1],
      [0, 6, 7, W(2)],
      [0, 8, 9, R, 1],
    ];
    expect(verdict(register, base)).toBe('ok');
    expect(verdict(register, [...base, [0, 10, 11, W(2)], [0, 12, 13, R, 1]])).toBe('illegal');
  });
  it('rejects a cas with a message naming cas-register', () => {
    expect(() => checkLinearizability(ops([[0, 0, 1, CAS(1, 2), true]]), register)).toThrow(/no operation "cas".*cas-register/);
  });
});

describe('cas-register', () => {
  it('a cas swaps when the value matches', () => {
    expect(verdict(casRegister, [[0, 0, 1, W(0)], [0, 2, 3, CAS(0, 1), true], [1, 4, 5, R, 1]])).toBe('ok');
  });
  it('a successful cas needs the expected value', () => {
    expect(verdict(casRegister, [[0, 0, 1, W(0)], [0, 2, 3, CAS(1, 2), true]])).toBe('illegal');
  });
  it('a failed cas means the value differed', () => {
    expect(verdict(casRegister, [[0, 0, 1, W(0)], [0, 2, 3, CAS(5, 1), false], [1, 4, 5, R, 0]])).toBe('ok');
    expect(verdict(casRegister, [[0, 0, 1, W(0)], [0, 2, 3, CAS(0, 1), false]])).toBe('illegal');
  });
  it('a cas on nil matches no value', () => {
    expect(verdict(casRegister, [[0, 0, 1, CAS(null, 3), true], [1, 2, 3, R, 3]])).toBe('ok');
  });
  it('an unknown-outcome cas may have swapped', () => {
    const rows: Row[] = [[0, 0, 1, W(0)], [1, 2, null, CAS(0, 1)], [0, 5, 6, R, 1]];
    expect(verdict(casRegister, rows)).toBe('ok');
    expect(verdict(casRegister, [...rows, [0, 7, 8, R, 0]])).toBe('illegal');
  });
  it('concurrent cas operations: only one of two cas(0,1) can succeed', () => {
    const rows: Row[] = [[0, 0, 1, W(0)], [1, 2, 5, CAS(0, 1), true], [2, 3, 6, CAS(0, 1), true]];
    expect(verdict(casRegister, rows)).toBe('illegal');
    expect(verdict(casRegister, [rows[0], rows[1], [2, 3, 6, CAS(0, 1), false]])).toBe('ok');
  });
});

describe('kv', () => {
  const get = (key: string) => ({ f: 'get', key });
  const put = (key: string, value: string) => ({ f: 'put', key, value });
  const append = (key: string, value: string) => ({ f: 'append', key, value });

  it('a missing key reads as "" (or nil)', () => {
    expect(verdict(kv, [[0, 0, 1, get('a'), ''], [0, 2, 3, get('b'), null]])).toBe('ok');
  });
  it('put and append per key', () => {
    const rows: Row[] = [
      [0, 0, 1, put('a', 'x')],
      [1, 0, 1, put('b', 'y')],
      [0, 2, 3, append('a', 'z')],
      [1, 4, 5, get('a'), 'xz'],
      [0, 4, 5, get('b'), 'y'],
    ];
    const r = checkLinearizability(ops(rows), kv);
    expect(r.verdict).toBe('ok');
    expect(r.partitions.map((p) => p.key).sort()).toEqual(['a', 'b']);
    assertWitness(r, kv);
  });
  it('names the key that cannot be linearized', () => {
    const rows: Row[] = [
      [0, 0, 1, put('a', 'x')],
      [1, 0, 1, put('b', 'y')],
      [0, 2, 3, get('a'), 'x'],
      [1, 2, 3, get('b'), 'yy'],
    ];
    const r = checkLinearizability(ops(rows), kv);
    expect(r.verdict).toBe('illegal');
    expect(r.failed?.key).toBe('b');
    expect(r.failed?.stuck?.map((s) => s.id)).toEqual([3]);
    expect(renderResult(r, kv)).toMatch(/key "b"[\s\S]*get\("b"\) -> "yy"/);
  });
  it('an unknown-outcome append may or may not have happened', () => {
    const rows: Row[] = [[0, 0, 1, put('a', 'x')], [1, 2, null, append('a', 'y')], [0, 3, 4, get('a'), 'x'], [0, 5, 6, get('a'), 'xy']];
    expect(verdict(kv, rows)).toBe('ok');
    expect(verdict(kv, [...rows, [0, 7, 8, get('a'), 'x']])).toBe('illegal');
  });
  it('gives the same verdicts with or without partitioning', () => {
    const rows: Row[] = [
      [0, 0, 4, append('a', '1')],
      [1, 1, 5, append('a', '2')],
      [2, 2, 3, get('a'), '2'],
      [2, 6, 7, get('a'), '21'],
      [3, 0, 9, append('b', '1')],
    ];
    for (const partition of [true, false]) {
      expect(checkLinearizability(ops(rows), kv, { partition }).verdict).toBe('ok');
      expect(checkLinearizability(ops([...rows, [2, 8, 9, get('a'), '12']]), kv, { partition }).verdict).toBe('illegal');
    }
  });
});

describe('failure report', () => {
  it('gives the longest linearizable prefix, the stuck operations and the deadline', () => {
    const rows: Row[] = [
      [0, 0, 1, W(1)],
      [1, 2, 10, W(2)],
      [2, 3, 4, R, 2],
      [3, 5, 6, R, 1],
    ];
    const r = checkLinearizability(ops(rows), register);
    expect(r.verdict).toBe('illegal');
    const f = r.failed!;
    expect(f.longestPrefix).toEqual([0, 1, 2]);
    expect(f.stateAfterPrefix).toBe('2');
    expect(f.stuck).toEqual([{ id: 3, reason: 'impossible in state 2' }]);
    expect(f.deadline).toBe(3);
    const text = renderResult(r, register);
    expect(text).toContain('NOT LINEARIZABLE (model register;');
    expect(text).toContain('#3  p3  [5, 6]  read() -> 1   impossible in state 2');
    expect(text).toContain('operation #3 must take effect before it returns at time 6');
  });
});

describe('limits', () => {
  // 40 concurrent writes of distinct values, read in turn, then the first value again (which
  // nobody can write twice): every subset of the writes is a configuration to rule out.
  const hard: Row[] = [];
  for (let i = 0; i < 40; i++) hard.push([i, 0, 1000, W(i)]);
  for (let k = 1; k < 40; k++) hard.push([100, 10 * k, 10 * k + 1, R, k]);
  hard.push([100, 900, 901, R, 1]);

  it('an aborted signal gives verdict unknown', () => {
    const r = checkLinearizability(ops(hard), register, { signal: AbortSignal.abort() });
    expect(r.verdict).toBe('unknown');
    expect(r.reason).toBe('the check was cancelled');
  });
  it('a time limit gives verdict unknown, saying which limit', () => {
    const t = performance.now();
    const r = checkLinearizability(ops(hard), register, { timeoutMs: 50 });
    expect(r.verdict).toBe('unknown');
    expect(r.reason).toBe('time limit of 0.05 s reached');
    expect(performance.now() - t).toBeLessThan(1000);
    expect(renderResult(r, register)).toMatch(/^UNKNOWN: time limit of 0.05 s reached before deciding whether the history is linearizable/);
  });
});

describe('a model of your own (the README example)', () => {
  const counter: Model<number> = {
    name: 'counter',
    summary: 'a counter: add n, read',
    init: () => 0,
    step(state, input, output) {
      const { f, value } = input as { f: string; value?: number };
      if (f === 'add') return state + (value ?? 0);
      return output === UNKNOWN || output === state ? state : ILLEGAL;
    },
    hash: hashValue,
    equal: (a, b) => a === b,
    readOnly: (input) => (input as { f: string }).f === 'read',
    validate: (op) => (['add', 'read'].includes((op.input as { f: string }).f) ? undefined : 'counter knows add and read'),
    describeOperation: (input, output) => {
      const { f, value } = input as { f: string; value?: number };
      return f === 'add' ? `add(${value})` : `read() -> ${output === UNKNOWN ? '?' : String(output)}`;
    },
    describeState: String,
  };
  const add = (value: number) => ({ f: 'add', value });
  it('checks histories like the built-in ones', () => {
    const rows: Row[] = [[0, 0, 3, add(1)], [1, 1, 4, add(2)], [2, 2, 5, R, 2], [2, 6, 7, R, 3]];
    expect(verdict(counter, rows)).toBe('ok');
    expect(verdict(counter, [...rows, [0, 8, null, add(5)], [1, 9, 10, R, 3], [1, 11, 12, R, 8]])).toBe('ok');
    expect(verdict(counter, [...rows, [2, 8, 9, R, 2]])).toBe('illegal');
    expect(checkSequentialConsistency(ops([[0, 0, 1, add(1)], [1, 2, 3, R, 0]]), counter).verdict).toBe('ok');
    expect(() => verdict(counter, [[0, 0, 1, { f: 'sub' }]])).toThrow('operation 0 (process 0): counter knows add and read');
  });
});
