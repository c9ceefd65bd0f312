/**
 * Parallel breadth-first search on worker threads, with the same distinct states, verdicts and
 * shortest counterexamples as `bfs`.
 *
 * Design (measured against owner partitioning, see bench/README.md): the workers share one
 * visited set in SharedArrayBuffers (parallel-table.ts), so a successor is deduplicated where
 * it is computed and never crosses threads for that; the worker that claims a new fingerprint
 * keeps the state for the next level. The search goes level by level with a barrier between
 * levels, so every state of depth d is checked before any of depth d+1 and the first
 * violation of an invariant has a shortest trace. At each barrier the coordinator (this
 * thread, idle otherwise) evens the workers' shares out by moving states between them, the
 * only states that are ever copied. When the table is full enough it asks the workers to
 * pause, grows it, and lets them go on.
 *
 * Each worker rebuilds the model from its source (a module and arguments), as the model
 * cannot be sent between threads. Limits end the search as inconclusive with the figures
 * reached: states and the JS heap are watched by the workers, time and resident memory here;
 * a worker that runs out of heap anyway is reported as a memory limit, not a crash.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ThreadLimits } from './limits.ts';
import { allocateTables, C_COUNT, C_PAUSE, C_STOP, C_SYNC, CONTROL_WORDS, growTables, SharedVisited, type SharedTables } from './parallel-table.ts';
import type { ModelSource, ToCoordinator, ToWorker, WorkerInit } from './parallel-protocol.ts';
import { collisionProbability, type ActionCoverage, type SearchOptions, type SearchResult, type SearchStats } from './search.ts';
import type { Finding, Violation } from './verdict.ts';
import { depthLimit, memoryLimit, timeLimit, type LimitKind } from './limits.ts';

export type { ModelSource } from './parallel-protocol.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** States moved at a barrier only when a worker's share is off by more than this. */
const BALANCE_SLACK = 64;

export interface ParallelOptions extends SearchOptions {
  /** Heap limits of each worker (default: Node's, as for the main thread). */
  workerResourceLimits?: ThreadLimits;
}

interface Inbox {
  messages: ToCoordinator[];
  wake?: () => void;
}

/**
 * Breadth-first search of the model that `source` builds, on `options.workers` threads
 * (default 2). Resolves with the same kind of result as `bfs`; rejects only when the model
 * cannot be built.
 */
