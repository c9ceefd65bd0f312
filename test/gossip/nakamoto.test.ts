/**
 * Nakamoto's double-spend race (specs/nakamoto/nakamoto-double-spend.yaml) against its analytic
 * value. Each mining round the honest miner finds a block with probability p and the attacker
 * with probability q, independently; a block is known everywhere before the next round (the
 * interval is longer than the delay), so the race is the random walk D = honest − attacker
 * length, +1 with probability p(1 − q), −1 with q(1 − p), started at D = k. B is reverted when
 * D reaches −1 (the attacker strictly ahead), and the attacker gives up at D = giveUp: the
 * gambler's ruin, cut off after the rounds mined. The exact value on the protocol's state graph
 * must be that number, and the estimate's interval must hold it.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEstimate } from '../../src/spec/estimate.ts';

const SPEC = join(resolve(import.meta.dirname, '../..'), 'specs/nakamoto/nakamoto-double-spend.yaml');

/** P(the walk from k hits −1 before giveUp within `rounds` steps). */
function ruin(p: number, q: number, k: number, giveUp: number, rounds: number): number {
  const up = p * (1 - q), down = q * (1 - p);
  let dist = new Map<number, number>([[k, 1]]);
  let reverted = 0;
  for (let r = 0; r < rounds; r++) {
    const next = new Map<number, number>();
    for (const [d, m] of dist) {
      for (const [step, pr] of [[1, up], [-1, down], [0, 1 - up - down]] as const) {
        const e = d + step;
        if (e < 0) reverted += m * pr;
        else if (e < giveUp) next.set(e, (next.get(e) ?? 0) + m * pr);
      }
    }
    dist = next;
  }
  return reverted;
}

describe('the double-spend race', () => {
  it('the walk: with no end its ruin is the closed form, and (q(1−p)/p(1−q))^(k+1) with no give-up either', () => {
    const r = (0.4 * 0.4) / (0.6 * 0.6);
    expect(ruin(0.6, 0.4, 2, 4, 2000)).toBeCloseTo((r ** 3 - r ** 5) / (1 - r ** 5), 10);
    expect(ruin(0.6, 0.4, 2, 200, 20000)).toBeCloseTo(r ** 3, 6);
  });

  it("the exact value on the protocol's state graph is the walk's, and the estimate's interval holds it", async () => {
    for (const [k, rounds] of [[1, 8], [2, 12]]) {
      const o = await runEstimate(SPEC, { overrides: [`params.k=${k}`, `params.rounds=${rounds}`], settings: { runs: 2000 } });
      const m = o.metrics.find((x) => x.name === 'reverted')!;
      const analytic = ruin(0.6, 0.4, k, 4, rounds);
      expect((m.exact as { value: number }).value).toBeCloseTo(analytic, 10);
      expect(m.interval.low).toBeLessThanOrEqual(analytic);
      expect(m.interval.high).toBeGreaterThanOrEqual(analytic);
    }
  });

  it('a deeper block is reverted less often', async () => {
    const at = async (k: number) => (await runEstimate(SPEC, { overrides: [`params.k=${k}`, 'params.rounds=12'], settings: { runs: 10, exact: true } })).metrics[0].exact as { value: number };
    const [one, two, three] = [await at(1), await at(2), await at(3)];
    expect(one.value).toBeGreaterThan(two.value);
    expect(two.value).toBeGreaterThan(three.value);
  });
});
