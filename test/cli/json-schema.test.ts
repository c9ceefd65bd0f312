/**
 * schema/spec.schema.json, the JSON Schema an editor or CI checks specs with: it is what the
 * spec reader's schema generates (so the two cannot drift), every catalogue spec satisfies it,
 * and specs that loadSpec rejects for their shape it rejects too.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SpecError } from '../../src/schema/schema.ts';
import { specJsonSchemaText } from '../../src/spec/json-schema.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const REPO = resolve(import.meta.dirname, '../..');
const committed = readFileSync(join(REPO, 'schema/spec.schema.json'), 'utf8');
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(committed));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('the spec JSON Schema', () => {
  it('is what the spec reader generates (npm run schema writes it)', () => {
    expect(committed).toBe(specJsonSchemaText());
  });

  const specs = yamlFiles(join(REPO, 'specs')).sort();
  it('covers the catalogue', () => expect(specs.length).toBeGreaterThan(100));
  for (const file of specs) {
    it(`accepts ${file.slice(REPO.length + 1)}`, () => {
      const ok = validate(parse(readFileSync(file, 'utf8')));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  const model = join(REPO, 'specs/two-phase/two-phase.ts');
  const bad: [string, string][] = [
    ['an unknown key', `model: ${model}\nchecks:\n  maxStates: 10\n`],
    ['a word for a number', `model: ${model}\ncheck:\n  maxStates: many\n`],
    ['a number below its minimum', `model: ${model}\ncheck:\n  maxMemory: 8\n`],
    ['a strategy it does not know', `model: ${model}\ncheck:\n  strategy: sideways\n`],
    ['neither model nor protocol', `params: { RM: 3 }\n`],
    ['both model and protocol', `model: ${model}\nprotocol: ${model}\n`],
    ['a model spec with a system key', `model: ${model}\nprocesses: 3\n`],
    ['an expectation without a verdict', `model: ${model}\nexpect:\n  states: 288\n`],
    ['a bound that is not one', `model: ${model}\nexpect:\n  verdict: ok\n  metrics: { delivered: 'at least 0.9' }\n`],
    ['a network that is not a preset', `protocol: ${model}\nnetwork: telepathy\n`],
    ['a workload item without its process', `protocol: ${model}\nworkload:\n  - request: { type: broadcast }\n`],
    ['a property entry naming two properties', `protocol: ${model}\nproperties:\n  - { agreement: {}, validity: {} }\n`],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-schema-'));
  for (const [what, text] of bad) {
    it(`rejects ${what}, as loadSpec does`, () => {
      expect(validate(parse(text))).toBe(false);
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, text);
      expect(() => loadSpec(file)).toThrow(SpecError);
    });
  }
});