export async function parallelBfs(source: ModelSource, options: ParallelOptions = {}): Promise<SearchResult> {
  const n = Math.max(1, Math.floor(options.workers ?? 2));
  const start = performance.now();
  let hasLiveness = false; // the workers say, once they have built the model
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const ctrl = new Int32Array(control);
  const figuresBuffer = new SharedArrayBuffer(n * 4 * 8);
  const figures = new Float64Array(figuresBuffer);
  let tables: SharedTables = allocateTables(1 << 16);
  let shared = new SharedVisited(tables, ctrl);

  // a port between every two workers, for moving states at the barriers
  const peers: [number, MessagePort][][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ch = new MessageChannel();
      peers[i].push([j, ch.port1]);
      peers[j].push([i, ch.port2]);
    }
  }

  const inboxes: Inbox[] = Array.from({ length: n }, () => ({ messages: [] }));
  const dead: boolean[] = Array(n).fill(false);
  let limit: { kind: LimitKind; message: string } | undefined;
  const found: { finding: Finding; id: number; depth: number; worker: number }[] = [];
  let crash: Error | undefined;

  const deliver = (i: number, m: ToCoordinator) => {
    inboxes[i].messages.push(m);
    inboxes[i].wake?.();
  };
  const stop = (l?: { kind: LimitKind; message: string }) => {
    if (l && !limit && found.length === 0) limit = l;
    Atomics.store(ctrl, C_STOP, 1);
  };

  const workers = Array.from({ length: n }, (_, index) => {
    const init: WorkerInit = {
      index,
      count: n,
      source,
      options: { maxStates: options.maxStates, checkDeadlock: options.checkDeadlock },
      control,
      figures: figuresBuffer,
      tables,
      peers: peers[index],
    };
    const w = new Worker(ENTRY, { workerData: init, transferList: peers[index].map(([, p]) => p), resourceLimits: options.workerResourceLimits });
    w.on('message', (m: ToCoordinator) => deliver(index, m));
    w.on('error', (err: Error & { code?: string }) => {
      dead[index] = true;
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        stop({ kind: 'memory', message: `worker ${index + 1} ran out of JavaScript heap (${err.message}); raise it with NODE_OPTIONS=--max-old-space-size=...` });
      } else {
        crash ??= err;
        stop();
      }
      deliver(index, { type: 'stopped' });
    });
    w.on('exit', () => {
      if (!dead[index]) {
        dead[index] = true;
        deliver(index, { type: 'stopped' });
      }
    });
    return w;
  });

  /** The next message of worker i that ends a command (violations and limits are noted on the way). */
  const reply = async (i: number): Promise<ToCoordinator> => {
    for (;;) {
      const box = inboxes[i];
      const m = box.messages.shift();
      if (m === undefined) {
        await new Promise<void>((resolve) => (box.wake = resolve));
        box.wake = undefined;
        continue;
      }
      if (m.type === 'violation') {
        found.push({ finding: m.finding, id: m.id, depth: m.depth, worker: i });
        continue;
      }
      if (m.type === 'limit') {
        stop(m.limit);
        continue;
      }
      return m;
    }
  };

  const send = (i: number, m: ToWorker) => {
    if (!dead[i]) workers[i].postMessage(m);
  };

  let peakRss = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
    return rss;
  };
  let depth = 0;
  let moved = 0;
  const stats = (): SearchStats => {
    const timeMs = performance.now() - start;
    sample();
    let generated = 0, queued = 0, quiescent = 0;
    const expanded: number[] = [];
    for (let i = 0; i < n; i++) {
      generated += figures[i * 4];
      expanded.push(figures[i * 4 + 1]);
      queued += figures[i * 4 + 2];
      quiescent += figures[i * 4 + 3];
    }
    const distinct = Atomics.load(ctrl, C_COUNT);
    return {
      strategy: 'bfs',
      distinct,
      generated,
      depth,
      queued,
      timeMs,
      statesPerSecond: timeMs > 0 ? Math.round((distinct * 1000) / timeMs) : distinct,
      collisionProbability: collisionProbability(distinct, generated),
      peakMemoryMB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1048576),
      coverage: {},
      ...(hasLiveness ? { quiescent } : {}),
      workers: { count: n, expanded, moved },
    };
  };

  const timers: NodeJS.Timeout[] = [];
  if (options.timeLimitMs !== undefined) {
    const ms = options.timeLimitMs;
    timers.push(setTimeout(() => stop(timeLimit(performance.now() - start, ms)), ms));
  }
  timers.push(
    setInterval(() => {
      const l = memoryLimit(sample(), options.maxMemoryMB, ' of the coordinating thread');
      if (l) stop(l);
    }, 100),
  );
  if (options.onProgress) {
    const onProgress = options.onProgress;
    timers.push(setInterval(() => onProgress(stats()), options.progressIntervalMs ?? 1000));
  }

  /**
   * Sends each worker its command and waits until every one has finished it; grows the table
   * whenever they all stopped for that. Returns the replies that ended the command.
   */
  const command = async (cmd: (i: number) => ToWorker | undefined): Promise<(ToCoordinator | undefined)[]> => {
    const last: (ToCoordinator | undefined)[] = Array(n).fill(undefined);
    let active: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = cmd(i);
      if (c && !dead[i]) {
        send(i, c);
        active.push(i);
      }
    }
    for (;;) {
      for (const i of active) last[i] = await reply(i);
      const paused = active.filter((i) => last[i]?.type === 'paused');
      if (paused.length === 0) return last;
      Atomics.load(ctrl, C_SYNC); // every worker's writes before its report are visible from here
      if (Atomics.load(ctrl, C_STOP) !== 0) return last;
      tables = growTables(tables, Atomics.load(ctrl, C_COUNT));
      shared = new SharedVisited(tables, ctrl);
      Atomics.store(ctrl, C_PAUSE, 0);
      active = [];
      for (let i = 0; i < n; i++) {
        if (dead[i]) continue;
        const resume = paused.includes(i);
        send(i, { type: 'resume', tables, run: resume });
        if (resume) active.push(i);
        else await reply(i); // 'resumed': it has the new table
      }
    }
  };

  /** Moves states of the next level from the workers with more than their share to those with less. */
  const balance = async (counts: number[]): Promise<void> => {
    const alive = counts.map((_, i) => i).filter((i) => !dead[i]);
    if (alive.length < 2) return;
    const total = alive.reduce((s, i) => s + counts[i], 0);
    const target = Math.floor(total / alive.length);
    const surplus = alive.filter((i) => counts[i] > target + BALANCE_SLACK).map((i) => ({ i, k: counts[i] - target }));
    const deficit = alive.filter((i) => counts[i] < target - BALANCE_SLACK).map((i) => ({ i, k: target - counts[i] }));
    const expectGot = new Map<number, number>();
    const givers: number[] = [];
    for (const s of surplus) {
      for (const d of deficit) {
        const k = Math.min(s.k, d.k);
        if (k <= 0) continue;
        send(s.i, { type: 'give', to: d.i, count: k });
        moved += k;
        givers.push(s.i);
        expectGot.set(d.i, (expectGot.get(d.i) ?? 0) + 1);
        s.k -= k;
        d.k -= k;
      }
    }
    for (const i of givers) await reply(i);
    for (const [i, times] of expectGot) for (let t = 0; t < times; t++) await reply(i);
  };

  let truncated = false;
  try {
    const ready = await Promise.all(workers.map((_, i) => reply(i)));
    const failed = ready.find((m) => m.type === 'failed');
    if (failed && failed.type === 'failed') throw new Error(failed.message);
    hasLiveness = ready.some((m) => m.type === 'ready' && m.liveness);
    if (crash) throw crash;

    let replies = await command((i) => (i === 0 ? { type: 'initial' } : undefined));
    const failedInit = replies.find((m) => m?.type === 'failed');
    if (failedInit && failedInit.type === 'failed') throw new Error(failedInit.message);
    const maxDepth = options.maxDepth ?? Infinity;
    for (;;) {
      if (Atomics.load(ctrl, C_STOP) !== 0) break;
      const counts = replies.map((m) => (m?.type === 'done' ? m.next : 0));
      if (counts.reduce((a, b) => a + b, 0) === 0) break;
      await balance(counts);
      replies = await command(() => ({ type: 'level', depth, expand: depth < maxDepth }));
      if (replies.some((m) => m?.type === 'done' && m.truncated)) truncated = true;
      if (Atomics.load(ctrl, C_STOP) !== 0) break;
      // the next level is not empty: it is a depth the search reached
      if (replies.some((m) => m?.type === 'done' && m.next > 0)) depth++;
    }
    if (crash) throw crash;

    // what each worker counted
    const coverage: Record<string, ActionCoverage> = {};
    await command((i) => (dead[i] ? undefined : { type: 'final' })).then((finals) => {
      for (const f of finals) {
        if (f?.type !== 'final') continue;
        for (const [k, c] of Object.entries(f.coverage)) {
          const t = (coverage[k] ??= { taken: 0, distinct: 0 });
          t.taken += c.taken;
          t.distinct += c.distinct;
        }
      }
    });
    const s = { ...stats(), coverage };
    if (found.length > 0) {
      found.sort((x, y) => x.depth - y.depth || x.worker - y.worker);
      const f = found[0];
      const path = shared.pathTo(f.id);
      const violation: Violation = { ...f.finding, path, ...(f.finding.kind === 'liveness' ? { loopStart: path.length - 1 } : {}) };
      s.depth = Math.max(s.depth, f.depth);
      return { verdict: 'violation', stats: s, violation };
    }
    if (limit) return { verdict: 'inconclusive', stats: s, limit };
    if (truncated) return { verdict: 'inconclusive', stats: s, limit: depthLimit(options.maxDepth as number) };
    return { verdict: 'ok', stats: s };
  } finally {
    for (const t of timers) clearInterval(t);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
