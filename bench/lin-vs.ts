/**
 * protocheck against Porcupine, side by side: each generated history in its own process per
 * tool, the two tools in turn, `--runs` times (the machine is shared: compare the ratios of
 * one run, not figures across runs); then Porcupine's own test data, every file of a set in
 * one process per tool (protocheck's many-files mode against the runner's).
 *
 *   npm run build
 *   node --import tsx bench/lin-vs.ts [--porcupine <runner>] [--cli dist/src/cli/entry.js]
 *        [--runs 1] [--timeout 60] [--cap-gib 12] [--only name,name] [--dir .protocheck/lin-histories]
 *
 * Histories: the generated ones (bench/lin/generate.ts, fixed seeds; written to --dir first if
 * missing), then test/data/porcupine (jepsen-etcd: cas-register; kv).
 *
 * <runner> (default bench/porcupine-runner/porcupine-runner) is built from
 * bench/porcupine-runner/main.go (ours) and Porcupine (MIT, fetched by `go mod` at the
 * version go.mod pins): bench/porcupine-runner/README.md says how. Given `-timeout 60s` and
 * history files it prints `<file>\t<operations>\t<Ok|Illegal|Unknown>\tparse_ms=<ms>\tcheck_ms=<ms>`
 * per file. It runs under `prlimit --as` (--cap-gib) so that a history that makes it grow past
 * the machine ends as "out of memory" rather than taking the machine down.
 *
 * protocheck runs compiled (`npm run build`; --cli names the entry) as
 * `node <cli> lin <file> --model cas-register --timeout <s> --json`: the portfolio, the default
 * memory limit. Columns: each tool's check time as it reports it (the search, without process
 * start-up or parsing; protocheck's includes validating and compiling the history and building
 * the witness or the longest linearizable prefix), the process's wall time and peak RSS
 * (/usr/bin/time), and protocheck / Porcupine for each (below 1: protocheck is faster or
 * smaller). For histories of at most 1,000 operations, "warm" is protocheck's check of the same
 * file the third time in one process (`lin f f f`): the first check of a process runs while V8
 * is still compiling the checker, which a Go binary has done ahead of time.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate, HARD, TABLE } from './lin/generate.ts';
import { measured, median, mibs, ratio, secs, type Run } from './lin/measure.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const defaultRunner = join(REPO, 'bench/porcupine-runner/porcupine-runner');
const porcupine = opt('--porcupine', existsSync(defaultRunner) ? defaultRunner : undefined);
const cli = opt('--cli', join(REPO, 'dist/src/cli/entry.js'))!;
const runs = Number(opt('--runs', '1'));
const timeout = Number(opt('--timeout', '60'));
const capGiB = Number(opt('--cap-gib', '12'));
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run npm run build first (or name the CLI's entry with --cli)`);
  process.exit(2);
}
if (!porcupine) console.error('no Porcupine runner (bench/porcupine-runner/README.md says how to build one): protocheck alone');
const only = opt('--only')?.split(',');
const dir = opt('--dir', join(REPO, '.protocheck/lin-histories'))!;

mkdirSync(dir, { recursive: true });
const specs = [...TABLE, ...HARD].filter((s) => !only || only.includes(s.name));
for (const s of specs) {
  const file = join(dir, `${s.name}.log`);
  if (!existsSync(file)) writeFileSync(file, generate(s).text);
}

interface Side {
  verdict: string;
  checkS: number;
  run: Run;
}

function ours(files: string[], model: string): Side[] {
  const run = measured([process.execPath, cli, 'lin', ...files, '--model', model, '--timeout', String(timeout), '--json'], { cwd: REPO, timeoutS: timeout * files.length + 120 });
  let j: any;
  try {
    j = JSON.parse(run.stdout);
  } catch {
    // keep what it said, to look into
    const log = join(dir, 'failures');
    mkdirSync(log, { recursive: true });
    writeFileSync(join(log, `${Date.now()}.txt`), `${files.join(' ')}\nexit ${run.code}\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout.slice(0, 4000)}\n`);
    return files.map(() => ({ verdict: run.killed ? 'crashed' : `exit ${run.code}`, checkS: NaN, run }));
  }
  const results = files.length === 1 ? [j] : j.results;
  return results.map((x: any) => ({ verdict: x.verdict ?? 'bad input', checkS: x.elapsedMs / 1000, run }));
}

function theirs(files: string[]): Side[] {
  const cap = ['prlimit', `--as=${capGiB * 2 ** 30}`];
  const run = measured([...cap, porcupine!, '-timeout', `${timeout}s`, ...files], { timeoutS: timeout * files.length + 120 });
  const byFile = new Map<string, string[]>();
  for (const line of run.stdout.split('\n')) {
    const cells = line.split('\t');
    if (cells.length >= 5) byFile.set(cells[0], cells);
  }
  return files.map((f) => {
    const cells = byFile.get(f);
    if (!cells) return { verdict: run.killed || run.code !== 0 ? 'out of memory' : 'no answer', checkS: NaN, run };
    const verdict = { Ok: 'ok', Illegal: 'illegal', Unknown: 'unknown' }[cells[2]] ?? cells[2];
    return { verdict, checkS: Number(cells[4].replace('check_ms=', '')) / 1000, run };
  });
}

const table: string[] = [];
const head = '| history | ops | clients | unknown | expected | Porcupine: verdict, check, wall, peak RSS | protocheck: verdict, check, wall, peak RSS | protocheck warm check | check ratio | wall ratio | RSS ratio |';
table.push(head, '|' + head.split('|').slice(1, -1).map(() => '---').join('|') + '|');

for (const s of specs) {
  const file = join(dir, `${s.name}.log`);
  const mine: Side[] = [];
  const other: Side[] = [];
  for (let i = 0; i < runs; i++) {
    if (porcupine) other.push(theirs([file])[0]);
    mine.push(ours([file], 'cas-register')[0]);
  }
  const warm = s.ops <= 1000 ? ours([file, file, file], 'cas-register')[2] : undefined;
  const sum = (xs: Side[]) => ({
    verdict: [...new Set(xs.map((x) => x.verdict))].join('/'),
    check: median(xs.map((x) => x.checkS)),
    wall: median(xs.map((x) => x.run.wallS)),
    rss: median(xs.map((x) => x.run.peakMiB)),
  });
  const a = sum(mine);
  const b = porcupine ? sum(other) : undefined;
  const cell = (x: typeof a | undefined) => (x ? `${x.verdict}, ${secs(x.check)}, ${secs(x.wall)}, ${mibs(x.rss)}` : '—');
  const decided = (v: string) => v === 'ok' || v === 'illegal';
  const r = (f: (x: typeof a) => number) => (b && decided(b.verdict) ? ratio(f(a), f(b)) : b ? 'Porcupine undecided' : '—');
  const warmCell = warm ? `${warm.verdict}, ${secs(warm.checkS)}` : '';
  const row = `| ${s.name} | ${s.ops} | ${s.clients} | ${(s.unknown * 100).toFixed(0)} % | ${s.illegal ? 'illegal' : 'ok'} | ${cell(b)} | ${cell(a)} | ${warmCell} | ${r((x) => x.check)} | ${r((x) => x.wall)} | ${r((x) => x.rss)} |`;
  table.push(row);
  console.error(row);
}

// Porcupine's own test data, one process per tool for each set
const data = join(REPO, 'test/data/porcupine');
const sets = [
  { name: 'jepsen-etcd (52 files)', dir: join(data, 'jepsen-etcd'), ext: '.log', model: 'cas-register' },
  { name: 'kv (6 files)', dir: join(data, 'kv'), ext: '.txt', model: 'kv' },
];
const perFile: string[] = [];
const slower: string[] = [];
for (const set of sets) {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(set.dir)
    .filter((f) => f.endsWith(set.ext))
    .sort()
    .map((f) => join(set.dir, f));
  const mine: Side[][] = [];
  const other: Side[][] = [];
  for (let i = 0; i < runs; i++) {
    if (porcupine) other.push(theirs(files));
    mine.push(ours(files, set.model));
  }
  const total = (xs: Side[][]) => median(xs.map((run) => run.reduce((acc, f) => acc + f.checkS, 0)));
  const wall = (xs: Side[][]) => median(xs.map((run) => run[0].run.wallS));
  const rss = (xs: Side[][]) => median(xs.map((run) => run[0].run.peakMiB));
  const wrong = mine[0].filter((x, i) => porcupine && other[0][i].verdict !== x.verdict).length;
  // per file: protocheck's check time over Porcupine's (medians over the runs)
  const ratios = files.map((_, i) => median(mine.map((run) => run[i].checkS)) / median(other.map((run) => run[i]?.checkS ?? NaN)));
  const atMostOne = ratios.filter((x) => x <= 1).length;
  const row = `| ${set.name} | checks ${secs(total(other))}, wall ${secs(wall(other))}, ${mibs(rss(other))} | checks ${secs(total(mine))}, wall ${secs(wall(mine))}, ${mibs(rss(mine))} | ${ratio(total(mine), total(other))} | ${ratio(wall(mine), wall(other))} | ${ratio(rss(mine), rss(other))} | ${porcupine ? `${atMostOne} of ${files.length}` : '—'} | ${wrong === 0 ? 'all agree' : `${wrong} differ`} |`;
  perFile.push(row);
  // files where protocheck's check is slower than Porcupine's
  files.forEach((f, i) => {
    const m = median(mine.map((run) => run[i].checkS));
    const o = median(other.map((run) => run[i]?.checkS ?? NaN));
    if (porcupine && m > o) slower.push(`| ${set.name.split(' ')[0]}/${f.split('/').pop()} | ${other[0][i].verdict} | ${secs(o)} | ${secs(m)} | ${ratio(m, o)} |`);
  });
  console.error(row);
}

console.log(`\n${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end.`);
console.log(`\nSide by side, ${runs} run(s) of each tool per history, medians; Porcupine capped at ${capGiB} GiB of address space; ${timeout} s time limit.\n`);
console.log(table.join('\n'));
console.log('\n| data set (one process per tool) | Porcupine | protocheck | check ratio (sum of checks) | wall ratio | RSS ratio | files with check ratio ≤ 1 | verdicts |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(perFile.join('\n'));
if (slower.length) {
  console.log('\nFiles where protocheck\'s check took longer than Porcupine\'s:\n');
  console.log('| file | verdict | Porcupine check | protocheck check | ratio |');
  console.log('|---|---|---|---|---|');
  console.log(slower.join('\n'));
}
