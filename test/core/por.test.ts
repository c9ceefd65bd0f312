/** Partial-order reduction by sleep sets: the same states and verdicts as plain BFS, fewer successors computed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { invariant, type Model } from '../../src/core/model.ts';
import { rebuildPath } from '../../src/core/path.ts';
import type { SearchResult } from '../../src/core/search.ts';
import { twoPhase, type TwoPhaseAction, type TwoPhaseState } from '../../specs/two-phase/two-phase.ts';

interface Counters {
  c: readonly number[];
  /** A shared register. */
  x: number;
}
type Op = 'inc' | 'write' | 'read';
type Step = { p: number; op: Op };

/**
 * n processes that each count up to k on their own; a process with `write` may copy its count
 * to the shared register, one with `read` may copy the register to its count. Steps of
 * different processes are independent unless both touch the register and one writes it.
 */
function counters(k: number, ops: readonly (readonly Op[])[], bad?: Counters): Model<Counters, Step> {
  const n = ops.length;
  return {
    name: 'Counters',
    initialStates: () => [{ c: new Array(n).fill(0), x: 0 }],
    actions: (s) =>
      ops.flatMap((mine, p) =>
        mine
          .filter((op) => (op === 'inc' ? s.c[p] < k : op === 'write' ? s.x !== s.c[p] : s.c[p] !== s.x))
          .map((op) => ({ p, op })),
      ),
    next: (s, { p, op }) => {
      if (op === 'write') return { c: s.c, x: s.c[p] };
      const c = s.c.slice();
      c[p] = op === 'inc' ? c[p] + 1 : s.x;
      return { c, x: s.x };
    },
    label: ({ p, op }) => `${op} p${p}`,
    invariants: bad ? [invariant<Counters>('NotBad', (s) => s.x !== bad.x || s.c.some((v, i) => v !== bad.c[i]))] : [],
    independent: (_s, a, b) => a.p !== b.p && !((a.op === 'write' && b.op !== 'inc') || (b.op === 'write' && a.op !== 'inc')),
  };
}

function traceLength(r: SearchResult): number | undefined {
  return r.violation ? r.violation.path.length - 1 : undefined;
}

function expectSameOutcome(plain: SearchResult, reduced: SearchResult): void {
  expect(reduced.verdict).toBe(plain.verdict);
  expect(reduced.stats.distinct).toBe(plain.stats.distinct);
  expect(reduced.violation?.property).toBe(plain.violation?.property);
  expect(traceLength(reduced)).toBe(traceLength(plain));
  expect(reduced.stats.por).toMatchObject({ applied: true, outOfOrder: 0 });
}

