/**
 * Gossip and probabilistic broadcast, measured as the lecture notes compare them. Run on demand
 * (never in CI's pass/fail path):
 *
 *   npm run bench:gossip [-- --quick] [-- --only table|churn|speed|error]
 *
 * 1. The comparison table: traffic (messages per process), t_avg and t_last (in rounds: one
 *    message delay, `timing: rounds`), residue (share of processes that never heard) and the
 *    probability that everyone heard, per protocol of specs/gossip/ for N = 20, 50, 100, each an
 *    estimate with its 95 % interval (the ± is the interval's half-width). Parameters that the
 *    notes give relative to N scale with it (infect-and-die fanout ln N + 2; horizons of the
 *    protocols that never stop grow with log N).
 * 2. Resistance to churn: coverage of the processes up at the end of the run (each counted by
 *    what its current incarnation delivered) as the leave rate grows (join = leave, so the
 *    membership stays about the same size; p0, the source, stays), N = 50.
 * 3. Speed: random-run steps per second of CPU time (the process's, the garbage collector's
 *    helper threads included) and of wall time, of the runs alone, per protocol and N, each in
 *    a process of its own (bench/gossip-speed.ts: warmed up for a second of CPU time, then three
 *    estimates of at least 100,000 steps, the median and the best reported); beside them, the first call's whole CPU time per step in
 *    this process (loading the spec, building the model, compiling the protocol's code: what a
 *    user's single `estimate` pays, which dominates the small cases).
 * 4. The estimate's error against the number of runs: the half-width of the 95 % interval of
 *    rumour mongering's residue (N = 20) for 100 to 25,600 runs, times √runs (constant when the
 *    error shrinks as 1/√runs).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runEstimate, type EstimateOutcome } from '../src/spec/estimate.ts';

const SPECS = join(import.meta.dirname, '../specs/gossip');
const QUICK = process.argv.includes('--quick');
const only = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? process.argv[i + 1] : undefined;
})();
const NS = [20, 50, 100];
const runsFor = (n: number): number => (QUICK ? 30 : n === 20 ? 400 : n === 50 ? 200 : 100);
const lnN = (n: number): number => Math.round(Math.log(n));

interface Case {
  name: string;
  spec: string;
  /** --set overrides for N processes. */
  set(n: number): string[];
  /** The metric whose traffic the table shows, when not all messages. */
  note?: string;
}

const CASES: Case[] = [
  { name: 'flooding, message ids (degree 4)', spec: 'flood.yaml', set: () => [] },
  { name: 'IHAVE/SENDME (degree 4)', spec: 'ihave.yaml', set: () => [] },
  { name: 'push, infect and die (fanout ln N + 2)', spec: 'push-die.yaml', set: (n) => [`params.fanout=${lnN(n) + 2}`] },
  { name: 'push, infect forever (fanout 1)', spec: 'push-forever.yaml', set: (n) => [`estimate.horizon=${12 + 2 * lnN(n)}`] },
  { name: 'rumour mongering, feedback + coin, k = 1', spec: 'rumour.yaml', set: () => [] },
  { name: 'rumour mongering, feedback + coin, k = 2', spec: 'rumour.yaml', set: () => ['params.k=2'] },
  { name: 'anti-entropy, pull', spec: 'anti-entropy-pull.yaml', set: (n) => [`estimate.horizon=${18 + 4 * lnN(n)}`] },
  { name: 'anti-entropy, push-pull', spec: 'anti-entropy-push-pull.yaml', set: (n) => [`estimate.horizon=${8 + 4 * lnN(n)}`] },
  { name: 'rumour mongering k = 1 + anti-entropy every 6', spec: 'rumour-anti-entropy.yaml', set: (n) => [`estimate.horizon=${24 + 4 * lnN(n)}`] },
];

const METRICS = 'estimate.metrics=[traffic, t-avg, t-last, residue, complete]';

interface Measured {
  o: EstimateOutcome;
  cpuMs: number;
  wallMs: number;
}

