import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDelta, delta } from '../../src/ui/delta.ts';

const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b', null), fc.array(tie('v'), { maxLength: 12 }), fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('v'), { maxKeys: 3 })),
})).v;

describe('deltas between the states of consecutive steps', () => {
  it('rebuild the next value from the previous one', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const d = delta(a, b);
        expect(d === undefined ? a : applyDelta(a, d)).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('carry one message delivered and two sent, not the whole network', () => {
    const net = Array.from({ length: 200 }, (_, k) => `M${k} p0→p1`);
    const next = [...net.slice(0, 50), ...net.slice(51), 'N1 p1→p2', 'N2 p1→p3'];
    expect(delta(net, next)).toEqual(['a', [[50, 1, []], [199, 0, ['N1 p1→p2', 'N2 p1→p3']]]]);
  });
});
