/**
 * Breadth-first search with its visited set and frontier in Redis (a search that outgrows one
 * machine), with the verdicts, distinct and generated counts and shortest counterexamples of
 * `bfs` (see run-state.ts for which counterexample when several are equally short).
 *
 * The coordinator (this call, in the check's process) starts the run in the store: the model's
 * source, so that a worker on any machine rebuilds the model (loadModel, as worker threads
 * do); the initial states as level 0. It then starts `workers` worker processes here (more may
 * join from other machines with `protocheck worker --store ...`), watches the counters for
 * the limits and progress, and when the run is done reads the first finding and rebuilds its
 * path through the parent links. The levels are closed by the workers (scripts.ts), so the
 * coordinator is not on the path of any batch.
 *
 * A run is named by the digest of its model source and settings: `resume` continues the run of
 * that name if the store has one (a search stopped by a limit, Ctrl-C or a crash), otherwise
 * a run starts afresh and replaces one of the same name. A run that ends with a verdict is
 * removed from the store unless `keep` is given; an inconclusive one is kept to be resumed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { serialize } from 'node:v8';
import type { Model } from '../core/model.ts';
import type { ModelSource } from '../core/parallel-protocol.ts';
import { collisionProbability, type SearchOptions, type SearchResult, type SearchStats } from '../core/search.ts';
import { depthLimit, memoryLimit, statesLimit, timeLimit, type Limit } from '../core/limits.ts';
import type { Violation } from '../core/verdict.ts';
import { scripts } from './scripts.ts';
import { connect, CURRENT_RUN, parseStore, RunKeys } from './store.ts';
import { ModelError } from '../core/model.ts';
import { dropRun, firstFinding, pathOf, readCoverage, readFigures, startRun, type RunFigures } from './run-state.ts';

const ENTRY = new URL('./entry.mjs', import.meta.url);
const CONNECT_MS = 10_000;

export interface StoreOptions extends SearchOptions {
  /** redis://host:port[,host:port...] */
  store: string;
  /** Worker processes started on this machine (default 1; 0: only workers started elsewhere). */
  workers?: number;
  /** Continue the run of the same model and settings if the store has one. */
  resume?: boolean;
  /** States per batch (default 256). */
  batchSize?: number;
  /** A batch held this long without being committed is taken over by another worker (default 30 s). */
  claimIdleMs?: number;
  /** Parts of the visited set (default 64; hash tags, so that a cluster spreads them). */
  partitions?: number;
  /** Leave the run's keys in the store when it ends (bench: bytes per state). */
  keep?: boolean;
  /** The run's name (default: a digest of the model source and settings). */
  run?: string;
  /** Called with the worker processes started here, once they are (a test kills one). */
  onWorkers?: (children: ChildProcess[]) => void;
}

