/**
 * Times the linearizability checker on every Porcupine history, in one
 * process: parse and check timed apart. Run: node --import tsx bench/lin.ts
 * [--repeat N] [--algorithm wgl|jit|portfolio] [data-dir]. With --repeat, each
 * file's best of N runs is shown. Porcupine side by side: bench/lin-vs.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability, parseHistory } from '../properties/linearizability/index.ts';

const args = process.argv.slice(2);
const ri = args.indexOf('--repeat');
const repeat = ri >= 0 ? Math.max(1, Number(args.splice(ri, 2)[1])) : 1;
const ai = args.indexOf('--algorithm');
const algorithm = (ai >= 0 ? args.splice(ai, 2)[1] : 'portfolio') as 'wgl' | 'jit' | 'portfolio';
const data = args[0] ?? fileURLToPath(new URL('../test/data/porcupine', import.meta.url));

const suites = [
  { category: 'etcd', dir: 'jepsen-etcd', ext: '.log', model: 'cas-register' },
  { category: 'kv', dir: 'kv', ext: '.txt', model: 'kv' },
];

interface Row {
  category: string;
  file: string;
  ops: number;
  parseMs: number;
  checkMs: number;
  steps: number;
  verdict: string;
  expected: string;
}

const rows: Row[] = [];
for (const s of suites) {
  const dir = join(data, s.dir);
  const expected = new Map(
    readFileSync(join(dir, 'expected.tsv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t') as [string, string]),
  );
  for (const file of readdirSync(dir).filter((f) => f.endsWith(s.ext)).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    let parseMs = Infinity;
    let checkMs = Infinity;
    let last;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      const history = parseHistory(text, { source: file });
      const t1 = performance.now();
      last = checkLinearizability(history, s.model, { algorithm });
      const t2 = performance.now();
      parseMs = Math.min(parseMs, t1 - t0);
      checkMs = Math.min(checkMs, t2 - t1);
    }
    const r = last!;
    rows.push({
      category: s.category,
      file,
      ops: r.operations.length,
      parseMs,
      checkMs,
      steps: r.steps,
      verdict: r.verdict,
      expected: expected.get(file.slice(0, -s.ext.length)) ?? '?',
    });
  }
}

const ms = (x: number) => x.toFixed(1);
const header = ['category', 'file', 'ops', 'parse ms', 'check ms', 'steps', 'verdict', 'expected'];
const cells = rows.map((r) => [r.category, r.file, String(r.ops), ms(r.parseMs), ms(r.checkMs), String(r.steps), r.verdict, r.expected]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c: string[]) => c.map((x, i) => (i >= 2 && i <= 5 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const c of cells) console.log(line(c));

const sum = (list: Row[], k: 'parseMs' | 'checkMs') => list.reduce((a, r) => a + r[k], 0);
console.log('');
for (const cat of ['etcd', 'kv']) {
  const list = rows.filter((r) => r.category === cat);
  const slow = list.reduce((a, r) => (r.checkMs > a.checkMs ? r : a));
  console.log(
    `${cat.padEnd(5)} ${String(list.length).padStart(3)} files: parse ${ms(sum(list, 'parseMs'))} ms, check ${ms(sum(list, 'checkMs'))} ms; slowest ${slow.file} ${ms(slow.checkMs)} ms`,
  );
}
const slowest = rows.reduce((a, r) => (r.checkMs > a.checkMs ? r : a));
const wrong = rows.filter((r) => (r.verdict === 'ok') !== (r.expected === 'ok'));
console.log(
  `total ${rows.length} files: parse ${ms(sum(rows, 'parseMs'))} ms, check ${ms(sum(rows, 'checkMs'))} ms, both ${(
    (sum(rows, 'parseMs') + sum(rows, 'checkMs')) /
    1000
  ).toFixed(3)} s; slowest ${slowest.file} ${ms(slowest.checkMs)} ms${repeat > 1 ? ` (best of ${repeat} runs per file)` : ' (one run, cold JIT included)'}`,
);
console.log(`verdicts: ${rows.length - wrong.length}/${rows.length} as expected${wrong.length ? ` — WRONG: ${wrong.map((r) => r.file).join(', ')}` : ''}`);
console.log(`algorithm: ${algorithm} (in this thread); Porcupine side by side: node --import tsx bench/lin-vs.ts`);
if (wrong.length) process.exitCode = 1;
