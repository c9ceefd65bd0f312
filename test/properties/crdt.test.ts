// The CRDT properties on hand-made histories stamped with the system's vector clocks (vc):
// which updates a value report reflects is read from happens-before, never from the replica.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { convergence, counterValue, strongEventualConsistency } from '../../properties/crdt/properties.ts';
import { propertyDefs } from '../../properties/index.ts';

const req = (vc: number[], type: string, extra: Record<string, unknown> = {}): HistoryEvent => ({ k: 'request', v: { type, ...extra }, vc });
const value = (vc: number[], v: unknown): HistoryEvent => ({ k: 'indication', v: { type: 'value', v }, vc });

function history(events: HistoryEvent[][], down: number[] = []): History {
  return { n: events.length, events: (p) => events[p], isDown: (p) => down.includes(p), correct: () => events.map((_, p) => p).filter((p) => !down.includes(p)), faulty: () => down, roleOf: () => 'process', state: () => null };
}

const info = { n: 2, roles: ['process'], roleOf: () => 'process' };
const check = (def: PropertyDef, h: History, params: Record<string, unknown> = {}) => def.make({ ...def.params, ...params }, info)(h);

describe('the registry', () => {
  it('lists strong eventual consistency and the counter value (safety) and convergence (liveness)', () => {
    expect(propertyDefs['strong-eventual-consistency']?.kind).toBe('safety');
    expect(propertyDefs['counter-value']?.kind).toBe('safety');
    expect(propertyDefs.convergence?.kind).toBe('liveness');
  });
});

// p0 increments, p1 decrements; each then merges the other's state (the merges' reports come after both updates)
const incDec = (v0: unknown, merged0: unknown, v1: unknown, merged1: unknown) =>
  history([
    [req([1, 0], 'inc'), value([2, 0], v0), value([3, 2], merged0)],
    [req([0, 1], 'dec'), value([0, 2], v1), value([2, 3], merged1)],
  ]);

describe('strong-eventual-consistency', () => {
  it('holds when reports with the same delivered updates agree', () => {
    expect(check(strongEventualConsistency, incDec(1, 0, -1, 0))).toBeNull();
  });

  it('fails when two replicas that delivered the same updates report different values', () => {
    expect(check(strongEventualConsistency, incDec(1, 1, -1, 0))).toBe('p0 reports 1 and p1 reports 0, having delivered the same updates (inc at p0, dec at p1)');
  });

  it('compares only reports whose causal pasts hold the same updates', () => {
    // p1's merge did not see p0's increment: different updates, different values, no violation
    const h = history([[req([1, 0], 'inc'), value([2, 0], 1)], [req([0, 1], 'dec'), value([0, 2], -1)]]);
    expect(check(strongEventualConsistency, h)).toBeNull();
  });

  it('counts only the listed request types as updates', () => {
    const h = history([[req([1, 0], 'inc'), value([2, 0], 1)], [req([0, 1], 'read'), value([2, 2], 2)]]);
    expect(check(strongEventualConsistency, h)).toBeNull();
    expect(check(strongEventualConsistency, h, { updates: 'inc' })).toBe('p0 reports 1 and p1 reports 2, having delivered the same updates (inc at p0)');
  });

  it('needs the system clocks', () => {
    const h = history([[{ k: 'request', v: { type: 'inc' } }, { k: 'indication', v: { type: 'value', v: 1 } }]]);
    expect(() => check(strongEventualConsistency, h)).toThrow(/causality: true/);
  });
});

describe('counter-value', () => {
  it('holds when every report is the increments minus the decrements it delivered', () => {
    expect(check(counterValue, incDec(1, 0, -1, 0))).toBeNull();
  });

  it('fails when a merge by max keeps one side (the single-counter PN-counter)', () => {
    expect(check(counterValue, incDec(1, 1, -1, 1))).toBe('p0 reports 1 but the updates it has delivered (inc at p0, dec at p1) sum to 0');
  });

  it('reads amounts and names it is given', () => {
    const h = history([[req([1, 0], 'add', { n: 3 }), value([2, 0], 3)], [req([0, 1], 'sub', { n: 1 }), value([2, 2], 2)]]);
    expect(check(counterValue, h, { increment: 'add', decrement: 'sub', amount: 'n' })).toBeNull();
    expect(check(counterValue, h, { increment: 'add', decrement: 'sub' })).toBe('p0 reports 3 but the updates it has delivered (add(n=3) at p0) sum to 1');
  });
});

describe('convergence', () => {
  it('holds when the correct replicas report the same latest value, or nothing was reported', () => {
    expect(check(convergence, incDec(1, 0, -1, 0))).toBeNull();
    expect(check(convergence, history([[], []]))).toBeNull();
  });

  it('fails while replicas differ, or one has reported nothing', () => {
    expect(check(convergence, incDec(1, 1, -1, 0))).toBe('p0 reports 1 but p1 0');
    expect(check(convergence, history([[req([1, 0], 'inc'), value([2, 0], 1)], []]))).toBe('p0 reports 1 but p1 nothing');
  });

  it('ignores replicas that crashed', () => {
    expect(check(convergence, history([[req([1, 0], 'inc'), value([2, 0], 1)], [], [value([2, 0, 1], 1)]], [1]))).toBeNull();
  });
});
