/**
 * One breadth-first search of a spec (its safety properties only, POR and symmetry off), on
 * the compiled package, in a process that does nothing else: the unit for counting
 * instructions, which a shared machine's load does not change as it changes times.
 *
 *   npm run build
 *   valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
 *     node bench/search-once.mjs specs/paxos/paxos.yaml [key=value ...]
 *
 * Loading the model costs about 1.05 G instructions of the total (the same command with
 * `--load-only`).
 */
import { resolve } from 'node:path';

const dist = new URL('../dist/', import.meta.url);
const { bfs } = await import(new URL('src/core/bfs.js', dist).href);
const { buildModel } = await import(new URL('src/spec/build.js', dist).href);
const { loadSpec } = await import(new URL('src/spec/spec.js', dist).href);
const { propertyDefs } = await import(new URL('properties/index.js', dist).href);

const args = process.argv.slice(2);
const loadOnly = args.includes('--load-only');
const [file, ...overrides] = args.filter((a) => a !== '--load-only');
if (!file) throw new Error('usage: node bench/search-once.mjs SPEC [key=value ...] [--load-only]');
const spec = loadSpec(resolve(file), overrides);
if (spec.system) spec.properties = spec.properties.filter((p) => propertyDefs[p.name]?.kind === 'safety');
const { model } = await buildModel({ ...spec, check: { ...spec.check, symmetry: false } });
if (!loadOnly) {
  const cpu = process.cpuUsage();
  const r = bfs(model, {});
  const used = process.cpuUsage(cpu);
  const s = (used.user + used.system) / 1e6;
  console.log(`${r.verdict}: ${r.stats.distinct} distinct, ${r.stats.generated} successors, ${s.toFixed(2)} s CPU, ${Math.round(r.stats.generated / s)} successors/CPU-s`);
}
