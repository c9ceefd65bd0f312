/** The fast fingerprint computes exactly what the reference encoding computes (trace files record fingerprints). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../src/core/fingerprint.ts';
import { referenceHex } from './fingerprint-reference.ts';

/** Plain values as states hold them: nested, sometimes large (8+ entries), sometimes frozen, with Sets and Maps. */
const key = fc.constantFrom('a', 'b', 'c', 'rm', 'tm', 'msgs', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', '0', '10', 'zz', 'é');
const leaf = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 5 }),
  fc.string({ minLength: 60, maxLength: 80 }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(-0, NaN, Infinity, 2 ** 31, -(2 ** 31) - 1),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('set'), tie('map'), tie('frozen')),
  array: fc.array(tie('value'), { maxLength: 12 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 12 }),
  set: fc.array(tie('value'), { maxLength: 10 }).map((xs) => new Set(xs)),
  map: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 10 }).map((xs) => new Map(xs)),
  frozen: fc.oneof(tie('array'), tie('object')).map((x) => Object.freeze(x)),
}));

describe('fingerprint stability', () => {
  it('agrees with the reference encoding on random plain values', () => {
    fc.assert(
      fc.property(value, (v) => {
        const fast = fingerprintHex(v);
        // twice: the second time parts may come from the memo
        expect(fingerprintHex(v)).toBe(fast);
        expect(fast).toBe(referenceHex(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on states that share frozen subtrees, as successor states do', () => {
    const rms = Object.freeze(Array.from({ length: 10 }, (_, i) => Object.freeze({ id: i, state: 'working' as string, log: Object.freeze([i, i + 1]) })));
    let s: unknown = Object.freeze({ rms, tm: 'init', msgs: new Set(['a', 'b']) });
    for (let i = 0; i < 10; i++) {
      const copy = rms.slice();
      copy[i] = Object.freeze({ ...rms[i], state: 'prepared' as string });
      s = Object.freeze({ ...(s as object), rms: Object.freeze(copy), step: i });
      expect(fingerprintHex(s)).toBe(referenceHex(s));
    }
  });
});
