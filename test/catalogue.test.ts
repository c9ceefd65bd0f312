// Every spec in specs/ carries its expected verdict; the suite checks the whole catalogue.
// A broken variant that the checker stops catching fails here.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runSpec } from '../src/spec/run.ts';

const root = join(import.meta.dirname, '..');

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? specFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

const files = specFiles(join(root, 'specs')).sort();

describe('the catalogue', () => {
  it('has broken variants beside correct ones', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  for (const file of files) {
    it(relative(root, file), async () => {
      const o = await runSpec(file);
      expect(o.spec.expect, 'every spec states its expected verdict').toBeDefined();
      expect(o.expectation?.differences).toEqual([]);
      expect(o.result.verdict).toBe(o.spec.expect!.verdict);
      if (o.result.verdict === 'violation') {
        // a counterexample is a replayable trace that ends in the violation
        expect(o.trace).toBeDefined();
        expect(o.trace!.property).toBe(o.result.violation!.property);
        expect(o.trace!.steps.length).toBeGreaterThan(1);
      }
    });
  }
});
