/**
 * CPU time per thread of this process, from /proc (Linux), for the benchmarks that run a search
 * on worker threads: the threads are gone when the search ends, so the figures are polled while
 * it runs. Off Linux there are no figures (an empty list).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Polls every `everyMs` until `stop()`, which returns each thread's CPU time (ms), busiest first. */
export function pollThreadCpu(everyMs: number): { stop(): number[] } {
  const cpu = new Map<string, number>();
  const sample = (): void => {
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          cpu.set(tid, ((Number(f[11]) + Number(f[12])) * 1000) / 100); // utime + stime, in ticks of 1/100 s
        } catch {
          // the thread ended between the listing and the read
        }
      }
    } catch {
      // not Linux: no per-thread figures
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return [...cpu.values()].sort((a, b) => b - a);
    },
  };
}
