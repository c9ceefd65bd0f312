/**
 * One row of bench/gossip.ts's speed table, in a process of its own (so that no other protocol's
 * code or garbage shares the heap or the compiled code): the estimate of one gossip spec with the
 * given --set overrides, warmed up for a second of CPU time, then `repeat` estimates of at least
 * 100,000 steps each (more runs than RUNS where its runs are short); prints a JSON line with the
 * steps and runs of one and the best and median steps per CPU-second of the runs (process CPU
 * time: the garbage collector's helper threads included) and per wall-second.
 *
 *   node --import tsx bench/gossip-speed.ts SPEC RUNS REPEAT [key=value ...]
 */
import { join } from 'node:path';
import { runEstimate } from '../src/spec/estimate.ts';

const [spec, runsText, repeat, ...set] = process.argv.slice(2);
const estimate = (runs: number) => runEstimate(join(import.meta.dirname, '../specs/gossip', spec), { overrides: [...set, 'estimate.maxDepth=1000000'], settings: { runs, seed: 1, exact: false } });
// warm up for a second of CPU time (the compiler's tiers settle), then measure estimates of at least 100,000 steps
let runs = Number(runsText);
const c0 = process.cpuUsage();
let first = await estimate(runs);
while (cpuSince(c0) < 1000) first = await estimate(runs);
const perRun = first.steps / first.runs;
runs = Math.max(runs, Math.ceil(100_000 / perRun));
const cpu: number[] = [];
const wall: number[] = [];
let steps = 0;
for (let r = 0; r < Number(repeat); r++) {
  const o = await estimate(runs);
  steps = o.steps;
  cpu.push((o.steps / o.cpuMs!) * 1000);
  wall.push((o.steps / o.timeMs) * 1000);
}
function cpuSince(c: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}
const best = (xs: number[]) => Math.max(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(JSON.stringify({ steps, runs, cpuBest: best(cpu), cpuMedian: median(cpu), wallBest: best(wall), wallMedian: median(wall) }));
