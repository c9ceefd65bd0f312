/**
 * The static check of the register models (reads no writer can satisfy by real time alone):
 * it may only ever name operations that are impossible, on random histories against brute
 * force, with and without time; and on big histories it lets the searches stop at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casRegister, checkLinearizability, ILLEGAL, register, UNKNOWN, type Operation } from '../../properties/linearizability/index.ts';
import { impossibleReads } from '../../properties/linearizability/models/register-prune.ts';
import { ops, R, W, type Row } from './helpers.ts';

const out = (o: Operation) => (o.ret === Infinity ? UNKNOWN : o.output);

/** Is there a linearization (every known operation placed, in real-time order)? */
function linearizable(list: Operation[]): boolean {
  const placed = list.map(() => false);
  const go = (state: unknown, left: number): boolean => {
    if (left === 0) return true;
    for (const x of list) {
      if (placed[x.id] || list.some((y) => !placed[y.id] && y !== x && y.ret < x.call)) continue;
      const ns = casRegister.step(state, x.input, out(x));
      if (ns === ILLEGAL) continue;
      placed[x.id] = true;
      if (go(ns, left - (x.ret === Infinity ? 0 : 1))) return true;
      placed[x.id] = false;
    }
    return false;
  };
  return go(null, list.filter((o) => o.ret !== Infinity).length);
}

const value = fc.constantFrom(null, 0, 1, 2);
const op = fc.oneof(
  fc.record({ input: fc.constant({ f: 'read' }), output: value }),
  fc.record({ input: fc.record({ f: fc.constant('write'), value: fc.constantFrom(0, 1, 2) }), output: fc.constant(null) }),
  fc.record({ input: fc.record({ f: fc.constant('cas'), value: fc.tuple(value, fc.constantFrom(0, 1, 2)) }), output: fc.boolean() }),
);
const histories = fc
  .array(fc.record({ op, call: fc.integer({ min: 0, max: 12 }), dur: fc.integer({ min: 0, max: 6 }), unknown: fc.integer({ min: 0, max: 5 }).map((x) => x === 0) }), {
    minLength: 1,
    maxLength: 7,
    size: 'max',
  })
  .map((rows) =>
    rows.map((r, id): Operation => {
      const o: Operation = { id, process: id, call: r.call, ret: r.unknown ? Infinity : r.call + r.dur, input: r.op.input };
      if (!r.unknown) o.output = r.op.output;
      return o;
    }),
  );

describe('impossible reads', () => {
  it('are impossible: a history with one is never linearizable, nor is any prefix of it past that read', () => {
    let named = 0;
    fc.assert(
      fc.property(histories, (list) => {
        const flagged = impossibleReads(list);
        named += flagged.length;
        if (flagged.length > 0) expect(linearizable(list)).toBe(false);
        for (const i of flagged) {
          // cut the history just after the flagged read returns: still not linearizable
          const t = list[i].ret;
          const cut = list.filter((o) => o.call <= t).map((o, id) => ({ ...o, id, ...(o.ret > t ? { ret: Infinity, output: undefined } : {}) }));
          expect(linearizable(cut)).toBe(false);
        }
      }),
      { numRuns: 2000, seed: 11 },
    );
    expect(named).toBeGreaterThan(50);
  });

  it('name a read of a value nobody wrote, and a read of a value certainly overwritten', () => {
    expect(impossibleReads(ops([[0, 0, 1, W(1)], [1, 2, 3, R, 7]]))).toEqual([1]);
    // write(1), then write(2) entirely after it, then a read of 1 entirely after that
    expect(impossibleReads(ops([[0, 0, 1, W(1)], [1, 2, 3, W(2)], [2, 4, 5, R, 1]]))).toEqual([2]);
    // ...unless another writer of 1 may come between
    expect(impossibleReads(ops([[0, 0, 1, W(1)], [1, 2, 3, W(2)], [3, 2, null, W(1)], [2, 4, 5, R, 1]]))).toEqual([]);
    // the initial nil is there until someone else's write returns
    expect(impossibleReads(ops([[0, 0, 5, W(1)], [1, 1, 2, R, null]]))).toEqual([]);
    expect(impossibleReads(ops([[0, 0, 1, W(1)], [1, 2, 3, R, null]]))).toEqual([1]);
  });

  it('let both searches stop where the first one returns, on a history too big to search through', () => {
    // 400 writes from 20 clients, all concurrent with a read of a value nobody wrote
    const rows: Row[] = [];
    for (let i = 0; i < 400; i++) rows.push([i % 20, i, i + 25, W(i % 5)]);
    rows.push([99, 30, 31, R, 9]);
    for (const algorithm of ['wgl', 'jit'] as const) {
      const r = checkLinearizability(ops(rows), register, { algorithm });
      expect(r.verdict).toBe('illegal');
      expect(r.failed!.linearizableUntil).toBe(31);
      expect(r.failed!.deadline).toBe(400);
    }
  });
});
