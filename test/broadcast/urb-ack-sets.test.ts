/** Majority-ack URB with `ackSets` (acknowledgers kept sorted by pid): the same verdicts as in arrival order, fewer states. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec } from '../../src/spec/run.ts';

const spec = (name: string) => join(import.meta.dirname, '../../specs/broadcast', name);

describe('URB with acknowledgers as sets', () => {
  it('keeps the verdict with fewer states', async () => {
    const arrival = await runSpec(spec('urb.yaml'));
    const sets = await runSpec(spec('urb.yaml'), { overrides: ['params.ackSets=true'] });
    expect(arrival.result.stats.distinct).toBe(4892);
    expect(sets.result.verdict).toBe('ok');
    expect(sets.result.stats.distinct).toBe(1100);
  });

  it('still catches delivery before a majority acknowledged', async () => {
    const early = await runSpec(spec('urb-deliver-early.yaml'), { overrides: ['params.ackSets=true'] });
    expect(early.result.verdict).toBe('violation');
    expect(early.result.violation?.property).toBe('agreement(uniform: true)');
  });
});