describe('sleep sets on a model with known independence', () => {
  it('three independent counters: every state, a fraction of the transitions', () => {
    const model = counters(3, [['inc'], ['inc'], ['inc']]);
    const plain = bfs(model);
    const reduced = bfs(model, { por: true });
    expectSameOutcome(plain, reduced);
    expect(plain.stats.distinct).toBe(64);
    expect(plain.stats.generated).toBe(144);
    const por = reduced.stats.por!;
    if (!por.applied) throw new Error('expected sleep sets to be used');
    // each of the 64 states is entered once: a spanning tree of the grid
    expect(por.explored).toBe(63);
    expect(por.pruned).toBe(144 - 63);
  });

  it('a counterexample is as short as without reduction, and replays', () => {
    const model = counters(2, [['inc', 'write'], ['inc', 'read'], ['inc']], { c: [2, 1, 2], x: 1 });
    const plain = bfs(model);
    const reduced = bfs(model, { por: true });
    expect(plain.verdict).toBe('violation');
    expectSameOutcome(plain, reduced);
    const last = rebuildPath(model, reduced.violation!.path).states.at(-1)!;
    expect(last).toEqual({ c: [2, 1, 2], x: 1 });
  });

  it('deadlocks and depth limits are found as without reduction', () => {
    const model = counters(2, [['inc'], ['inc', 'read'], ['inc', 'write']]);
    expectSameOutcome(bfs(model, { checkDeadlock: true }), bfs(model, { checkDeadlock: true, por: true }));
    const plain = bfs(model, { maxDepth: 3 });
    const reduced = bfs(model, { maxDepth: 3, por: true });
    expect(reduced.verdict).toBe('inconclusive');
    expect(reduced.limit?.kind).toBe('depth');
    expect(reduced.stats.distinct).toBe(plain.stats.distinct);
  });

  it('random systems of counters and a shared register: same states, verdicts and trace lengths', () => {
    const op = fc.constantFrom<Op>('inc', 'write', 'read');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.uniqueArray(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }),
        (k, ops, target) => {
          const bad = { c: ops.map((_, i) => Math.min(k, target[i])), x: Math.min(k, target[4]) };
          const model = counters(k, ops, bad);
          const plain = bfs(model);
          const reduced = bfs(model, { por: true });
          expectSameOutcome(plain, reduced);
          const por = reduced.stats.por!;
          return por.applied && por.explored <= plain.stats.generated;
        },
      ),
      { numRuns: 150, seed: 6 },
    );
  });

  it('a wrong independence relation is reported, not silently trusted', () => {
    // b disables a, yet the model calls them independent
    type S = { a: boolean; b: boolean };
    const model: Model<S, 'a' | 'b'> = {
      name: 'Wrong',
      initialStates: () => [{ a: false, b: false }],
      actions: (s) => [...(!s.a && !s.b ? (['a'] as const) : []), ...(!s.b ? (['b'] as const) : [])],
      next: (s, x) => ({ ...s, [x]: true }),
      label: (x) => x,
      invariants: [],
      independent: () => true,
    };
    const r = bfs(model, { por: true });
    expect(r.verdict).toBe('violation');
    expect(r.violation?.property).toBe('unsound-independence');
  });

  it('is used with liveness properties: every state is still visited and a quiescent unsettled state still found', () => {
    type S = { a: boolean; b: boolean };
    const model: Model<S, 'a' | 'b'> = {
      name: 'Live',
      initialStates: () => [{ a: false, b: false }],
      actions: (s) => [...(!s.a ? (['a'] as const) : []), ...(!s.b ? (['b'] as const) : [])],
      next: (s, x) => ({ ...s, [x]: true }),
      label: (x) => x,
      invariants: [],
      // never settled: the state where both are set is quiescent and leaves it unsettled
      liveness: [{ name: 'Never', settled: () => 'nothing settles it' }],
      independent: () => true,
    };
    const plain = bfs(model, { por: false });
    const r = bfs(model, { por: true });
    expect(r.stats.por).toMatchObject({ applied: true, pruned: 1 });
    expect(r.stats.distinct).toBe(plain.stats.distinct);
    expect(r.violation).toMatchObject({ property: 'Never', kind: 'liveness' });
    expect(r.violation?.path.length).toBe(plain.violation?.path.length);
  });
});

describe('sleep sets with a canonical form that merges states (symmetry)', () => {
  // actions of different resource managers touch only their own slots
  const rmOnly = new Set(['RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg']);
  const withIndependence = (m: Model<TwoPhaseState, TwoPhaseAction>): Model<TwoPhaseState, TwoPhaseAction> =>
    Object.assign(Object.create(m), {
      independent: (_s: TwoPhaseState, a: TwoPhaseAction, b: TwoPhaseAction) => 'rm' in a && 'rm' in b && a.rm !== b.rm && rmOnly.has(a.type) && rmOnly.has(b.type),
    });

  it.each([
    [4, false],
    [4, true],
    [5, true],
  ])('TwoPhase RM=%i, symmetry %s: the same states as without reduction', (RM, symmetry) => {
    const model = withIndependence(twoPhase(RM, false, symmetry));
    const plain = bfs(model);
    const reduced = bfs(model, { por: true });
    expectSameOutcome(plain, reduced);
    const por = reduced.stats.por!;
    expect(por.applied && por.explored).toBeLessThan(plain.stats.generated);
  });

  it('TwoPhase RM=4 early commit, under symmetry: the same shortest counterexample length', () => {
    const model = withIndependence(twoPhase(4, true, true));
    const plain = bfs(model);
    expect(plain.verdict).toBe('violation');
    expectSameOutcome(plain, bfs(model, { por: true }));
  });
});
