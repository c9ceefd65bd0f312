/**
 * Start-up of the CLI: the median wall time of N runs (default 11) of `--help`, `check` of a
 * small spec (a .ts protocol, so the TypeScript loader is loaded) and `lin` of one history,
 * for the compiled CLI as a package runs it (dist/, `npm run build` first) and for the
 * repository's sources through tsx (bin/protocheck.mjs here). Then `lin` of every etcd history
 * in one process against one process per history.
 *
 *     npm run build && npm run bench:startup [-- --runs 21]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 11;
const SPEC = 'specs/broadcast/beb.yaml';
const ETCD = 'test/data/porcupine/jepsen-etcd';
const HISTORY = join(ETCD, 'etcd_000.log');
const DIST = join(REPO, 'dist/src/cli/entry.js');
if (!existsSync(DIST)) {
  console.error('bench/startup.ts: no dist/ (run npm run build first)');
  process.exit(2);
}

const clis = { compiled: [DIST], sources: [join(REPO, 'bin/protocheck.mjs')] };
const commands: Record<string, string[]> = {
  '--help': ['--help'],
  [`check ${SPEC}`]: ['check', SPEC, '--trace-dir', '/tmp/protocheck-bench-startup'],
  [`lin ${HISTORY}`]: ['lin', HISTORY, '--model', 'cas-register'],
};

/** Wall seconds of one run; the exit code must be a verdict (0 or 1: etcd_000 is not linearizable). */
function wall(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: REPO, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')}: exit ${r.status}\n${r.stderr}${r.stdout.slice(-2000)}`);
  return s;
}

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1];

console.log(`Start-up, median wall of ${RUNS} runs (Node ${process.version})\n`);
console.log(`${'command'.padEnd(52)}${'compiled (dist)'.padStart(17)}${'sources (tsx)'.padStart(16)}`);
for (const [name, args] of Object.entries(commands)) {
  const cells = Object.values(clis).map((cli) => median(Array.from({ length: RUNS }, () => wall([...cli, ...args]))));
  console.log(`${name.padEnd(52)}${cells.map((c, i) => `${c.toFixed(3)} s`.padStart(i ? 16 : 17)).join('')}`);
}

const files = readdirSync(join(REPO, ETCD)).filter((f) => f.endsWith('.log')).map((f) => join(ETCD, f));
const lin = (fs: string[]) => spawnSync(process.execPath, [DIST, 'lin', ...fs, '--model', 'cas-register'], { cwd: REPO, encoding: 'utf8' });
let t0 = performance.now();
const all = lin(files);
const oneProcess = (performance.now() - t0) / 1000;
t0 = performance.now();
for (const f of files) lin([f]);
const perFile = (performance.now() - t0) / 1000;
console.log(`\nlin of ${files.length} etcd histories (compiled): ${oneProcess.toFixed(1)} s in one process (exit ${all.status}), ${perFile.toFixed(1)} s with one process each`);
