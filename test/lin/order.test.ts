/** orderBy: the packed native sort and the comparator give the same order (ties by position). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderBy } from '../../properties/linearizability/search/order.ts';

const reference = (keys: number[]) =>
  keys
    .map((k, i) => [k, i])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);

describe('orderBy', () => {
  it('orders integer keys (packed) and any keys (comparator) by key, then position', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60, size: 'max' }), (keys) => {
      expect(Array.from(orderBy(keys))).toEqual(reference(keys));
    }), { seed: 3 });
    fc.assert(fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { maxLength: 60, size: 'max' }), (keys) => {
      expect(Array.from(orderBy(keys))).toEqual(reference(keys));
    }), { seed: 4 });
    expect(Array.from(orderBy([3, 1, Infinity, 1]))).toEqual([1, 3, 0, 2]);
  });
});
