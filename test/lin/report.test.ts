/** What an illegal verdict reports: the longest linearizable prefix, and what cannot be placed after it. */
import { describe, expect, it } from 'vitest';
import { checkLinearizability, checkSequentialConsistency, register, renderResult, type CheckResult } from '../../properties/linearizability/index.ts';
import { ops, R, W, type Row } from './helpers.ts';

// By hand: write(2) returns at 3 and is read at [4, 5]; write(1) is in flight until 10 and is
// read at [6, 7]; then a read of 2 at [8, 9] has nobody left to write 2. Cut just before 9,
// the history is linearizable (w2 r2 w1 r1); at 9 the last read must take effect, and cannot.
const rows: Row[] = [
  [0, 0, 10, W(1)],
  [1, 1, 3, W(2)],
  [2, 4, 5, R, 2],
  [3, 6, 7, R, 1],
  [2, 8, 9, R, 2],
];

function check(r: CheckResult) {
  expect(r.verdict).toBe('illegal');
  const f = r.failed!;
  expect(f.linearizableUntil).toBe(9);
  expect(f.deadline).toBe(4);
  expect(f.longestPrefix).toEqual([1, 2, 0, 3]);
  expect(f.stateAfterPrefix).toBe('1');
  expect(f.stuck).toEqual([{ id: 4, reason: 'impossible in state 1' }]);
  const text = renderResult(r, register);
  expect(text).toContain('The history is linearizable up to time 9 (its longest linearizable prefix), where operation #4 returns');
  expect(text).toContain('#4  p2  [8, 9]  read() -> 2   impossible in state 1');
}

describe('the longest linearizable prefix', () => {
  for (const algorithm of ['wgl', 'jit', 'portfolio'] as const) it(`${algorithm} finds it`, () => check(checkLinearizability(ops(rows), register, { algorithm })));

  it('is the whole history before the failing return, even when the search must backtrack to see it', () => {
    // the read of 1 at [2, 3] only works if write(1) goes before write(2); the failure is later
    const r = checkLinearizability(
      ops([
        [0, 0, 4, W(1)],
        [1, 0, 4, W(2)],
        [2, 1, 3, R, 2],
        [3, 5, 6, R, 2],
        [3, 7, 8, R, 1],
      ]),
      register,
      { algorithm: 'wgl' },
    );
    expect(r.verdict).toBe('illegal');
    expect(r.failed!.linearizableUntil).toBe(8);
    expect(r.failed!.longestPrefix).toEqual([0, 1, 2, 3]);
  });

  it('sequential consistency reports the longest order found and each process stuck after it', () => {
    const r = checkSequentialConsistency(ops([[0, 0, 1, W(1)], [0, 2, 3, R, 2]]), register);
    expect(r.verdict).toBe('illegal');
    expect(r.failed!.longestPrefix).toEqual([0]);
    expect(r.failed!.stuck).toEqual([{ id: 1, reason: 'impossible in state 1' }]);
  });
});
