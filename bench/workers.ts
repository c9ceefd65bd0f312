/**
 * One worker against two on any spec, and where the CPU goes: for each spec, runs of
 * `--workers 1` and `--workers 2` alternate, each in a fresh child process through runSpec (as
 * `protocheck check` runs it), and print the search time, the process's CPU time, the CPU time
 * of the search threads (the busiest one or two: the main thread with one worker, the workers
 * with two) and of every other thread together (V8's garbage-collector and compiler helpers,
 * the idle coordinator), read from /proc (Linux).
 *
 *   node --import tsx bench/workers.ts [--pairs 2] [--no-por] SPEC...
 *
 * With two workers on a two-core machine the helpers compete with the workers for the cores:
 * the search time can only fall to about (search threads' + helpers' CPU) / 2.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSpec } from '../src/spec/run.ts';
import { pollThreadCpu } from './thread-cpu.ts';

const SELF = fileURLToPath(import.meta.url);

interface ChildResult {
  verdict: string;
  distinct: number;
  timeMs: number;
  cpuMs: number;
  /** CPU time of each thread seen, busiest first (ms). */
  threadsMs: number[];
  peakMB: number;
}

async function child(spec: string, workers: number, por: boolean): Promise<void> {
  const threads = pollThreadCpu(50);
  const o = await runSpec(spec, { settings: { workers, ...(por ? {} : { por: false }) } });
  const threadsMs = threads.stop();
  const u = process.cpuUsage();
  const r: ChildResult = {
    verdict: o.result.verdict,
    distinct: o.result.stats.distinct,
    timeMs: o.result.stats.timeMs,
    cpuMs: Math.round((u.user + u.system) / 1000),
    threadsMs,
    peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(r) + '\n');
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function main(): void {
  const args = process.argv.slice(2);
  const i = args.indexOf('--pairs');
  const pairs = i >= 0 ? Number(args.splice(i, 2)[1]) : 2;
  const noPor = args.includes('--no-por');
  const specs = args.filter((a) => !a.startsWith('--')).map((a) => resolve(a));
  if (!specs.length) throw new Error('usage: bench/workers.ts [--pairs N] [--no-por] SPEC...');
  console.log(`one worker against two (node ${process.version}; ${noPor ? 'sleep sets off' : 'the specs\' own settings'})`);
  console.log('spec | workers | verdict | distinct | search time | process CPU | search threads\' CPU | other threads\' CPU | peak RSS');
  for (const spec of specs) {
    const times: Record<number, number[]> = { 1: [], 2: [] };
    for (let p = 0; p < pairs; p++) {
      for (const w of [1, 2]) {
        const c = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', spec, String(w), noPor ? '0' : '1'], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (c.status !== 0) {
          console.log(`${spec} | ${w} | failed: ${c.stderr.trim().split('\n').slice(-3).join(' / ')}`);
          continue;
        }
        const r = JSON.parse(c.stdout.trim().split('\n').pop() as string) as ChildResult;
        const search = r.threadsMs.slice(0, w);
        const other = r.threadsMs.slice(w).reduce((a, b) => a + b, 0);
        times[w].push(r.timeMs);
        console.log(`${spec.split('/').slice(-2).join('/')} | ${w} | ${r.verdict} | ${r.distinct.toLocaleString('en-US')} | ${s(r.timeMs)} | ${s(r.cpuMs)} | ${search.map(s).join(' + ')} | ${s(other)} | ${r.peakMB} MB`);
      }
    }
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    if (times[1].length && times[2].length) console.log(`  speed-up, median search times: ${(med(times[1]) / med(times[2])).toFixed(2)}×`);
  }
}

if (process.argv.includes('--child')) {
  const k = process.argv.indexOf('--child');
  await child(process.argv[k + 1], Number(process.argv[k + 2]), process.argv[k + 3] === '1');
} else main();
