/**
 * The measured-quality metrics on hand-made runs: coverage and its kin count a process that
 * joined again (churn) by what its new incarnation delivered, traffic can count one message
 * type, times are since a process last joined; and the metrics beside the catalogue's specs
 * (probabilistic broadcast's validity message by message, Nakamoto's reverted block).
 */
import { describe, expect, it } from 'vitest';
import { complete, coverage, residue, t95, tAvg, tLast, traffic } from '../../properties/metrics/metrics.ts';
import type { History, HistoryEvent } from '../../src/system/history.ts';
import type { MetricDef, RunRecord } from '../../src/system/metric.ts';
import { everyone } from '../../specs/gossip/pb-metrics.ts';
import { revertedB } from '../../specs/nakamoto/nakamoto-metrics.ts';

const deliver = (m = 'a'): HistoryEvent => ({ k: 'indication', v: { type: 'deliver', src: 0, m } });
const LEAVE: HistoryEvent = { k: 'leave' };
const JOIN: HistoryEvent = { k: 'join' };

function history(events: HistoryEvent[][], opts: { down?: number[]; states?: unknown[]; roles?: string[] } = {}): History {
  const n = events.length;
  const down = new Set(opts.down ?? []);
  return {
    n,
    events: (p) => events[p],
    isDown: (p) => down.has(p),
    correct: () => events.map((_, p) => p).filter((p) => !down.has(p)),
    faulty: () => [],
    roleOf: (p) => opts.roles?.[p] ?? 'process',
    state: (p) => opts.states?.[p] ?? null,
  };
}

function run(h: History, o: { first?: (number | undefined)[]; sent?: Record<string, number> } = {}): RunRecord {
  const sent = o.sent ?? {};
  return {
    n: h.n,
    history: h,
    steps: 10,
    time: 5,
    ended: 'quiescent',
    firstTimes: (type) => (type === 'deliver' ? (o.first ?? []) : []),
    sent: Object.values(sent).reduce((a, b) => a + b, 0),
    sentBy: () => 0,
    sentOf: (type) => sent[type] ?? 0,
  };
}

const measure = (def: MetricDef, r: RunRecord, params: Record<string, unknown> = {}) => def.make({ ...def.params, ...params }, { n: r.n, roles: ['process'], roleOf: () => 'process' })(r);

describe('metrics on hand-made runs', () => {
  // p0 and p1 delivered; p2 delivered, left and joined again (its new incarnation did not); p3 is down
  const h = history([[deliver()], [deliver()], [deliver(), LEAVE, JOIN], []], { down: [3] });
  const r = run(h, { first: [0, 2, undefined, undefined], sent: { RUMOUR: 6, FEEDBACK: 2 } });

  it('coverage, residue and complete count the processes up at the end, a rejoined one by its new incarnation', () => {
    expect(measure(coverage, r)).toBeCloseTo(2 / 3, 12);
    expect(measure(residue, r)).toBeCloseTo(1 / 3, 12);
    expect(measure(complete, r)).toBe(false);
    expect(measure(coverage, run(history([[deliver()], [deliver(), LEAVE, JOIN, deliver()]])))).toBe(1);
    // within 1 tick: only p0 (at 0)
    expect(measure(coverage, r, { within: 1 })).toBeCloseTo(1 / 3, 12);
  });

  it('times are over the processes that delivered; the time to reach all needs a run that reached all', () => {
    expect(measure(tAvg, r)).toBe(1);
    expect(measure(tLast, r)).toBeUndefined();
    expect(measure(t95, r)).toBeUndefined();
    const all = run(history([[deliver()], [deliver()]]), { first: [0, 3] });
    expect(measure(tLast, all)).toBe(3);
    expect(measure(t95, all)).toBe(3);
  });

  it('traffic: every message, or one type, per process', () => {
    expect(measure(traffic, r)).toBe(2);
    expect(measure(traffic, r, { message: 'RUMOUR' })).toBe(1.5);
    expect(measure(traffic, r, { message: 'PULL' })).toBe(0);
  });

  it("probabilistic broadcast's validity, message by message", () => {
    const pb = run(history([[deliver('a'), deliver('b')], [deliver('b')], [deliver('a'), deliver('b')]]));
    expect(measure(everyone, pb, { m: 'a' })).toBe(false);
    expect(measure(everyone, pb, { m: 'b' })).toBe(true);
    expect(everyone.atEnd!({ ...everyone.params, m: 'b' }, { n: 3, roles: ['process'], roleOf: () => 'process' })(pb.history)).toBe(true);
  });

  it("Nakamoto: B is reverted when an honest miner's final chain lacks it", () => {
    const roles = ['miner', 'attacker'];
    const kept = run(history([[], []], { roles, states: [{ chain: ['B', 'b2', 'p0.3'] }, { chain: ['a.1'] }] }));
    const lost = run(history([[], []], { roles, states: [{ chain: ['a.1', 'a.2', 'a.3', 'p0.4'] }, { chain: [] }] }));
    expect(measure(revertedB, kept)).toBe(false);
    expect(measure(revertedB, lost)).toBe(true);
  });
});
