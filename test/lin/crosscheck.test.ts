/**
 * Random small histories: every search (WGL, JIT and the portfolio for linearizability;
 * depth-first, breadth-first and the portfolio for sequential consistency) agrees with a
 * brute-force enumeration of orders (no memo, no list, no pruning), and their witnesses replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  casRegister,
  checkLinearizability,
  checkSequentialConsistency,
  ILLEGAL,
  kv,
  UNKNOWN,
  type Model,
  type Operation,
} from '../../properties/linearizability/index.ts';
import { assertWitness } from './helpers.ts';

const out = (o: Operation) => (o.ret === Infinity ? UNKNOWN : o.output);

function bruteLinearizable(ops: Operation[], model: Model<any>): boolean {
  const placed = ops.map(() => false);
  const go = (state: unknown, left: number): boolean => {
    if (left === 0) return true;
    for (const x of ops) {
      if (placed[x.id] || ops.some((y) => !placed[y.id] && y !== x && y.ret < x.call)) continue;
      const ns = model.step(state, x.input, out(x));
      if (ns === ILLEGAL) continue;
      placed[x.id] = true;
      if (go(ns, left - (x.ret === Infinity ? 0 : 1))) return true;
      placed[x.id] = false;
    }
    return false;
  };
  return go(model.init(), ops.filter((o) => o.ret !== Infinity).length);
}

function bruteSequential(ops: Operation[], model: Model<any>): boolean {
  const procs = [...new Set(ops.map((o) => o.process))].map((p) =>
    ops.filter((o) => o.process === p).sort((a, b) => a.call - b.call || a.id - b.id),
  );
  const pos = procs.map(() => 0);
  const go = (state: unknown, left: number): boolean => {
    if (left === 0) return true;
    for (let p = 0; p < procs.length; p++) {
      const x = procs[p][pos[p]];
      if (!x) continue;
      const known = x.ret !== Infinity;
      pos[p]++;
      const ns = model.step(state, x.input, out(x));
      if (ns !== ILLEGAL && go(ns, left - (known ? 1 : 0))) return true;
      if (!known && go(state, left)) return true;
      pos[p]--;
    }
    return false;
  };
  return go(model.init(), ops.filter((o) => o.ret !== Infinity).length);
}

const value = fc.constantFrom(null, 0, 1, 2);
const registerOp = fc.oneof(
  fc.record({ input: fc.constant({ f: 'read' }), output: value }),
  fc.record({ input: fc.record({ f: fc.constant('write'), value: fc.constantFrom(0, 1, 2) }), output: fc.constant(null) }),
  fc.record({ input: fc.record({ f: fc.constant('cas'), value: fc.tuple(value, fc.constantFrom(0, 1, 2)) }), output: fc.boolean() }),
);
const kvOp = fc.oneof(
  fc.record({ input: fc.record({ f: fc.constant('get'), key: fc.constantFrom('a', 'b') }), output: fc.constantFrom('', 'x', 'y', 'xy', 'yx') }),
  fc.record({ input: fc.record({ f: fc.constantFrom('put', 'append'), key: fc.constantFrom('a', 'b'), value: fc.constantFrom('x', 'y') }), output: fc.constant(null) }),
);

function history(op: fc.Arbitrary<{ input: unknown; output: unknown }>) {
  return fc
    .array(
      fc.record({ op, process: fc.integer({ min: 0, max: 2 }), call: fc.integer({ min: 0, max: 12 }), dur: fc.integer({ min: 0, max: 6 }), unknown: fc.integer({ min: 0, max: 4 }).map((x) => x === 0) }),
      { minLength: 1, maxLength: 7, size: 'max' },
    )
    .map((rows) =>
      rows.map((r, id): Operation => {
        const o: Operation = { id, process: r.process, call: r.call, ret: r.unknown ? Infinity : r.call + r.dur, input: r.op.input };
        if (!r.unknown) o.output = r.op.output;
        return o;
      }),
    );
}

function agree(model: Model<any>, ops: Operation[], counts: Record<string, number>): void {
  const linExpected = bruteLinearizable(ops, model) ? 'ok' : 'illegal';
  let lin = checkLinearizability(ops, model);
  for (const algorithm of ['wgl', 'jit', 'portfolio'] as const) {
    lin = checkLinearizability(ops, model, { algorithm });
    expect(lin.verdict, algorithm).toBe(linExpected);
    if (lin.verdict === 'ok') assertWitness(lin, model);
  }
  const scExpected = bruteSequential(ops, model) ? 'ok' : 'illegal';
  let sc = checkSequentialConsistency(ops, model);
  for (const algorithm of ['dfs', 'bfs', 'portfolio'] as const) {
    sc = checkSequentialConsistency(ops, model, { algorithm });
    expect(sc.verdict, algorithm).toBe(scExpected);
    if (sc.verdict === 'ok') assertWitness(sc, model);
  }
  counts[`lin-${lin.verdict}`] = (counts[`lin-${lin.verdict}`] ?? 0) + 1;
  counts[`sc-${sc.verdict}`] = (counts[`sc-${sc.verdict}`] ?? 0) + 1;
  if (sc.failed?.key !== undefined) counts['sc-by-key'] = (counts['sc-by-key'] ?? 0) + 1;
  if (sc.verdict !== lin.verdict) counts.differ = (counts.differ ?? 0) + 1;
}

describe('random histories against brute force', () => {
  it('cas-register', () => {
    const counts: Record<string, number> = {};
    fc.assert(fc.property(history(registerOp), (ops) => agree(casRegister, ops, counts)), { numRuns: 600, seed: 42 });
    for (const k of ['lin-ok', 'lin-illegal', 'sc-ok', 'sc-illegal']) expect(counts[k]).toBeGreaterThan(30);
    expect(counts.differ).toBeGreaterThan(5);
  });
  it('kv (partitioned linearizability, whole-store sequential consistency)', () => {
    const counts: Record<string, number> = {};
    fc.assert(fc.property(history(kvOp), (ops) => agree(kv, ops, counts)), { numRuns: 600, seed: 7 });
    for (const k of ['lin-ok', 'lin-illegal', 'sc-ok', 'sc-illegal']) expect(counts[k]).toBeGreaterThan(30);
    // the portfolio refuted some by one key alone (sequential-keys.ts), and brute force agreed
    expect(counts['sc-by-key']).toBeGreaterThan(10);
    expect(counts.differ).toBeGreaterThan(5);
  });
});
