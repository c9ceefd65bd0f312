/**
 * Random search throughput and walk quality. Run on demand (never in CI's pass/fail path):
 *
 *   node --import tsx bench/random.ts [--runs N] [--depth D] [--seed S]
 *
 * 1. Random steps per second on the catalogue's correct specs (two-phase, and every
 *    protocol spec under specs/ that expects `ok`), through runSpec as `check --strategy
 *    random` runs them.
 * 2. Two-phase commit, 1,000 runs × 20 steps, beside Quint's TypeScript simulator on its
 *    two-phase commit example: 3.4 s, about 6,000 states/s, as recorded in FACTS.md on this
 *    kind of machine. Quint cannot run here (no network): that figure is quoted, not re-measured,
 *    and the two models are not the same (Quint's example is its own spec of the protocol).
 * 3. The share of runs reaching each outcome of two-phase commit (all committed, all aborted)
 *    under each walk.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { twoPhase } from '../specs/two-phase/two-phase.ts';
import { randomSearch, WALKS } from '../src/core/random.ts';
import { runSpec } from '../src/spec/run.ts';
import { loadSpec } from '../src/spec/spec.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const RUNS = arg('--runs', 5000);
const DEPTH = arg('--depth', 100);
const SEED = arg('--seed', 1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]) : x.padStart(w[i]))).join('  ');
  return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

console.log(`protocheck random search benchmark — Node ${process.version}, ${RUNS} runs of up to ${DEPTH} steps, seed ${SEED}\n`);

// warm up the JIT on two-phase
randomSearch(twoPhase(3), { seed: 0, runs: 2000, maxDepth: 30 });

// 1. steps per second on the catalogue's correct specs
{
  const rows: string[][] = [];
  for (const file of specFiles('specs')) {
    let expectOk = false;
    try {
      expectOk = loadSpec(file).expect?.verdict === 'ok';
    } catch {
      continue;
    }
    if (!expectOk) continue;
    const o = await runSpec(file, { settings: { strategy: 'random', seed: SEED, runs: RUNS, maxDepth: DEPTH } });
    const s = o.result.stats;
    const r = s.random!;
    rows.push([
      o.spec.name,
      o.model.length > 28 ? o.model.slice(0, 27) + '…' : o.model,
      o.result.verdict,
      int(r.runs),
      int(r.steps),
      (r.steps / Math.max(1, r.runs)).toFixed(1),
      int(s.distinct),
      (s.timeMs / 1000).toFixed(2),
      int(r.stepsPerSecond),
    ]);
  }
  console.log('1. Random steps per second (check --strategy random, uniform walk):\n');
  console.log(table(['spec', 'model', 'verdict', 'runs', 'steps', 'steps/run', 'distinct', 'time s', 'steps/s'], rows));
  console.log('\n   A run ends at the depth bound, in a deadlock, or where only stuttering steps are left (e.g. a decided two-phase commit).');
}

// 2. two-phase commit, 1,000 runs × 20 steps, beside Quint
{
  console.log('\n2. Two-phase commit, 1,000 runs of up to 20 steps (best of 5):\n');
  const rows: string[][] = [];
  for (const rm of [3, 5, 7]) {
    let best = Infinity;
    let steps = 0;
    let runs = 0;
    for (let k = 0; k < 5; k++) {
      const r = randomSearch(twoPhase(rm), { seed: SEED + k, runs: 1000, maxDepth: 20 });
      if (r.stats.timeMs < best) {
        best = r.stats.timeMs;
        steps = r.stats.random!.steps;
        runs = r.stats.random!.runs;
      }
    }
    const states = steps + runs; // the initial state of every run, then one per step
    rows.push([`protocheck TwoPhase RM=${rm}`, int(runs), int(steps), (best / 1000).toFixed(3), int((states * 1000) / best)]);
  }
  rows.push(['Quint 0.33 TS simulator (FACTS.md)', '1,000', '20,000', '3.400', '~6,000']);
  console.log(table(['', 'runs', 'steps', 'time s', 'states/s'], rows));
  console.log('\n   Quint was not run here (it needs network access to install); its figure is the one recorded in FACTS.md on this');
  console.log('   kind of machine, for its own two-phase commit example. Our runs stop early once only stuttering steps are left, so');
  console.log('   they take fewer than 20 steps each: compare states/s, not total time.');
}

// 3. outcomes of two-phase commit per walk
{
  console.log(`\n3. Two-phase commit outcomes per walk (${int(10_000)} runs of up to 30 steps, seed ${SEED}):\n`);
  const rows: string[][] = [];
  for (const rm of [3, 5]) {
    for (const walk of WALKS) {
      let commit = 0;
      let abort = 0;
      const n = 10_000;
      const r = randomSearch(twoPhase(rm), {
        seed: SEED,
        runs: n,
        maxDepth: 30,
        walk,
        onRunEnd: (s) => {
          if (s.rmState.every((x) => x === 'committed')) commit++;
          if (s.rmState.every((x) => x === 'aborted')) abort++;
        },
      });
      rows.push([`RM=${rm}`, walk, `${((100 * commit) / n).toFixed(1)}%`, `${((100 * abort) / n).toFixed(1)}%`, int(r.stats.distinct), int(r.stats.random!.stepsPerSecond)]);
    }
  }
  console.log(table(['model', 'walk', 'all committed', 'all aborted', 'distinct states', 'steps/s'], rows));
  console.log("\n   Quint's uniform walk reached the committed outcome in 9 of 10,000 runs (FACTS.md).");
}
