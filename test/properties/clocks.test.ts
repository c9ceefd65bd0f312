// The logical-clock properties on hand-made histories whose events carry the system's true
// vector clocks (vc), as `causality: true` stamps them: p0 does x then sends to p1, p1 does y
// (concurrent with x) and then receives: x → send → receive, y → receive, x ∥ y.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { clockCondition, concurrencyDetection, vectorClockOrder } from '../../properties/clocks/properties.ts';
import { propertyDefs } from '../../properties/index.ts';

const ev = (vc: number[], v: Record<string, unknown>): HistoryEvent => ({ k: 'indication', v: { type: 'event', ...v }, vc });
const order = (vc: number[], a: string, b: string, o: string): HistoryEvent => ({ k: 'indication', v: { type: 'order', a, b, order: o }, vc });

function history(events: HistoryEvent[][]): History {
  return { n: events.length, events: (p) => events[p], isDown: () => false, correct: () => events.map((_, p) => p), faulty: () => [], roleOf: () => 'process', state: () => null };
}

const info = { n: 2, roles: ['process'], roleOf: () => 'process' };
const check = (def: PropertyDef, h: History, params: Record<string, unknown> = {}) => def.make({ ...def.params, ...params }, info)(h);

/** The run above with the clocks a protocol reports at x, send, y, receive. */
const lamport = (x: number, send: number, y: number, recv: number) =>
  history([
    [ev([1, 0], { id: 'x', c: x }), ev([2, 0], { id: 's', c: send })],
    [ev([0, 1], { id: 'y', c: y }), ev([2, 2], { id: 'r', c: recv })],
  ]);

const vector = (x: number[], send: number[], y: number[], recv: number[], extra: HistoryEvent[] = []) =>
  history([
    [ev([1, 0], { id: 'x', vc: x }), ev([2, 0], { id: 's', vc: send })],
    [ev([0, 1], { id: 'y', vc: y }), ev([2, 2], { id: 'r', vc: recv }), ...extra],
  ]);

describe('the registry', () => {
  it('lists the clock properties, all safety', () => {
    for (const name of ['clock-condition', 'vector-clock-order', 'concurrency-detection']) expect(propertyDefs[name]?.kind, name).toBe('safety');
  });
});

describe('clock-condition', () => {
  it('holds for Lamport clocks, whatever they say of concurrent events', () => {
    expect(check(clockCondition, lamport(1, 2, 1, 3))).toBeNull();
    // y (c=5) is concurrent with x (c=1): no constraint between them
    expect(check(clockCondition, lamport(1, 2, 5, 6))).toBeNull();
  });

  it('fails when a receive does not take the max (its clock is below the send)', () => {
    expect(check(clockCondition, lamport(1, 2, 1, 2))).toBe("p0's event(id=s, c=2) happened before p1's event(id=r, c=2), but its clock 2 is not below 2");
  });

  it('fails when a send does not increment (equal to the event before it)', () => {
    expect(check(clockCondition, lamport(1, 1, 1, 2))).toBe("p0's event(id=x, c=1) happened before p0's event(id=s, c=1), but its clock 1 is not below 1");
  });

  it('reads the names it is given, and needs the system clocks', () => {
    const h = history([[{ k: 'indication', v: { type: 'tick', t: 2 }, vc: [1, 0] }], [{ k: 'indication', v: { type: 'tick', t: 1 }, vc: [1, 1] }]]);
    expect(check(clockCondition, h, { event: 'tick', clock: 't' })).toMatch(/clock 2 is not below 1/);
    const unstamped = history([[{ k: 'indication', v: { type: 'event', c: 1 } }], [{ k: 'indication', v: { type: 'event', c: 1 } }]]);
    expect(() => check(clockCondition, unstamped)).toThrow(/causality: true/);
  });
});

describe('vector-clock-order', () => {
  it('holds when the timestamps are the true clocks', () => {
    expect(check(vectorClockOrder, vector([1, 0], [2, 0], [0, 1], [2, 2]))).toBeNull();
  });

  it('fails one way: a → b but V(a) is not below V(b) (no max on receive)', () => {
    expect(check(vectorClockOrder, vector([1, 0], [2, 0], [0, 1], [0, 2]))).toBe("p0's event(id=x, vc=[1,0]) happened before p1's event(id=r, vc=[0,2]), but its timestamp is not below");
  });

  it('fails one way when a send does not increment: equal timestamps for ordered events', () => {
    expect(check(vectorClockOrder, vector([1, 0], [1, 0], [0, 1], [1, 2]))).toMatch(/happened before p0's event\(id=s.*not below/);
  });

  it('fails the other way: V(a) < V(b) for concurrent events', () => {
    // y stamped as if it had seen x
    expect(check(vectorClockOrder, vector([1, 0], [2, 0], [1, 1], [2, 2]))).toBe("p0's event(id=x, vc=[1,0]) has a timestamp below p1's event(id=y, vc=[1,1])'s, but it did not happen before it (they are concurrent)");
  });
});

describe('concurrency-detection', () => {
  const truth = vector([1, 0], [2, 0], [0, 1], [2, 2]);

  it('holds for true judgements: concurrent, before, after', () => {
    const h = vector([1, 0], [2, 0], [0, 1], [2, 2], [order([2, 3], 's', 'y', 'concurrent'), order([2, 4], 'x', 'r', 'before'), order([2, 5], 'r', 's', 'after')]);
    expect(check(concurrencyDetection, h)).toBeNull();
    expect(check(concurrencyDetection, truth)).toBeNull();
  });

  it('fails when concurrent events are judged ordered (comparing by sum: s=[2,0] above y=[0,1])', () => {
    const h = vector([1, 0], [2, 0], [0, 1], [2, 2], [order([2, 3], 's', 'y', 'after')]);
    expect(check(concurrencyDetection, h)).toBe("p1's order(a=s, b=y, order=after) says p0's event(id=s, vc=[2,0]) is after p1's event(id=y, vc=[0,1]), but it is concurrent with it");
  });

  it('fails when ordered events are judged concurrent, or a judgement names an unknown event', () => {
    expect(check(concurrencyDetection, vector([1, 0], [2, 0], [0, 1], [2, 2], [order([2, 3], 'x', 'r', 'concurrent')]))).toMatch(/says p0's event\(id=x.* is concurrent with p1's event\(id=r.*, but it happened before it/);
    expect(check(concurrencyDetection, vector([1, 0], [2, 0], [0, 1], [2, 2], [order([2, 3], 'x', 'q', 'before')]))).toMatch(/names an event that was not reported/);
  });
});
