import { describe, expect, it } from 'vitest';
import { freezeDeep } from '../../src/system/freeze.ts';

describe('freezeDeep', () => {
  it('freezes plain objects and arrays all the way down', () => {
    const v = { a: [1, { b: [2, 3] }], c: { d: { e: [] as unknown[] } } };
    expect(freezeDeep(v)).toBe(v);
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.a)).toBe(true);
    expect(Object.isFrozen(v.a[1])).toBe(true);
    expect(Object.isFrozen((v.a[1] as { b: number[] }).b)).toBe(true);
    expect(Object.isFrozen(v.c.d.e)).toBe(true);
    expect(() => (v.a as unknown[]).push(4)).toThrow(TypeError);
  });

  it('does not enter what is frozen already', () => {
    const inner = { x: [1] }; // not frozen, but reached only through a frozen parent
    const frozen = Object.freeze({ inner });
    const v = { frozen, fresh: { y: 1 } };
    freezeDeep(v);
    expect(Object.isFrozen(v.fresh)).toBe(true);
    expect(Object.isFrozen(inner)).toBe(false);
  });

  it('freezes Maps and Sets as immer does, and leaves class instances alone', () => {
    class Box { n = 1; }
    const v = { m: new Map([['k', { z: 1 }]]), s: new Set([1]), box: new Box() };
    freezeDeep(v);
    expect(Object.isFrozen(v.m)).toBe(true);
    expect(() => v.m.set('j', { z: 2 })).toThrow();
    expect(() => v.s.add(2)).toThrow();
    expect(Object.isFrozen(v.box)).toBe(false);
  });

  it('ends on a cycle (it hands deep nesting to immer, which freezes parents first)', () => {
    const a: { next?: unknown; xs: unknown[] } = { xs: [] };
    a.next = { back: a };
    a.xs.push(a);
    freezeDeep(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.next)).toBe(true);
  });

  it('leaves primitives, null and undefined as they are', () => {
    expect(freezeDeep(3)).toBe(3);
    expect(freezeDeep(null)).toBe(null);
    expect(freezeDeep(undefined)).toBe(undefined);
    expect(freezeDeep('s')).toBe('s');
  });
});
