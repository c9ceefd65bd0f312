/** Fingerprints are canonical: equal values hash alike however they were built, different ones do not. */
import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintHex, fp, sameValue, UnserialisableStateError } from '../../src/core/fingerprint.ts';

const h = fingerprintHex;

describe('fingerprint canonicity', () => {
  it('ignores the order in which object keys were added', () => {
    expect(h({ a: 1, b: 'x', c: [true] })).toBe(h({ c: [true], b: 'x', a: 1 }));
    const built: Record<string, unknown> = {};
    for (const k of ['z', 'y', 'x', 'w', 'v', 'u', 't', 's', 'r']) built[k] = k.charCodeAt(0);
    const literal = { r: 114, s: 115, t: 116, u: 117, v: 118, w: 119, x: 120, y: 121, z: 122 };
    expect(h(built)).toBe(h(literal));
  });

  it('hashes Sets and Maps independently of insertion order', () => {
    expect(h(new Set([1, 2, 3]))).toBe(h(new Set([3, 1, 2])));
    expect(h(new Map<unknown, unknown>([['a', 1], [2, { b: 2 }]]))).toBe(h(new Map<unknown, unknown>([[2, { b: 2 }], ['a', 1]])));
    const big = Array.from({ length: 20 }, (_, i) => `m${i}`);
    expect(h({ msgs: new Set(big) })).toBe(h({ msgs: new Set([...big].reverse()) }));
    // but a Map is not a Set of its pairs, and keys and values are not interchangeable
    expect(h(new Map([[1, 2]]))).not.toBe(h(new Map([[2, 1]])));
    expect(h(new Set([1, 2]))).not.toBe(h(new Map([[1, 2]])));
  });

  it('gives equal values built differently the same fingerprint (frozen or not, shared or copied)', () => {
    const shared = Object.freeze(Array.from({ length: 12 }, (_, i) => ({ id: i, ok: i % 2 === 0 })));
    const a = Object.freeze({ xs: shared, n: 1 });
    const b = { n: 1, xs: JSON.parse(JSON.stringify(shared)) };
    expect(h(a)).toBe(h(b));
    // hashing the frozen one twice (the second time from its memo) gives the same result
    expect(h(a)).toBe(h(b));
    expect(h(a)).toBe(h({ ...a }));
    expect(h([1, [2, [3]]])).toBe(h(JSON.parse('[1,[2,[3]]]')));
  });

  it('tells different values apart', () => {
    const values: unknown[] = [
      null, undefined, true, false, 0, 1, -1, 0.5, 2 ** 40, '', '0', '1', 'true', 'null', 1n,
      [], {}, [[]], [{}], [0], [0, 0], { a: 0 }, { b: 0 }, { a: '0' }, { a: [] }, { a: {} },
      new Set(), new Map(), new Set([0]), new Map([[0, 0]]), ['a', 'b'], ['b', 'a'], ['ab'],
      { a: 1, b: 2 }, { a: 2, b: 1 }, [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 9],
    ];
    const seen = new Map<string, unknown>();
    for (const v of values) {
      const k = h(v);
      expect(seen.has(k), `${String(k)} for ${String(v)} and ${String(seen.get(k))}`).toBe(false);
      seen.set(k, v);
    }
    // arrays are ordered
    expect(h([1, 2])).not.toBe(h([2, 1]));
    // one changed element deep inside a large frozen structure changes the fingerprint
    const deep = (x: number) => Object.freeze({ rms: Object.freeze(Array.from({ length: 16 }, (_, i) => Object.freeze({ i, v: i === 7 ? x : 0 }))) });
    expect(h(deep(1))).not.toBe(h(deep(2)));
  });

  it('handles -0, NaN and undefined keys deliberately', () => {
    // -0 and 0 are different numbers (1/x tells them apart), so they are different states
    expect(h(-0)).not.toBe(h(0));
    expect(h({ x: -0 })).not.toBe(h({ x: 0 }));
    // every NaN is the same value
    expect(h(NaN)).toBe(h(0 / 0));
    expect(h([NaN])).toBe(h([Number('x')]));
    // a key holding undefined is the same state as an absent key
    expect(h({ a: 1, b: undefined })).toBe(h({ a: 1 }));
    // but an undefined array element is not a missing one
    expect(h([undefined])).not.toBe(h([]));
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it('writes 64 bits into fp, the same as the hex form', () => {
    fingerprint({ a: [1, 2, 3] });
    const hex = fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
    expect(hex).toBe(h({ a: [1, 2, 3] }));
    expect(hex).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is stable across versions: trace files record these fingerprints', () => {
    // values recorded by the current encoding (traces/*.trace.yaml depend on them)
    const init = { rmState: ['working', 'working', 'working'], tmState: 'init', tmPrepared: [false, false, false], msgs: { prepared: [false, false, false], commit: false, abort: false } };
    expect(h(init)).toBe('2b5fe944b6c47423');
  });
});

describe('unserialisable states', () => {
  function thrown(v: unknown): UnserialisableStateError {
    try {
      fingerprint(v);
    } catch (err) {
      expect(err).toBeInstanceOf(UnserialisableStateError);
      return err as UnserialisableStateError;
    }
    throw new Error('expected fingerprint to throw');
  }

  it('rejects a function and names where it is', () => {
    const e = thrown({ procs: [{ ok: 1 }, { handler: () => 1 }] });
    expect(e.path).toBe('.procs[1].handler');
    expect(e.message).toContain('a function at .procs[1].handler');
  });

  it('rejects a class instance, naming the class', () => {
    class Account {
      balance = 1;
    }
    const e = thrown({ accounts: new Map([['alice', new Account()]]) });
    expect(e.path).toBe('.accounts<value>');
    expect(e.message).toContain('an instance of Account');
    expect(thrown({ when: new Date(0) }).message).toMatch(/an instance of Date .* at \.when$/);
  });

  it('rejects a symbol', () => {
    const e = thrown({ tag: Symbol('x') });
    expect(e.message).toContain('a symbol at .tag');
  });

  it('rejects a cycle instead of looping forever', () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    const e = thrown({ root: o });
    expect(e.message).toMatch(/cycle/);
    expect(e.path.startsWith('.root.self.self')).toBe(true);
  });

  it('recovers after an error: the next fingerprint is right', () => {
    const before = h({ a: [1, 2] });
    thrown({ a: [1, () => 2] });
    expect(h({ a: [1, 2] })).toBe(before);
  });
});
