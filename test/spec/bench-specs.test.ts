/**
 * The specs under bench/ take from seconds to minutes each, so the suite does not run them
 * (bench/README.md gives their figures); it holds them to the schema, the references across
 * keys and their models (protocol, parameters, properties) being buildable, and to an
 * expected verdict each.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const root = join(import.meta.dirname, '../..');
const dirs = ['bench/byzantine', 'bench/lessons', 'bench/reach'];
const files = dirs.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(root, d, f))).sort();

describe('the bench specs', () => {
  it('are there', () => {
    expect(files.filter((f) => f.includes('bench/reach/')).length).toBe(3);
  });

  for (const file of files) {
    it(`${relative(root, file)} loads and builds`, async () => {
      const spec = loadSpec(file);
      expect(spec.expect?.verdict).toBeDefined();
      const built = await buildModel(spec);
      expect(built.model.initialStates().length).toBeGreaterThan(0);
    });
  }
});
