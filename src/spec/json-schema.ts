/**
 * The JSON Schema of a spec file, generated from the schema loadSpec reads specs with
 * (spec.ts), so that an editor (yaml-language-server's `# yaml-language-server: $schema=...`)
 * and CI check what protocheck checks. `npm run schema` writes it to schema/spec.schema.json;
 * test/cli/json-schema.test.ts holds the committed file to this. What it cannot say is checked
 * by loadSpec alone: what names a process must name one that exists, a property's parameters,
 * a module's exports.
 */
import type { JsonSchema } from '../schema/schema.ts';
import { PROTOCOL_KEYS, SPEC_KEYS, specSchema } from './spec.ts';

/** What an editor shows on hovering a spec's key (README, Writing a spec, says more). */
const DESCRIPTIONS: Record<string, string> = {
  name: "The spec's name (default: the file's name), in reports and trace file names.",
  description: 'What the spec shows, in words.',
  model: 'A module exporting a hand-written core Model (defineModel), relative to the spec. A spec names exactly one of model: and protocol:.',
  protocol: 'A module exporting defineProtocol(...), relative to the spec, checked in the system model this spec gives.',
  params: "The module's parameters (its defaults fill in the rest); --set NAME=value overrides one.",
  processes: 'How many processes (default 3), or a count per role: { proposer: 2, acceptor: 3 }.',
  network: 'reliable | fifo | fair-loss | lossy | duplicating, or { preset, ordering, loss, duplication, partitions, maxPartitions }.',
  faults: 'The fault model: { model: none | crash-stop | crash-recovery | byzantine, max, processes, messages }.',
  failureDetector: 'An oracle: none | P | eventually-P | omega, or { kind, mistakes, afterMessages }.',
  timing: 'asynchronous, or { model: synchronous | partially-synchronous | rounds, delay: ticks }.',
  workload: 'The requests the environment issues: [{ process: 0, request: { type: ..., ... } }].',
  properties: 'What to check: built-in names, the protocol module\'s own, or ./file.ts#export; with parameters as { name: { ... } }.',
  determinism: 'How often handlers are re-run to check they are deterministic: sampled (default), always, off.',
  realTime: 'Record real-time order in the history, which linearizable and the register properties need (it distinguishes more states).',
  causality: 'Stamp true vector clocks on messages and history events (refuses symmetry).',
  churn: 'Processes that leave and join at rates: { leave, join, processes, max }.',
  symmetry: 'Roles whose processes are interchangeable: states are counted up to renaming them.',
  check: 'How to search: strategy, limits (maxStates, maxDepth, timeLimit, maxMemory), workers, seed, runs, walk, por, invariants, deadlock.',
  estimate: 'Seeded random runs measured by metrics: { runs, seed, maxDepth, horizon, confidence, exact, metrics }.',
  expect: 'The verdict the author expects; check exits 0 only when it is met: { verdict, property, kind, states, steps, metrics }.',
};

/** Every schema of a spec has its JSON form: a missing one is a spec reader added without it. */
function complete(json: unknown, path: string): void {
  if (json === undefined) throw new Error(`the spec schema has no JSON form at ${path || 'the top'}: give that Schema a json`);
  if (Array.isArray(json)) json.forEach((j, i) => complete(j, `${path}[${i}]`));
  else if (json && typeof json === 'object') for (const [k, v] of Object.entries(json)) complete(v, path ? `${path}.${k}` : k);
}

export function specJsonSchema(): JsonSchema {
  const body = specSchema.json as { properties: Record<string, Record<string, unknown>> };
  complete(body, '');
  for (const k of Object.keys(DESCRIPTIONS)) if (!SPEC_KEYS.includes(k)) throw new Error(`a description for '${k}', which is not a key of a spec`);
  const properties = Object.fromEntries(Object.entries(body.properties).map(([k, v]) => [k, DESCRIPTIONS[k] ? { description: DESCRIPTIONS[k], ...v } : v]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'protocheck spec',
    description: 'A protocheck spec: a hand-written core Model (model:) or a protocol in a system model (protocol:), its parameters, how to search and what to expect. Generated from src/spec/spec.ts by npm run schema.',
    ...body,
    properties,
    // exactly one of model: and protocol:, and a model: spec takes none of the system model's keys
    oneOf: [{ required: ['model'] }, { required: ['protocol'] }],
    if: { required: ['model'] },
    then: { not: { anyOf: PROTOCOL_KEYS.map((k) => ({ required: [k] })) } },
  };
}

/** The file's text, as committed: two-space JSON and a final newline. */
export const specJsonSchemaText = (): string => JSON.stringify(specJsonSchema(), null, 2) + '\n';
