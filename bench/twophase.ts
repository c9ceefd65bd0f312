/**
 * The exhaustive engine on Lamport's TwoPhase commit, against TLC 2.18's figures taken on
 * this kind of machine. Each run is a fresh child process (so its peak resident memory is
 * its own), through the same path as `protocheck check` (runSpec).
 *
 *   node --import tsx bench/twophase.ts [--rm 6,7,8] [--workers 1,2] [--symmetry]
 *
 * Prints per run: distinct states, generated, time, states/s, peak RSS, and the ratio of
 * TLC's time to ours (above 1: we are faster).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runSpec } from '../src/spec/run.ts';
import { pollThreadCpu } from './thread-cpu.ts';

const SPEC = fileURLToPath(new URL('../specs/two-phase/two-phase-rm3.yaml', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** TLC 2.18 on this kind of machine (FACTS.md): seconds by RM and workers, and the expected state counts. */
const TLC: Record<number, { states: number; seconds: Record<number, number>; memoryMB?: number }> = {
  7: { states: 296_448, seconds: { 1: 11 } },
  8: { states: 1_745_408, seconds: { 1: 62, 2: 47 }, memoryMB: 2300 },
};

interface ChildResult {
  verdict: string;
  distinct: number;
  generated: number;
  timeMs: number;
  /** CPU time of the whole process (all threads), user + system. */
  cpuMs: number;
  /** CPU time of the busiest threads (the search's), from /proc: what the wall time would be with a free core each. */
  threadCpuMs: number[];
  peakMB: number;
}

function list(flag: string, dflt: number[]): number[] {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1].split(',').map(Number) : dflt;
}

async function child(): Promise<void> {
  const threads = pollThreadCpu(100);
  const i = process.argv.indexOf('--child');
  const [rm, workers, symmetry] = process.argv.slice(i + 1, i + 4);
  const overrides = [`RM=${rm}`, ...(symmetry === '1' ? ['symmetry=true'] : [])];
  const o = await runSpec(SPEC, { overrides, settings: { workers: Number(workers) } });
  const threadMs = threads.stop();
  const s = o.result.stats;
  const r: ChildResult = { verdict: o.result.verdict, distinct: s.distinct, generated: s.generated, timeMs: s.timeMs, cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000), threadCpuMs: threadMs.slice(0, Number(workers)), peakMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(JSON.stringify(r) + '\n');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function main(): void {
  const rms = list('--rm', [6, 7, 8]);
  const workerCounts = list('--workers', [1, 2]);
  const symmetry = process.argv.includes('--symmetry');
  console.log(`TwoPhase, breadth-first, ${symmetry ? 'with' : 'without'} symmetry reduction (node ${process.version})`);
  console.log('RM  workers  verdict     distinct       generated       time     CPU time  search threads\' CPU    states/s   peak RSS   TLC time  TLC/ours');
  for (const rm of rms) {
    for (const w of workerCounts) {
      const p = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', String(rm), String(w), symmetry ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (p.status !== 0) {
        console.log(`${rm}  ${w}  failed: ${p.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        continue;
      }
      const r = JSON.parse(p.stdout.trim().split('\n').pop() as string) as ChildResult;
      const tlc = TLC[rm];
      const tlcS = tlc?.seconds[w];
      const ok = symmetry || !tlc || tlc.states === r.distinct ? '' : `  (TLC: ${fmt(tlc.states)} states!)`;
      console.log(
        [
          String(rm).padEnd(3),
          String(w).padStart(7),
          '  ' + r.verdict.padEnd(9),
          fmt(r.distinct).padStart(10),
          fmt(r.generated).padStart(15),
          `${(r.timeMs / 1000).toFixed(2)} s`.padStart(10),
          `${(r.cpuMs / 1000).toFixed(2)} s`.padStart(12),
          (r.threadCpuMs.length ? r.threadCpuMs.map((t) => (t / 1000).toFixed(1)).join(' + ') + ' s' : '—').padStart(22),
          fmt(Math.round((r.distinct * 1000) / r.timeMs)).padStart(12),
          `${fmt(r.peakMB)} MB`.padStart(10),
          (tlcS ? `${tlcS} s` : '—').padStart(10),
          (tlcS ? `${(tlcS / (r.timeMs / 1000)).toFixed(2)}×` : '—').padStart(9),
        ].join(' ') + ok,
      );
    }
  }
  const t8 = TLC[8];
  console.log(`TLC 2.18 peak memory at RM=8: ${fmt(t8.memoryMB ?? 0)} MB.`);
}

if (process.argv.includes('--child')) await child();
else main();
