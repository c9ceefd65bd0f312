/**
 * Writes the generated register histories (bench/lin/generate.ts, fixed seeds) as Jepsen
 * etcd logs, with an expected.tsv, into a folder (default .protocheck/lin-histories).
 * Run: node --import tsx bench/lin-gen.ts [--only name,name] [dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, HARD, TABLE } from './lin/generate.ts';

const args = process.argv.slice(2);
const oi = args.indexOf('--only');
const only = oi >= 0 ? new Set(args.splice(oi, 2)[1].split(',')) : undefined;
const dir = args[0] ?? '.protocheck/lin-histories';
mkdirSync(dir, { recursive: true });
const expected: string[] = [];
for (const spec of [...TABLE, ...HARD]) {
  if (only && !only.has(spec.name)) continue;
  const { text, expected: verdict } = generate(spec);
  writeFileSync(join(dir, `${spec.name}.log`), text);
  expected.push(`${spec.name}\t${verdict}`);
  console.log(`${spec.name}.log\t${spec.ops} ops\t${spec.clients} clients\t${(spec.unknown * 100).toFixed(0)} % unknown\t${verdict}`);
}
writeFileSync(join(dir, 'expected.tsv'), expected.join('\n') + '\n');
