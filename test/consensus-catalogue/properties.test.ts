// same-outputs and the group membership properties on small hand-made histories.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { propertyDefs } from '../../properties/index.ts';
import { sameOutputs } from '../../properties/consensus/replication.ts';
import { viewAccuracy, viewAgreement, viewCompleteness, viewMonotonicity } from '../../properties/membership/properties.ts';

const crash: HistoryEvent = { k: 'crash' };
const out = (v: number): HistoryEvent => ({ k: 'indication', v: { type: 'output', v } });
const view = (id: number, members: number[]): HistoryEvent => ({ k: 'indication', v: { type: 'view', id, members } });

function history(...procs: HistoryEvent[][]): History {
  const down = (p: number) => procs[p].some((e) => e.k === 'crash');
  return {
    n: procs.length,
    events: (p) => procs[p],
    isDown: down,
    correct: () => procs.map((_, p) => p).filter((p) => !down(p)),
    faulty: () => procs.map((_, p) => p).filter(down),
    roleOf: () => 'process',
    state: () => null,
  };
}

function check(def: PropertyDef, h: History, params: Record<string, unknown> = {}): string | null {
  return def.make({ ...def.params, ...params }, { n: h.n, roles: ['process'], roleOf: () => 'process' })(h);
}

describe('the registry', () => {
  it('names the new properties', () => {
    expect(propertyDefs['same-outputs']).toBe(sameOutputs);
    expect(propertyDefs['view-monotonicity']).toBe(viewMonotonicity);
    expect(propertyDefs['view-agreement']).toBe(viewAgreement);
    expect(propertyDefs['view-completeness']).toBe(viewCompleteness);
    expect(propertyDefs['view-accuracy']).toBe(viewAccuracy);
    expect([sameOutputs, viewMonotonicity, viewAgreement, viewAccuracy].map((d) => d.kind)).toEqual(['safety', 'safety', 'safety', 'safety']);
    expect(viewCompleteness.kind).toBe('liveness');
  });
});

describe('same-outputs', () => {
  it('holds when one replica is behind the other', () => {
    expect(check(sameOutputs, history([out(5), out(6)], [out(5)], []))).toBeNull();
  });

  it('fails at the first output that differs, and says where', () => {
    expect(check(sameOutputs, history([out(5), out(6)], [out(1), out(5)], []))).toBe('p0 output 5, 6 but p1 output 1, 5: output 1 differs');
    expect(check(sameOutputs, history([out(5), out(6)], [out(5), out(7)], []))).toMatch(/output 2 differs/);
  });

  it('counts crashed replicas unless uniform is false', () => {
    const h = history([out(5), crash], [out(1)], []);
    expect(check(sameOutputs, h)).toMatch(/p0 output 5 but p1 output 1/);
    expect(check(sameOutputs, h, { uniform: false })).toBeNull();
  });

  it('reads the indication and field named', () => {
    const h = history([{ k: 'indication', v: { type: 'result', value: 1 } }], [{ k: 'indication', v: { type: 'result', value: 2 } }], []);
    expect(check(sameOutputs, h)).toBeNull();
    expect(check(sameOutputs, h, { indication: 'result', value: 'value' })).toMatch(/output 1 differs/);
  });
});

describe('group membership', () => {
  it('monotonicity: ids grow and members shrink', () => {
    expect(check(viewMonotonicity, history([view(1, [0, 1]), view(2, [1])], [], []))).toBeNull();
    expect(check(viewMonotonicity, history([view(2, [0, 1]), view(1, [1])], [], []))).toBe('p0 installed (2, {p0, p1}) and then (1, {p1})');
    expect(check(viewMonotonicity, history([view(1, [1, 2]), view(2, [0, 1])], [], []))).toMatch(/p0 installed \(1, \{p1, p2\}\) and then \(2, \{p0, p1\}\)/);
  });

  it('agreement: one membership per view id, among all processes unless uniform is false', () => {
    expect(check(viewAgreement, history([view(1, [1, 2])], [view(1, [2, 1])], [view(1, [1, 2])]))).toBeNull();
    const h = history([crash], [view(1, [1, 2]), crash], [view(1, [0, 2])]);
    expect(check(viewAgreement, h)).toBe('p1 installed (1, {p1, p2}) but p2 installed (1, {p0, p2})');
    expect(check(viewAgreement, h, { uniform: false })).toBeNull();
  });

  it('accuracy: only crashed processes are excluded', () => {
    expect(check(viewAccuracy, history([crash], [view(1, [1, 2])], [view(1, [1, 2])]))).toBeNull();
    expect(check(viewAccuracy, history([], [view(1, [1, 2])], []))).toBe('p1 installed (1, {p1, p2}), which excludes p0, but p0 has not crashed');
  });

  it('completeness: every correct process ends in a view without the crashed ones', () => {
    expect(check(viewCompleteness, history([crash], [view(1, [1, 2])], [view(1, [1, 2])]))).toBeNull();
    expect(check(viewCompleteness, history([], [], []))).toBeNull();
    expect(check(viewCompleteness, history([crash], [view(1, [1, 2])], []))).toBe('p0 crashed but correct p2 never installs a view');
    expect(check(viewCompleteness, history([crash], [crash], [view(1, [1, 2])]))).toBe('p1 crashed but correct p2 still has it in its view (1, {p1, p2})');
  });
});
