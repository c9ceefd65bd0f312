/**
 * The checker's state counts on majority-ack URB against a count made without exploring
 * (bench/reach/urb-states.ts: a state of that model is fixed by who relayed, whom each process
 * heard from and who crashed): the plain search must find exactly those states, and the search
 * under symmetry exactly one per class of renamings of p1..p(N-1), the classes counted by
 * Burnside's lemma. The same counts give the 384 million states of N = 5, f = 2.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec } from '../../src/spec/run.ts';
import { urbClasses, urbStates } from '../../bench/reach/urb-states.ts';

const root = join(import.meta.dirname, '../..');
const plain = join(root, 'bench/reach/urb-n5-f2.yaml');
const renamed = join(root, 'test/symmetry/fixtures/urb-pids.yaml');

const sizes: [number, number][] = [
  [3, 0],
  [3, 1],
  [4, 0],
  [4, 1],
];

describe('URB state counts against a count made without the checker', () => {
  it('the count itself, at the sizes the suite explores and at N = 5, f = 2', () => {
    expect(sizes.map(([n, f]) => Number(urbStates(n, f)))).toEqual([275, 1100, 39707, 198535]);
    expect(urbStates(5, 2)).toBe(384197168n);
    expect(urbClasses(5, 2)).toBe(16170527n);
  });

  for (const [n, f] of sizes) {
    it(`N = ${n}, f = ${f}: every state found, once; under symmetry, one per class`, async () => {
      const overrides = [`processes=${n}`, `faults.max=${f}`];
      const full = await runSpec(plain, { overrides });
      expect(full.result.verdict).toBe('ok');
      expect(full.result.limit).toBeUndefined();
      expect(full.result.stats.distinct).toBe(Number(urbStates(n, f)));
      const reduced = await runSpec(renamed, { overrides });
      expect(reduced.result.verdict).toBe('ok');
      expect(reduced.result.limit).toBeUndefined();
      expect(reduced.result.stats.distinct).toBe(Number(urbClasses(n, f)));
      expect(reduced.result.stats.represented).toBe(Number(urbStates(n, f)));
    }, 60_000);
  }
});
