/**
 * The distributed breadth-first search (src/distributed) on TwoPhase against the in-memory one,
 * on this machine: a redis-server of its own (append-only file, fsync every second), the
 * search with 1, 2 and 4 worker processes, and the figures the model on paper in
 * bench/README.md needs: the round trip of one command, Redis's own time per batch (from
 * INFO commandstats), the in-memory search's rate of successors (the hash rate of one
 * process), and the bytes Redis holds per distinct state.
 *
 *   npm run bench:redis -- [--rm 8] [--workers 1,2,4] [--batch 256] [--commands]
 *
 * --commands: Redis's time per command (INFO commandstats; a script's includes the commands it runs).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { bfs } from '../src/core/bfs.ts';
import { storeBfs } from '../src/distributed/search.ts';
import { twoPhase } from '../specs/two-phase/two-phase.ts';
import { TestRedis } from '../test/distributed/redis-server.ts';

const arg = (flag: string, dflt: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RM = Number(arg('--rm', '8'));
const WORKERS = arg('--workers', '1,2,4').split(',').map(Number);
const BATCH = Number(arg('--batch', '256'));
const source = { module: fileURLToPath(new URL('../specs/two-phase/two-phase.ts', import.meta.url)), export: 'twoPhase', args: RM };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** CPU time (ms, user + system) of a process, from /proc (Linux; 0 elsewhere). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return -1;
  }
}

async function redisCpuMs(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  return (Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1])) * 1000;
}

async function commandStats(r: Redis): Promise<Map<string, { calls: number; usec: number }>> {
  const out = new Map<string, { calls: number; usec: number }>();
  for (const line of (await r.info('commandstats')).split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (m) out.set(m[1], { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`TwoPhase RM=${RM}, breadth-first without partial-order reduction (node ${process.version}, batch ${BATCH} states)`);
  let t = performance.now();
  const mem = bfs(twoPhase(RM));
  const memMs = performance.now() - t;
  console.log(`in memory, 1 thread: ${fmt(mem.stats.distinct)} distinct, ${fmt(mem.stats.generated)} generated, ${(memMs / 1000).toFixed(1)} s, ${fmt((mem.stats.distinct * 1000) / memMs)} states/s, ${fmt((mem.stats.generated * 1000) / memMs)} successors/s`);

  const redis = await TestRedis.start('everysec');
  const r = new Redis({ port: redis.port, host: '127.0.0.1' });
  try {
    // round trip: one PING at a time
    const pings: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const p0 = performance.now();
      await r.ping();
      pings.push(performance.now() - p0);
    }
    pings.sort((a, b) => a - b);
    console.log(`round trip (PING, one at a time, 127.0.0.1): median ${(pings[1000] * 1000).toFixed(0)} µs, p90 ${(pings[1800] * 1000).toFixed(0)} µs`);

    for (const w of WORKERS) {
      await r.flushall();
      await r.config('RESETSTAT');
      const before = Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
      t = performance.now();
      let started = 0;
      const redisCpu0 = await redisCpuMs(r);
      // the workers' CPU time, polled (a process's /proc entry goes when it exits)
      let pids: number[] = [];
      const workerCpu = new Map<number, number>();
      const poll = setInterval(() => pids.forEach((p) => { const c = cpuMs(p); if (c >= 0) workerCpu.set(p, c); }), 100);
      const res = await storeBfs(twoPhase(RM) as never, source, { store: redis.url, workers: w, batchSize: BATCH, keep: true, progressIntervalMs: 20, onWorkers: (c) => (pids = c.map((x) => x.pid as number)), onProgress: (p) => void (started ||= p.generated > 0 ? performance.now() - t : 0) });
      const ms = performance.now() - t;
      clearInterval(poll);
      const redisCpu = (await redisCpuMs(r)) - redisCpu0;
      const workersCpu = [...workerCpu.values()].reduce((a, b) => a + b, 0);
      const s = res.stats;
      const same = s.distinct === mem.stats.distinct && s.generated === mem.stats.generated && res.verdict === mem.verdict;
      console.log(`redis, ${w} worker process${w > 1 ? 'es' : ''}: ${res.verdict}, ${fmt(s.distinct)} distinct, ${fmt(s.generated)} generated${same ? ' (as in memory)' : ' (DIFFERENT from memory)'}, ${(ms / 1000).toFixed(1)} s, ${fmt((s.distinct * 1000) / ms)} states/s (${((s.distinct / ms) / (mem.stats.distinct / memMs)).toFixed(2)} of in memory); the first batch was committed after ${(started / 1000).toFixed(1)} s (starting the processes, loading the model)`);
      const used = Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
      const st = await commandStats(r);
      const batches = st.get('xack')?.calls ?? 0;
      // a script's time includes the commands it runs (which commandstats also counts on their own): the top-level commands are the scripts and the reads
      const top = ['evalsha', 'eval', 'xreadgroup', 'xautoclaim', 'hmget', 'get', 'set'];
      const scriptUsec = [...st].filter(([k]) => k === 'evalsha' || k === 'eval').reduce((a, [, v]) => a + v.usec, 0);
      const allUsec = [...st].filter(([k]) => top.includes(k)).reduce((a, [, v]) => a + v.usec, 0);
      if (w === WORKERS[0]) {
        console.log(`  Redis holds ${fmt(used - before)} bytes after the search (the visited set and its parent links; the last level's stream is empty): ${((used - before) / s.distinct).toFixed(1)} bytes per distinct state`);
      }
      if (process.argv.includes('--commands')) {
        for (const [k, v] of [...st].sort((a, b) => b[1].usec - a[1].usec)) console.log(`    ${k}: ${fmt(v.calls)} calls, ${(v.usec / v.calls).toFixed(1)} µs a call, ${(v.usec / Math.max(1, batches) / 1000).toFixed(3)} ms a batch`);
      }
      console.log(`  CPU: the worker processes ${(workersCpu / 1000).toFixed(1)} s (${(workersCpu / Math.max(1, batches)).toFixed(2)} ms a batch, start-up included), redis-server ${(redisCpu / 1000).toFixed(1)} s (${(redisCpu / Math.max(1, batches)).toFixed(2)} ms a batch); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
      console.log(`  ${fmt(batches)} batches; Redis busy ${(allUsec / 1e6).toFixed(1)} s in all (${(allUsec / Math.max(1, batches) / 1000).toFixed(2)} ms a batch, of which scripts ${(scriptUsec / Math.max(1, batches) / 1000).toFixed(2)} ms)`);
    }
  } finally {
    r.disconnect();
    await redis.stop();
  }
}

await main();
process.exit(0);
