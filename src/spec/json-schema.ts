/**
 * The JSON Schema of a spec file, generated from the schema loadSpec reads specs with
 * (spec.ts), so that an editor (yaml-language-server's `# yaml-language-server: $schema=...`)
 * and CI check what protocheck checks. `npm run schema` writes it to schema/spec.schema.json;
 * test/cli/json-schema.test.ts holds the committed file to this. What it cannot say is checked
 * by loadSpec alone: what names a process must name one that exists, a property's parameters,
 * a module's exports.
 */
import type { JsonSchema } from '../schema/schema.ts';
import { PROTOCOL_KEYS, specSchema } from './spec.ts';

/** Every schema of a spec has its JSON form: a missing one is a spec reader added without it. */
function complete(json: unknown, path: string): void {
  if (json === undefined) throw new Error(`the spec schema has no JSON form at ${path || 'the top'}: give that Schema a json`);
  if (Array.isArray(json)) json.forEach((j, i) => complete(j, `${path}[${i}]`));
  else if (json && typeof json === 'object') for (const [k, v] of Object.entries(json)) complete(v, path ? `${path}.${k}` : k);
}

export function specJsonSchema(): JsonSchema {
  const body = specSchema.json;
  complete(body, '');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'protocheck spec',
    description: 'A protocheck spec: a hand-written core Model (model:) or a protocol in a system model (protocol:), its parameters, how to search and what to expect. Generated from src/spec/spec.ts by npm run schema.',
    ...body,
    // exactly one of model: and protocol:, and a model: spec takes none of the system model's keys
    oneOf: [{ required: ['model'] }, { required: ['protocol'] }],
    if: { required: ['model'] },
    then: { not: { anyOf: PROTOCOL_KEYS.map((k) => ({ required: [k] })) } },
  };
}

/** The file's text, as committed: two-space JSON and a final newline. */
export const specJsonSchemaText = (): string => JSON.stringify(specJsonSchema(), null, 2) + '\n';
