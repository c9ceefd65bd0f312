/**
 * The consensus properties on histories made by hand: values compare as their JSON texts do
 * (so equal objects made apart are one value, and so are NaN and null), which the properties'
 * shortcut for strings and booleans must keep.
 */
import { describe, expect, it } from 'vitest';
import { consensusAgreement, consensusIntegrity, consensusValidity } from '../../properties/consensus/properties.ts';
import type { History, HistoryEvent } from '../../src/system/history.ts';

function history(perProcess: HistoryEvent[][]): History {
  const all = perProcess.map((_, p) => p);
  return {
    n: perProcess.length,
    events: (p) => perProcess[p],
    isDown: () => false,
    correct: () => all,
    faulty: () => [],
    roleOf: () => 'process',
    state: () => null,
  };
}

const propose = (v: unknown): HistoryEvent => ({ k: 'request', v: { type: 'propose', v } });
const decide = (v: unknown): HistoryEvent => ({ k: 'indication', v: { type: 'decide', v } });
const info = { n: 2, roles: ['process', 'process'] } as never;
const check = (def: typeof consensusValidity, h: History) => def.make({ ...def.params }, info)(h);

describe('consensus properties', () => {
  it('validity: a decided value must have been proposed, compared as JSON', () => {
    expect(check(consensusValidity, history([[propose('x'), decide('x')], [propose('y')]]))).toBeNull();
    expect(check(consensusValidity, history([[propose('x')], [propose('y'), decide('x')]]))).toBeNull();
    expect(check(consensusValidity, history([[propose('x'), decide('z')], [propose('y')]]))).toBe('p0 decided "z", which no process proposed');
    expect(check(consensusValidity, history([[propose(1)], [decide('1')]]))).toBe('p1 decided "1", which no process proposed');
    expect(check(consensusValidity, history([[propose({ a: 1, b: [2] })], [decide({ a: 1, b: [2] })]]))).toBeNull();
    expect(check(consensusValidity, history([[propose({ a: 1 })], [decide({ a: 2 })]]))).toBe('p1 decided {"a":2}, which no process proposed');
    expect(check(consensusValidity, history([[propose(true)], [decide(false)]]))).toBe('p1 decided false, which no process proposed');
    expect(check(consensusValidity, history([[propose(null)], [decide(Number.NaN)]]))).toBeNull();
    expect(check(consensusValidity, history([[], [decide('x')]]))).toBe('p1 decided "x", which no process proposed');
  });

  it('agreement: no two processes decide differently, compared as JSON', () => {
    expect(check(consensusAgreement, history([[decide('x')], [decide('x')]]))).toBeNull();
    expect(check(consensusAgreement, history([[decide({ v: [1] })], [decide({ v: [1] })]]))).toBeNull();
    expect(check(consensusAgreement, history([[decide('x')], [decide('y')]]))).toBe('p0 decided "x" but p1 decided "y"');
    expect(check(consensusAgreement, history([[decide(1)], [decide('1')]]))).toBe('p0 decided 1 but p1 decided "1"');
    expect(check(consensusAgreement, history([[decide(0)], [decide(-0)]]))).toBeNull();
  });

  it('integrity: no process decides twice', () => {
    expect(check(consensusIntegrity, history([[decide('x')], [decide('x')]]))).toBeNull();
    expect(check(consensusIntegrity, history([[decide('x'), decide('x')], []]))).toBe('p0 decided twice: "x" then "x"');
  });
});
