// The two generals for every k the spec can express: agreement with termination fails, and
// the shortest counterexample is the last-message argument: only message k is lost.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSpec } from '../../src/spec/run.ts';

const SPEC = join(import.meta.dirname, '../../specs/impossibility/two-generals.yaml');

describe('two generals', () => {
  for (const k of [0, 1, 2, 3, 4, 5, 6]) {
    it(`with k = ${k} messages, the generals disagree once ${k ? `message ${k} is lost` : 'B hears nothing'}`, async () => {
      const o = await runSpec(SPEC, { overrides: [`k=${k}`] });
      expect(o.result.verdict).toBe('violation');
      expect(o.result.violation!.property).toBe('consensus-agreement');
      const drops = o.trace!.steps.map((s) => s.action).filter((a) => a.startsWith('drop'));
      expect(drops).toEqual(k ? [`drop MSG(i=${k}) p${k % 2 ? 0 : 1}→p${k % 2 ? 1 : 0}`] : []);
    });
  }
});
