/** Symmetry reduction: the reduced count is the number of classes of states under renaming, checked by brute force. */
import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { dfs } from '../../src/core/dfs.ts';
import { fingerprintHex } from '../../src/core/fingerprint.ts';
import type { Model } from '../../src/core/model.ts';
import { rebuildPath } from '../../src/core/path.ts';
import { permuteId, permuteSlots, symmetryReduction } from '../../src/core/symmetry.ts';
import { twoPhase, type TwoPhaseState } from '../../specs/two-phase/two-phase.ts';

function reachable<S, A>(model: Model<S, A>): S[] {
  const seen = new Set<string>();
  const out: S[] = [];
  const queue = [...model.initialStates()];
  for (const s of queue) seen.add(fingerprintHex(s));
  while (queue.length) {
    const s = queue.shift() as S;
    out.push(s);
    for (const a of model.actions(s)) {
      const t = model.next(s, a);
      if (t === null) continue;
      const k = fingerprintHex(t);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(t);
      }
    }
  }
  return out;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** The number of classes of `states` under every renaming (the least fingerprint over all permutations names a class). */
function classes<S>(states: S[], n: number, permute: (s: S, perm: number[]) => S): number {
  const perms = permutations(n);
  const names = new Set<string>();
  for (const s of states) names.add(perms.map((p) => fingerprintHex(permute(s, p))).sort()[0]);
  return names.size;
}

const permuteTwoPhase = (s: TwoPhaseState, perm: number[]): TwoPhaseState => ({
  rmState: permuteSlots(s.rmState, perm),
  tmState: s.tmState,
  tmPrepared: permuteSlots(s.tmPrepared, perm),
  msgs: { prepared: permuteSlots(s.msgs.prepared, perm), commit: s.msgs.commit, abort: s.msgs.abort },
});

describe('TwoPhase with symmetric resource managers', () => {
  it.each([3, 4])('RM=%i: one state per class of renamings', (RM) => {
    const full = reachable(twoPhase(RM));
    const expected = classes(full, RM, permuteTwoPhase);
    const r = bfs(twoPhase(RM, false, true));
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(expected);
    expect(r.stats.distinct).toBeLessThan(full.length);
    // the order of exploration does not change the count of an exact canonical form
    expect(dfs(twoPhase(RM, false, true)).stats.distinct).toBe(expected);
  });

  it('reduces RM=7 from 296,448 states to 920', () => {
    expect(bfs(twoPhase(7, false, true)).stats.distinct).toBe(920);
  });

  it('still finds the early-commit bug with a shortest trace of real states', () => {
    const model = twoPhase(3, true, true);
    const r = bfs(model);
    expect(r.violation).toMatchObject({ property: 'TCConsistent', kind: 'safety' });
    expect(r.violation!.path).toHaveLength(6);
    const last = rebuildPath(model, r.violation!.path).states.at(-1) as TwoPhaseState;
    expect(last.rmState).toContain('committed');
    expect(last.rmState).toContain('aborted');
  });
});

/**
 * Processes with a counter, and a token that the holder passes to anyone: the token names a
 * process, so a key (the counter) is not all there is to a process, and equal keys must be
 * tried in every order.
 */
type Ring = { count: number[]; token: number };
function tokenModel(n: number, canonical?: ((s: Ring) => unknown) & { orbitSize?: (s: Ring) => number | undefined }): Model<Ring, { kind: 'inc' | 'pass'; p: number }> {
  return {
    name: `Token(${n})`,
    initialStates: () => [{ count: Array(n).fill(0), token: 0 }],
    actions: (s) => [
      ...s.count.flatMap((c, p) => (c < 2 ? [{ kind: 'inc' as const, p }] : [])),
      ...s.count.map((_, p) => ({ kind: 'pass' as const, p })).filter((a) => a.p !== s.token),
    ],
    next: (s, a) => (a.kind === 'inc' ? { count: s.count.map((c, i) => (i === a.p && i === s.token ? c + 1 : c)), token: s.token } : { count: s.count, token: a.p }),
    label: (a) => `${a.kind}(${a.p})`,
    invariants: [],
    ...(canonical ? { canonical, ...(canonical.orbitSize ? { orbitSize: canonical.orbitSize } : {}) } : {}),
  };
}
const permuteRing = (s: Ring, perm: readonly number[]): Ring => ({ count: permuteSlots(s.count, perm), token: permuteId(s.token, perm) });

describe('symmetryReduction', () => {
  it('with process ids in the state: tries equal keys in every order, and is exact', () => {
    for (const n of [3, 4]) {
      const full = reachable(tokenModel(n));
      const expected = classes(full, n, permuteRing);
      const canonical = symmetryReduction<Ring>({ count: n, key: (s, i) => s.count[i], permute: permuteRing });
      const r = bfs(tokenModel(n, canonical));
      expect(r.stats.distinct).toBe(expected);
      expect(r.stats.distinct).toBeLessThan(full.length);
    }
  });

  it('sums the class sizes of the states it keeps: exactly the states of the unreduced search', () => {
    for (const n of [3, 4]) {
      const full = reachable(tokenModel(n)).length;
      const canonical = symmetryReduction<Ring>({ count: n, key: (s, i) => s.count[i], permute: permuteRing });
      const r = bfs(tokenModel(n, canonical));
      expect(r.stats.represented).toBe(full);
      expect(r.stats.distinct).toBeLessThan(full);
    }
  });

  it("TwoPhase at RM = 8 under symmetry: 1,461 classes that hold TLC's 1,745,408 states", () => {
    const r = bfs(twoPhase(8, false, true));
    expect(r.stats.distinct).toBe(1461);
    expect(r.stats.represented).toBe(1_745_408);
  });

  it('a class too large to try in every order has no size, and the search then reports none', () => {
    const canonical = symmetryReduction<Ring>({ count: 4, key: (s, i) => s.count[i], permute: permuteRing, maxPermutations: 1 });
    expect(canonical.orbitSize({ count: [0, 0, 0, 0], token: 0 })).toBeUndefined();
    expect(bfs(tokenModel(4, canonical)).stats.represented).toBeUndefined();
  });

  it('keys of any plain value compare by fingerprint', () => {
    const n = 4;
    const expected = classes(reachable(tokenModel(n)), n, permuteRing);
    const canonical = symmetryReduction<Ring>({ count: n, key: (s, i) => ({ c: s.count[i], holds: s.token === i }), permute: permuteRing });
    expect(bfs(tokenModel(n, canonical)).stats.distinct).toBe(expected);
  });

  it('past maxPermutations keeps one order: still sound, less reduced', () => {
    const n = 4;
    const expected = classes(reachable(tokenModel(n)), n, permuteRing);
    const full = reachable(tokenModel(n)).length;
    const canonical = symmetryReduction<Ring>({ count: n, key: (s, i) => s.count[i], permute: permuteRing, maxPermutations: 1 });
    const distinct = bfs(tokenModel(n, canonical)).stats.distinct;
    expect(distinct).toBeGreaterThanOrEqual(expected);
    expect(distinct).toBeLessThanOrEqual(full);
  });

  it('permuteSlots moves slot i to perm[i]; permuteId renames ids in range', () => {
    expect(permuteSlots(['a', 'b', 'c'], [2, 0, 1])).toEqual(['b', 'c', 'a']);
    expect(permuteId(0, [2, 0, 1])).toBe(2);
    expect(permuteId(-1, [2, 0, 1])).toBe(-1);
    expect(permuteId(7, [2, 0, 1])).toBe(7);
  });
});
