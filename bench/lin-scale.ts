/**
 * protocheck's linearizability and sequential-consistency checkers at scale, in this
 * process (library API): each algorithm alone and the portfolio on two threads, with and
 * without the models' static check, on the generated histories (bench/lin/generate.ts)
 * and Porcupine's test data; then the CLI's peak RSS per operation on the largest
 * histories, and the many-files mode against one process per file.
 *
 *   node --import tsx bench/lin-scale.ts [--timeout 60] [--alone-timeout 20] [--only name,...]
 *        [--skip lin,sc,rss,files] [--dir .protocheck/lin-histories]
 *
 * Cells: verdict, wall time of the check, and the most memory its searches held as the
 * budget counts it (typed arrays and model states; not the heap around them).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability, checkSequentialConsistency, parseHistory, Portfolio, type CheckResult, type History } from '../properties/linearizability/index.ts';
import { generate, HARD, TABLE } from './lin/generate.ts';
import { measured, mibs, secs } from './lin/measure.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const timeoutMs = Number(opt('--timeout', '60')) * 1000;
const aloneMs = Number(opt('--alone-timeout', '20')) * 1000;
const only = opt('--only')?.split(',');
const skip = new Set(opt('--skip', '')!.split(','));
const dir = opt('--dir', join(REPO, '.protocheck/lin-histories'))!;

mkdirSync(dir, { recursive: true });
const specs = [...TABLE, ...HARD].filter((s) => !only || only.includes(s.name));
for (const s of specs) {
  const file = join(dir, `${s.name}.log`);
  if (!existsSync(file)) writeFileSync(file, generate(s).text);
}

const cell = (r: CheckResult) => `${r.verdict === 'illegal' ? 'illegal' : r.verdict === 'ok' ? 'ok' : 'unknown'} ${secs(r.elapsedMs / 1000)} (${mibs((r.memory?.peakBytes ?? 0) / 1048576)})`;
const load = (file: string): History => parseHistory(readFileSync(file, 'utf8'), { source: file });
const pool = new Portfolio();
const out: string[] = [];
const print = (line: string) => {
  out.push(line);
  console.error(line);
};

if (!skip.has('lin')) {
  print('\n### Linearizability (cas-register), one process\n');
  print('| history | ops | clients | unknown | expected | wgl | jit | portfolio, 2 threads | portfolio without the static check |');
  print('|---|---|---|---|---|---|---|---|---|');
  for (const s of specs) {
    const h = load(join(dir, `${s.name}.log`));
    const wgl = checkLinearizability(h, 'cas-register', { algorithm: 'wgl', timeoutMs: aloneMs });
    const jit = checkLinearizability(h, 'cas-register', { algorithm: 'jit', timeoutMs: aloneMs });
    const both = await pool.check(h, 'cas-register', { timeoutMs });
    const bare = await pool.check(h, 'cas-register', { timeoutMs, prune: false });
    print(`| ${s.name} | ${s.ops} | ${s.clients} | ${(s.unknown * 100).toFixed(0)} % | ${s.illegal ? 'illegal' : 'ok'} | ${cell(wgl)} | ${cell(jit)} | ${cell(both)} | ${cell(bare)} |`);
  }
}

const porcupine = join(REPO, 'test/data/porcupine');
const dataFiles = [
  ...readdirSync(join(porcupine, 'jepsen-etcd')).filter((f) => f.endsWith('.log')).sort().map((f) => ({ file: join(porcupine, 'jepsen-etcd', f), model: 'cas-register' })),
  ...readdirSync(join(porcupine, 'kv')).filter((f) => f.endsWith('.txt')).sort().map((f) => ({ file: join(porcupine, 'kv', f), model: 'kv' })),
];

if (!skip.has('sc')) {
  print('\n### Sequential consistency, one process\n');
  print('| history | ops | dfs | bfs | portfolio, 2 threads | linearizability, portfolio, 2 threads |');
  print('|---|---|---|---|---|---|');
  const rows = [
    ...specs.filter((s) => s.ops <= 10_000).map((s) => ({ name: s.name, file: join(dir, `${s.name}.log`), model: 'cas-register' })),
    ...dataFiles.filter((d) => d.model === 'kv').map((d) => ({ name: `kv/${d.file.split('/').pop()}`, ...d })),
  ];
  for (const r of rows) {
    const h = load(r.file);
    const dfs = checkSequentialConsistency(h, r.model, { algorithm: 'dfs', timeoutMs: aloneMs });
    const bfs = checkSequentialConsistency(h, r.model, { algorithm: 'bfs', timeoutMs: aloneMs });
    const both = await pool.check(h, r.model, { check: 'sequential', timeoutMs });
    const lin = await pool.check(h, r.model, { timeoutMs });
    print(`| ${r.name} | ${h.operations.length} | ${cell(dfs)} | ${cell(bfs)} | ${cell(both)} | ${cell(lin)} |`);
  }
  // the etcd logs, summed
  let lin = 0, sc = 0, scDecided = 0, linDecided = 0;
  for (const d of dataFiles.filter((x) => x.model === 'cas-register')) {
    const h = load(d.file);
    const a = await pool.check(h, d.model, { timeoutMs });
    const b = await pool.check(h, d.model, { check: 'sequential', timeoutMs });
    lin += a.elapsedMs;
    sc += b.elapsedMs;
    linDecided += a.verdict === 'unknown' ? 0 : 1;
    scDecided += b.verdict === 'unknown' ? 0 : 1;
  }
  print(`| jepsen-etcd, all 52 | | | | ${scDecided} decided, ${secs(sc / 1000)} in all | ${linDecided} decided, ${secs(lin / 1000)} in all |`);
}
await pool.close();

if (!skip.has('rss')) {
  print('\n### Memory per operation: `protocheck lin <file> --model cas-register` as its own process\n');
  print('| history | ops | verdict | wall | peak RSS | RSS per operation | counted by the search |');
  print('|---|---|---|---|---|---|---|');
  for (const s of specs.filter((x) => x.ops >= 50_000)) {
    const run = measured([process.execPath, 'bin/protocheck.mjs', 'lin', join(dir, `${s.name}.log`), '--model', 'cas-register', '--json', '--timeout', String(timeoutMs / 1000)], { cwd: REPO });
    const j = JSON.parse(run.stdout);
    print(`| ${s.name} | ${s.ops} | ${j.verdict} | ${secs(run.wallS)} | ${mibs(run.peakMiB)} | ${((run.peakMiB * 1048576) / s.ops / 1024).toFixed(1)} KiB | ${mibs(j.memory.peakBytes / 1048576)} |`);
  }
}

if (!skip.has('files')) {
  print("\n### Many files in one process: Porcupine's 58 histories\n");
  const files = dataFiles.map((d) => d.file);
  const one = (list: string[], model: string) => measured([process.execPath, 'bin/protocheck.mjs', 'lin', ...list, '--model', model], { cwd: REPO });
  const etcd = files.filter((f) => f.endsWith('.log'));
  const kvs = files.filter((f) => f.endsWith('.txt'));
  const together = one(etcd, 'cas-register').wallS + one(kvs, 'kv').wallS;
  let apart = 0;
  for (const f of etcd) apart += one([f], 'cas-register').wallS;
  for (const f of kvs) apart += one([f], 'kv').wallS;
  print(`| mode | wall |\n|---|---|\n| \`lin <dir>\`: two processes (etcd, kv) | ${secs(together)} |\n| one process per file (58) | ${secs(apart)} |`);
}

console.log(out.join('\n'));
