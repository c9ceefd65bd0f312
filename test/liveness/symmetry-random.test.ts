/**
 * The fair-cycle check up to renaming against the check without it, on random systems of two
 * or three interchangeable processes (every renaming of them): the same verdict every time, and every lasso a real one (it
 * replays on the model itself, its loop closes on the very state it goes back to, and every
 * state of the loop is unsettled for an always-eventually property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/core/liveness.ts';
import { checkLivenessUpToSymmetry } from '../../src/core/symmetry-liveness.ts';
import type { Fairness, Model } from '../../src/core/model.ts';
import { rebuildPath } from '../../src/core/path.ts';

/** A step of a process: from its own local state, seeing another's, to a new local state. */
interface Rule {
  from: number;
  /** A local state some other process must be in, or -1 for none. */
  other: number;
  to: number;
  fair: Fairness;
}
type S = number[];
type A = { rule: number; p: number };

function system(n: number, rules: readonly Rule[], goal: readonly number[], eventuallyAlways: boolean): Model<S, A> {
  return {
    name: 'Random',
    initialStates: () => [new Array<number>(n).fill(0)],
    actions: (s) => {
      const out: A[] = [];
      for (let p = 0; p < n; p++) rules.forEach((r, i) => r.from === s[p] && (r.other < 0 || s.some((x, q) => q !== p && x === r.other)) && out.push({ rule: i, p }));
      return out;
    },
    next: (s, a) => {
      const next = [...s];
      next[a.p] = rules[a.rule].to;
      return next;
    },
    label: (a) => `r${a.rule} p${a.p}`,
    fairness: (_s, a) => rules[a.rule].fair,
    invariants: [],
    // symmetric: some process is in a goal state
    liveness: [{ name: 'goal', eventuallyAlways, settled: (s) => (s.some((x) => goal.includes(x)) ? null : 'no process is in a goal state') }],
  };
}

const rule = (k: number) =>
  fc.record({
    from: fc.integer({ min: 0, max: k - 1 }),
    other: fc.integer({ min: -1, max: k - 1 }),
    to: fc.integer({ min: 0, max: k - 1 }),
    fair: fc.constantFrom<Fairness>('weak', 'weak', 'strong', 'none'),
  });

const systems = fc.integer({ min: 2, max: 4 }).chain((k) =>
  fc.record({
    n: fc.integer({ min: 2, max: 3 }),
    rules: fc.array(rule(k), { minLength: 1, maxLength: 7 }),
    goal: fc.subarray(Array.from({ length: k }, (_, i) => i)),
    eventuallyAlways: fc.boolean(),
  }),
);

describe('fair cycles up to renaming on random symmetric systems', () => {
  it('give the verdict of the check without the reduction, and real lassos', () => {
    let violations = 0;
    fc.assert(
      fc.property(systems, ({ n, rules, goal, eventuallyAlways }) => {
        const model = system(n, rules, goal, eventuallyAlways);
        const reduced: Model<S, A> = { ...model, canonical: (s) => [...s].sort((x, y) => x - y) };
        const full = checkLiveness(model);
        const up = checkLivenessUpToSymmetry(reduced);
        expect(up.verdict).toBe(full.verdict);
        expect(up.violation?.quiescent).toBe(full.violation?.quiescent);
        if (!up.violation) return;
        violations++;
        const v = up.violation;
        const { states } = rebuildPath(model, v.path);
        if (v.quiescent) return;
        expect(states.at(-1)).toEqual(states[v.loopStart!]);
        const loop = states.slice(v.loopStart);
        const unsettled = loop.map((s) => model.liveness![0].settled(s) !== null);
        if (eventuallyAlways) expect(unsettled).toContain(true);
        else expect(unsettled.every(Boolean)).toBe(true);
      }),
      { numRuns: 500, seed: 13 },
    );
    // the runs must have exercised both verdicts
    expect(violations).toBeGreaterThan(20);
  });
});
