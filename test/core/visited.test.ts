/** The visited set: 64-bit fingerprints to dense ids, with parent links, past many rehashes. */
import { describe, expect, it } from 'vitest';
import { VisitedSet } from '../../src/core/visited.ts';

/** A cheap deterministic stream of 64-bit keys (splitmix-like), two 32-bit halves. */
function keys(n: number, seed = 1): [number, number][] {
  const out: [number, number][] = [];
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    out.push([(z ^ (z >>> 16)) >>> 0, (Math.imul(x, 0x27d4eb2d) ^ i) >>> 0]);
  }
  return out;
}

describe('VisitedSet', () => {
  it('adds, finds, and refuses duplicates', () => {
    const v = new VisitedSet(4);
    expect(v.add(1, 2, -1, 0)).toBe(0);
    expect(v.add(3, 4, 0, 5)).toBe(1);
    expect(v.add(1, 2, 1, 7)).toBe(-1);
    expect(v.size).toBe(2);
    expect(v.find(1, 2)).toBe(0);
    expect(v.find(3, 4)).toBe(1);
    expect(v.find(4, 3)).toBe(-1);
    // the duplicate did not overwrite the first parent link
    expect(v.parentOf(0)).toBe(-1);
    expect(v.choiceOf(1)).toBe(5);
  });

  it('keeps the all-zero fingerprint and the halves as unsigned 32-bit words', () => {
    const v = new VisitedSet(4);
    const id = v.add(0, 0, -1, 0);
    expect(id).toBe(0);
    expect(v.add(0, 0, -1, 0)).toBe(-1);
    expect(v.find(0, 0)).toBe(0);
    // a negative int32 and its unsigned form are the same word
    const id2 = v.add(-1, -2, 0, 1);
    expect(v.find(0xffffffff, 0xfffffffe)).toBe(id2);
  });

  it('grows past many rehashes without losing or duplicating a key', () => {
    const v = new VisitedSet(16);
    const ks = keys(300_000);
    let wrong = 0;
    for (let i = 0; i < ks.length; i++) if (v.add(ks[i][0], ks[i][1], i - 1, i & 0xff) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(v.size).toBe(ks.length);
    // 16 slots to at least 2^19 is 15 doublings
    expect(v.bytes).toBeGreaterThan(300_000 * 8);
    for (let i = 0; i < ks.length; i++) if (v.find(ks[i][0], ks[i][1]) !== i) wrong++;
    for (let i = 0; i < ks.length; i += 7) if (v.add(ks[i][0], ks[i][1], 0, 0) !== -1) wrong++;
    expect(wrong).toBe(0);
    expect(v.size).toBe(ks.length);
    // keys never added are absent
    for (const [hi, lo] of keys(1000, 77)) if (v.find(hi, lo) !== -1) wrong++;
    expect(wrong).toBe(0);
    expect(v.parentOf(123_456)).toBe(123_455);
    expect(v.choiceOf(123_456)).toBe(123_456 & 0xff);
  });

  it('rebuilds the path of choices from an initial state', () => {
    const v = new VisitedSet();
    const root = v.add(10, 10, -1, 2); // initial state #2
    const a = v.add(11, 11, root, 0);
    const b = v.add(12, 12, a, 3);
    const c = v.add(13, 13, b, 1);
    const side = v.add(14, 14, root, 4);
    expect(v.pathTo(c)).toEqual([2, 0, 3, 1]);
    expect(v.pathTo(side)).toEqual([2, 4]);
    expect(v.pathTo(root)).toEqual([2]);
  });
});
