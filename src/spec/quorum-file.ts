/**
 * The file `protocheck quorums` reads: a federated Byzantine agreement system as each node's
 * quorum slices, in YAML.
 *
 * ```yaml
 * name: four-nodes
 * description: ...
 * nodes:
 *   v1: [[v2, v3], [v3, v4]]            # explicit slices (the node itself belongs to each)
 *   v2: { threshold: 2, of: [v1, v3, v4] }   # any 2 of these (with v2 itself)
 * ```
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { either, int, list, obj, parseYamlMapping, record, report, SpecError, str } from '../schema/schema.ts';
import { thresholdSlices, type SliceConfig } from '../../properties/byzantine/quorums.ts';

export interface QuorumFile extends SliceConfig {
  name: string;
  description?: string;
}

const sliceSchema = either(
  'a list of slices (lists of nodes), or { threshold: k, of: [nodes] }',
  str(),
  obj({ threshold: int({ min: 0 }), of: list(str()) }, ['threshold', 'of']),
  list(list(str())),
);
const fileSchema = obj({ name: str(), description: str(), nodes: record(sliceSchema) }, ['nodes']);

/** Reads and checks a slice file; throws SpecError with positioned issues. */
export function loadQuorumFile(file: string): QuorumFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SpecError([{ file, message: `cannot read the file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}` }]);
  }
  const { doc, ctx } = parseYamlMapping(text, file, 'a slice file is a YAML mapping with nodes: { node: slices }', (issues) => new SpecError(issues));
  const raw = fileSchema.read(doc.contents, ctx, '');
  const nodes = raw ? Object.keys(raw.nodes) : [];
  const slices: string[][][] = [];
  for (const v of nodes) {
    const s = raw!.nodes[v];
    if (typeof s === 'string') report(ctx, doc.getIn(['nodes', v], true), `nodes.${v}: expected a list of slices or { threshold, of }, got ${s}`);
    else if (Array.isArray(s)) slices.push(s);
    else if (s.threshold > s.of.length) report(ctx, doc.getIn(['nodes', v], true), `nodes.${v}: a threshold of ${s.threshold} out of ${s.of.length} nodes`);
    else slices.push(thresholdSlices(s.threshold, s.of));
    for (const name of (Array.isArray(s) ? s.flat() : typeof s === 'string' ? [] : s.of)) if (!nodes.includes(name)) report(ctx, doc.getIn(['nodes', v], true), `nodes.${v}: ${name} is not a node (nodes: ${nodes.join(', ')})`);
  }
  if (raw && !nodes.length) report(ctx, doc.contents, 'nodes: no nodes');
  if (!raw || ctx.issues.length) throw new SpecError(ctx.issues.length ? ctx.issues : [{ file, message: 'invalid slice file' }]);
  return { name: raw.name ?? basename(file).replace(/\.ya?ml$/, ''), ...(raw.description ? { description: raw.description } : {}), nodes, slices };
}
