// The Byzantine property families on small hand-made histories: judged over the correct
// processes, with what a Byzantine process did left out.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { propertyDefs } from '../../properties/index.ts';

const req = (type: string, v: Record<string, unknown> = {}): HistoryEvent => ({ k: 'request', v: { type, ...v } });
const ind = (type: string, v: Record<string, unknown> = {}): HistoryEvent => ({ k: 'indication', v: { type, ...v } });
const deliver = (src: number, m: string) => ind('deliver', { src, m });
const decide = (v: string) => ind('decide', { v });

function history(byz: number[], ...procs: HistoryEvent[][]): History {
  return {
    n: procs.length,
    events: (p) => procs[p],
    isDown: () => false,
    correct: () => procs.map((_, p) => p).filter((p) => !byz.includes(p)),
    faulty: () => [],
    byzantine: () => byz,
    roleOf: () => 'process',
    state: () => null,
  };
}

function check(name: string, h: History, params: Record<string, unknown> = {}): string | null {
  const def: PropertyDef = propertyDefs[name];
  return def.make({ ...def.params, ...params }, { n: h.n, roles: ['process'], roleOf: () => 'process' })(h);
}

describe('Byzantine broadcast', () => {
  it('consistency: correct processes deliver one value per sender; a Byzantine one may "deliver" anything', () => {
    expect(check('byzantine-consistency', history([2], [deliver(3, 'a')], [deliver(3, 'a')], [deliver(3, 'b')], []))).toBeNull();
    expect(check('byzantine-consistency', history([3], [deliver(3, 'a')], [deliver(3, 'b')], [], []))).toBe('correct p0 delivered "a" but correct p1 delivered "b" in the instance of p3');
  });

  it('integrity holds for Byzantine senders and binds correct ones', () => {
    expect(check('byzantine-integrity', history([3], [deliver(3, 'z')], [], [], []))).toBeNull();
    expect(check('byzantine-integrity', history([3], [req('broadcast', { m: 'a' })], [deliver(0, 'b')], [], []))).toBe('correct p1 delivered "b" from correct p0, which never broadcast it');
  });

  it('no duplication: one delivery per instance', () => {
    expect(check('byzantine-no-duplication', history([3], [deliver(3, 'a'), deliver(3, 'b')], [], [], []))).toMatch(/^correct p0 delivered twice/);
    expect(check('byzantine-no-duplication', history([3], [deliver(3, 'a'), deliver(1, 'b')], [], [], []))).toBeNull();
  });

  it('validity and totality wait on the correct processes only', () => {
    expect(check('byzantine-validity', history([2], [req('broadcast', { m: 'a' }), deliver(0, 'a')], [deliver(0, 'a')], []))).toBeNull();
    expect(check('byzantine-validity', history([2], [req('broadcast', { m: 'a' }), deliver(0, 'a')], [], []))).toBe('correct p0 broadcast "a" but correct p1 never delivered it');
    expect(check('byzantine-totality', history([3], [deliver(3, 'a')], [deliver(3, 'b')], [], []))).toMatch(/^correct p0 delivered "a" in the instance of p3 but correct p2 never delivers there/);
  });
});

describe('Byzantine consensus', () => {
  it('agreement and integrity over correct processes', () => {
    expect(check('byzantine-consensus-agreement', history([2], [decide('a')], [decide('a')], [decide('b')]))).toBeNull();
    expect(check('byzantine-consensus-agreement', history([2], [decide('a')], [decide('b')], []))).toBe('correct p0 decided "a" but correct p1 decided "b"');
    expect(check('byzantine-consensus-integrity', history([2], [decide('a'), decide('a')], [], []))).toMatch(/decided twice/);
  });

  it('strong validity: same proposals fix the decision; otherwise a correct proposal or bottom', () => {
    const propose = (v: string) => req('propose', { v });
    expect(check('strong-byzantine-validity', history([2], [propose('a'), decide('b')], [propose('a')], [propose('b')]))).toBe('every correct process proposed "a" but correct p0 decided "b"');
    expect(check('strong-byzantine-validity', history([2], [propose('a'), decide('c')], [propose('b')], [propose('c')]))).toBe('correct p0 decided "c", which no correct process proposed');
    expect(check('strong-byzantine-validity', history([2], [propose('a'), decide('⊥')], [propose('b')], []), { bottom: '⊥' })).toBeNull();
  });

  it('weak validity is vacuous with a Byzantine process', () => {
    const propose = (v: string) => req('propose', { v });
    expect(check('weak-byzantine-validity', history([2], [propose('a'), decide('b')], [propose('a')], []))).toBeNull();
    expect(check('weak-byzantine-validity', history([], [propose('a'), decide('b')], [propose('a')]))).toBe('every process proposed "a" but p0 decided "b"');
  });

  it('termination waits for every correct process', () => {
    expect(check('byzantine-termination', history([2], [decide('a')], [], []))).toBe('correct p1 never decides');
  });
});

describe('Byzantine registers', () => {
  it('judges the reads of correct processes only, and their termination', () => {
    const w: HistoryEvent = { k: 'request', v: { type: 'write', v: 'a' }, before: [0, 0, 0] };
    const r: HistoryEvent = { k: 'request', v: { type: 'read' }, before: [1, 0, 0] };
    const stale = history([2], [w, ind('respond')], [r, ind('respond', { v: null })], [r, ind('respond', { v: 'zz' })]);
    expect(check('byzantine-regular', stale)).toMatch(/^p1 read\(\) -> nil/);
    const fresh = history([2], [w, ind('respond')], [r, ind('respond', { v: 'a' })], [r, ind('respond', { v: 'zz' })]);
    expect(check('byzantine-regular', fresh)).toBeNull();
    expect(check('byzantine-safe', fresh)).toBeNull();
    expect(check('byzantine-register-termination', history([2], [w], [], [r]))).toBe('correct p0 issued 1 operation(s) but only 0 returned');
  });
});
