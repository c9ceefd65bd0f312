// The Byzantine generals with N = 3, f = 1: every rule a lieutenant can follow (a table over the
// commander's order and the relayed one) loses agreement against a traitorous commander or a
// traitorous lieutenant; with N = 4 the majority rule keeps it against either.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSpec } from '../../src/spec/run.ts';

const spec = (name: string) => join(import.meta.dirname, '../../specs/byzantine', name);
const RULES = Array.from({ length: 16 }, (_, i) => [0, 1, 2, 3].map((b) => ((i >> (3 - b)) & 1 ? 'b' : 'a')).join(''));

async function agreementFails(rule: string, traitor: 0 | 2, order: string): Promise<boolean> {
  const overrides = [`rule=${rule}`, `faults.processes=[${traitor}]`, `workload=[{ process: 0, request: { type: propose, v: ${order} } }]`];
  const o = await runSpec(spec('generals.yaml'), { overrides });
  return o.result.verdict === 'violation' && o.result.violation!.property === 'byzantine-consensus-agreement';
}

describe('the Byzantine generals', () => {
  it('N = 3: each of the 16 rules loses agreement in some scenario', async () => {
    for (const rule of RULES) {
      const scenarios = [agreementFails(rule, 0, 'a'), agreementFails(rule, 2, 'a'), agreementFails(rule, 2, 'b')];
      expect((await Promise.all(scenarios)).some(Boolean), `rule ${rule}`).toBe(true);
    }
  });

  it('N = 4: the majority rule keeps agreement with a traitorous commander or lieutenant', async () => {
    for (const traitor of [0, 3]) {
      const o = await runSpec(spec('generals-n4.yaml'), { overrides: [`faults.processes=[${traitor}]`] });
      expect(o.result.verdict, `traitor p${traitor}`).toBe('ok');
    }
  });
});