export function runName(source: ModelSource, o: Pick<StoreOptions, 'maxDepth' | 'checkDeadlock'>): string {
  return createHash('sha256').update(serialize({ source, maxDepth: o.maxDepth ?? null, deadlock: o.checkDeadlock === true })).digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A store that cannot be used is bad input (exit 2), said in one line: a ModelError of exit
 * code 2 is how the strategies' callers tell bad input from a bug (spec/bad-input.ts).
 */
function badStore(message: string): ModelError {
  return new ModelError(message, 'store', 2);
}

export async function storeBfs(model: Model<unknown, unknown>, source: ModelSource, o: StoreOptions): Promise<SearchResult> {
  const start = performance.now();
  try {
    parseStore(o.store);
  } catch (err) {
    throw badStore((err as Error).message);
  }
  const store = connect(o.store);
  // commands wait for a lost connection (to ride out a restart of Redis): one that never came up is an error
  const reached = await Promise.race([store.ping().then(() => true, () => false), new Promise<boolean>((r) => store.once('error', () => r(false))), sleep(CONNECT_MS).then(() => false)]);
  if (!reached) {
    store.disconnect();
    throw badStore(`cannot reach Redis at ${o.store}`);
  }
  const sc = scripts(store);
  const run = o.run ?? runName(source, o);
  const children: ChildProcess[] = [];
  let peakRss = 0;
  try {
    const existing = Number(await store.hget(`protocheck:${run}:{${run}}:meta`, 'partitions'));
    const keys = new RunKeys(run, existing || o.partitions || 64);
    const resumed = o.resume === true && existing > 0;
    if (!resumed) {
      if (existing) await dropRun(store, keys);
      await startRun(store, sc, keys, model, source, { batchSize: o.batchSize ?? 256, claimIdleMs: o.claimIdleMs ?? 30_000, maxDepth: o.maxDepth ?? Infinity, checkDeadlock: o.checkDeadlock === true });
    } else {
      await store.hdel(keys.meta, 'halt');
      if ((await store.hget(keys.meta, 'status')) === 'starting') throw new Error(`run ${run} was stopped while it was starting: run it again without --resume`);
    }
    await store.set(CURRENT_RUN, run);
    await store.hset(keys.meta, 'beat', Date.now());

    const n = Math.max(0, Math.floor(o.workers ?? 1));
    for (let i = 0; i < n; i++) children.push(fork(ENTRY, [o.store, run], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] }));
    const exits = children.map((c) => new Promise<number | null>((r) => c.on('exit', (code) => r(code))));
    let alive = n;
    const expanded: number[] = Array(n).fill(0);
    children.forEach((c, i) => {
      c.on('exit', () => alive--);
      c.on('message', (m: { type?: string; report?: { expanded: number } }) => {
        if (m.type === 'report' && m.report) expanded[i] = m.report.expanded;
      });
    });
    o.onWorkers?.(children);

    let f: RunFigures = await readFigures(store, keys);
    let limit: Limit | undefined;
    let lastProgress = performance.now();
    const stats = (): SearchStats => {
      const timeMs = performance.now() - start;
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) peakRss = rss;
      return {
        strategy: 'bfs',
        distinct: f.distinct,
        generated: f.generated,
        depth: f.level,
        queued: f.queuedBatches,
        timeMs,
        statesPerSecond: timeMs > 0 ? Math.round((f.distinct * 1000) / timeMs) : f.distinct,
        collisionProbability: collisionProbability(f.distinct, f.generated),
        peakMemoryMB: Math.round(peakRss / 1048576),
        coverage: {},
        ...((model.liveness?.length ?? 0) > 0 ? { quiescent: f.quiescent } : {}),
      };
    };
    const halt = async (l: Limit) => {
      limit ??= l;
      await store.hset(keys.meta, 'halt', JSON.stringify(l));
    };
    while (f.status === 'running' && !f.halt) {
      await sleep(50);
      await store.hset(keys.meta, 'beat', Date.now());
      f = await readFigures(store, keys);
      const now = performance.now();
      if (o.maxStates !== undefined && f.distinct >= o.maxStates) await halt(statesLimit(f.distinct, o.maxStates));
      else if (o.timeLimitMs !== undefined && now - start > o.timeLimitMs) await halt(timeLimit(now - start, o.timeLimitMs));
      else {
        const m = memoryLimit(process.memoryUsage.rss(), o.maxMemoryMB, ' of the coordinating process');
        if (m) await halt(m);
      }
      if (n > 0 && alive === 0 && f.status === 'running' && !f.halt) throw new Error('every worker process of the distributed search stopped before the search ended (see their messages above)');
      if (o.onProgress && now - lastProgress >= (o.progressIntervalMs ?? 1000)) {
        lastProgress = now;
        o.onProgress(stats());
      }
    }
    await Promise.all(exits);
    f = await readFigures(store, keys);
    if (f.halt && !limit) limit = JSON.parse(f.halt) as Limit;
    const s: SearchStats = { ...stats(), coverage: await readCoverage(store, keys), workers: { count: n, expanded, moved: 0 } };
    const found = await firstFinding(store, keys);
    let result: SearchResult;
    if (found) {
      const path = await pathOf(store, keys, found.fp);
      const violation: Violation = { ...found.finding, path, ...(found.finding.kind === 'liveness' ? { loopStart: path.length - 1 } : {}) };
      s.depth = Math.max(s.depth, found.depth);
      result = { verdict: 'violation', stats: s, violation };
    } else if (limit) result = { verdict: 'inconclusive', stats: s, limit };
    else if (f.truncated) result = { verdict: 'inconclusive', stats: s, limit: depthLimit(o.maxDepth as number) };
    else result = { verdict: 'ok', stats: s };
    if (result.verdict !== 'inconclusive' && !o.keep) {
      await dropRun(store, keys);
      if ((await store.get(CURRENT_RUN)) === run) await store.del(CURRENT_RUN);
    }
    return result;
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
    store.disconnect();
  }
}