async function measure(spec: string, set: string[], runs: number, seed = 1): Promise<Measured> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const o = await runEstimate(join(SPECS, spec), { overrides: [...set, 'estimate.maxDepth=1000000'], settings: { runs, seed, exact: false } });
  const c = process.cpuUsage(c0);
  return { o, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
function cell(o: EstimateOutcome, name: string, digits = 2): string {
  const m = o.metrics.find((x) => x.name === name);
  if (!m || m.applied === 0) return '—';
  const half = (m.interval.high - m.interval.low) / 2;
  // a mean over one run has no interval
  if (!Number.isFinite(half)) return `${fmt(m.interval.estimate, digits)} (${m.applied} run)`;
  return half < 0.5 * 10 ** -digits ? fmt(m.interval.estimate, digits) : `${fmt(m.interval.estimate, digits)} ± ${fmt(half, digits)}`;
}

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i])).join(' | ')} |`;
  return [line(header), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

interface Speed {
  steps: number;
  runs: number;
  cpuBest: number;
  cpuMedian: number;
  wallBest: number;
  wallMedian: number;
}

/** Steps per second of one case, in a fresh process: warmed up, then three measured estimates. */
function speedOf(spec: string, set: string[], runs: number): Speed {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'gossip-speed.ts'), spec, String(runs), QUICK ? '1' : '3', ...set], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Speed;
}
const speed: string[][] = [];

console.log(`protocheck gossip benchmark — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${QUICK ? ' (quick: 30 runs each)' : ''}\n`);

// warm up the JIT on a small case
await measure('rumour.yaml', [], 200);

if (!only || only === 'table' || only === 'speed') {
  console.log('## 1. Comparison (95 % intervals; time in rounds)\n');
  const rows: string[][] = [];
  for (const c of CASES) {
    for (const n of NS) {
      const { o, cpuMs } = await measure(c.spec, [`processes=${n}`, ...c.set(n), METRICS], runsFor(n));
      rows.push([c.name, String(n), int(o.runs), cell(o, 'traffic'), cell(o, 't-avg'), cell(o, 't-last'), cell(o, 'residue', 3), cell(o, 'complete', 3)]);
      if (!only || only === 'speed') {
        // in a process of its own, warm: the runs alone (bench/gossip-speed.ts)
        const r = speedOf(c.spec, [`processes=${n}`, ...c.set(n), METRICS], runsFor(n));
        speed.push([c.name, String(n), int(r.steps / r.runs), int(r.steps), int(r.cpuMedian), int(r.cpuBest), int(r.wallMedian), int((o.steps / cpuMs) * 1000)]);
      }
    }
  }
  if (only !== 'speed') console.log(table(['protocol', 'N', 'runs', 'traffic', 't_avg', 't_last', 'residue', 'P(all hear)'], rows), '\n');
  // the analytic residue of rumour mongering with feedback and a coin, for large N: s = e^{-(k+1)(1-s)}
  const residue = (k: number): number => {
    let s = 0.5;
    for (let i = 0; i < 200; i++) s = Math.exp(-(k + 1) * (1 - s));
    return s;
  };
  if (only !== 'speed') console.log(`Demers et al.'s residue of rumour mongering with feedback and a coin as N grows, s = e^{-(k+1)(1-s)}: k = 1: ${residue(1).toFixed(3)}, k = 2: ${residue(2).toFixed(3)}\n`);
}

if (!only || only === 'churn') {
  console.log('## 2. Resistance to churn (N = 50; coverage of the processes up at the end; join rate = leave rate; per step)\n');
  const n = 50;
  const rates = [0, 0.002, 0.005, 0.01, 0.02];
  const churnCases: Case[] = [CASES[2], CASES[4], CASES[8], CASES[7]];
  const others = `churn.processes=[${Array.from({ length: n - 1 }, (_, i) => i + 1).join(',')}]`;
  const rows: string[][] = [];
  for (const c of churnCases) {
    const row = [c.name];
    let steps = 0;
    for (const r of rates) {
      const set = [`processes=${n}`, ...c.set(n), 'estimate.metrics=[coverage, complete]', ...(r > 0 ? [`churn.leave=${r}`, `churn.join=${r}`, others] : [])];
      const { o } = await measure(c.spec, set, QUICK ? 30 : 200);
      row.push(cell(o, 'coverage', 3));
      if (r === rates[rates.length - 1]) steps = o.steps / o.runs;
    }
    row.push(int(steps));
    rows.push(row);
  }
  console.log(table(['protocol', ...rates.map((r) => `leave ${r}`), 'steps/run at 0.02'], rows), '\n');
}

if (!only || only === 'speed') {
  console.log('## 3. Speed of random runs (the estimator; steps per second of CPU time of this thread, and of wall time)\n');
  console.log(table(['protocol', 'N', 'steps/run', 'steps', 'steps/CPU-s (median)', 'steps/CPU-s (best)', 'steps/wall-s (median)', 'first call: steps/CPU-s'], speed), '\n');
}

if (!only || only === 'error') {
  console.log("## 4. The estimate's error against runs (rumour mongering k = 1, N = 20, residue)\n");
  const rows: string[][] = [];
  for (const runs of QUICK ? [100, 400, 1600] : [100, 400, 1600, 6400, 25600]) {
    const { o } = await measure('rumour.yaml', [], runs, 7);
    const m = o.metrics.find((x) => x.name === 'residue')!;
    const half = (m.interval.high - m.interval.low) / 2;
    rows.push([int(runs), fmt(m.interval.estimate, 4), fmt(half, 4), fmt(half * Math.sqrt(runs), 3)]);
  }
  console.log(table(['runs', 'residue', '± (95 %)', '± × √runs'], rows), '\n');
}
