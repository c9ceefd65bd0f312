/**
 * The portfolio on two threads: WGL in this one, just-in-time linearization on a worker,
 * sharing a memory budget and a flag per partition; the first verdict of each partition
 * wins, and a violation found by either stops both. This thread never waits for the
 * worker to start: it searches at once, and the worker joins when it is up, so a history
 * decided in milliseconds costs no more than it would alone.
 *
 * The worker is kept for the next check (the CLI's many-files mode) and stopped by close();
 * it is unref'd, so a pool left open does not keep the process alive. A worker that crashes
 * or runs out of heap counts as a search that stopped: the check goes on with this thread's,
 * and ends as unknown, never as a verdict, if that one cannot decide either.
 */
import { Worker } from 'node:worker_threads';
import type { ThreadLimits } from '../../../src/core/limits.ts';
import type { History, Operation } from '../history.ts';
import type { Model } from '../model.ts';
import { models } from '../models/index.ts';
import type { Algorithm, CheckOptions, CheckResult, Consistency } from '../result.ts';
import { asHistory, now, prepareOperations, resolveModel, searchModel } from '../prepare.ts';
import { runPartitions, type PartitionOutcome, type ScheduleResult } from '../schedule.ts';
import { MemoryBudget } from '../search/budget.ts';
import { assemble, internalFailure } from '../assemble.ts';
import { defaultMemoryLimit, stopper } from '../limits.ts';
import { checkLinearizability, partition } from '../linearizability.ts';
import { checkSequentialConsistency } from '../sequential.ts';
import { linEngine, scEngine } from '../engines.ts';
import { decideByKey } from '../sequential-keys.ts';
import type { CheckRequest, FromWorker } from './protocol.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** How long a stopped worker may take to answer before it is terminated. */
const GRACE_MS = 3000;
/**
 * How much CPU time (ms) this check may take alone before the worker joins (most histories
 * take less). CPU time, not wall time: on a loaded machine a small history's check can
 * exceed 50 ms of wall time, and starting the worker then (a fresh isolate loading the
 * checker: tens of ms of CPU) competed with the search it was meant to help.
 */
const ALONE_MS = 50;
/** Flags: who decided a partition. */
const MAIN = 1;

export interface PortfolioOptions extends Omit<CheckOptions, 'algorithm'> {
  /** Stop when the process's resident memory exceeds this (the CLI's --max-memory). */
  maxRssBytes?: number;
  /** linearizability (default) or sequential consistency. */
  check?: Consistency;
  /** One algorithm alone, in this thread (wgl or jit; dfs or bfs), or the portfolio (default). */
  algorithm?: Algorithm | 'portfolio';
}

interface Member {
  worker: Worker;
  dead: boolean;
  listener?: (m: FromWorker) => void;
  onExit?: (why: string) => void;
}

export class Portfolio {
  private member?: Member;
  private nextId = 1;

  constructor(private readonly resourceLimits?: ThreadLimits) {}

  /** Checks one history; resolves to the same kind of result as checkLinearizability. */
  async check(history: History | readonly Operation[], modelOrName: Model<any> | string, options: PortfolioOptions = {}): Promise<CheckResult> {
    const start = now();
    const model = resolveModel(modelOrName);
    const builtIn = Object.hasOwn(models, model.name) && models[model.name] === model;
    const check = options.check ?? 'linearizability';
    const sequential = check === 'sequential';
    if (!builtIn || (options.algorithm !== undefined && options.algorithm !== 'portfolio')) {
      if (sequential) return checkSequentialConsistency(history, model, { ...options, algorithm: options.algorithm as 'dfs' | 'bfs' | undefined });
      return checkLinearizability(history, model, { ...options, algorithm: options.algorithm as 'wgl' | 'jit' | undefined });
    }
    // this thread: WGL (and, for sequential consistency, depth-first after it); the worker: the other
    const [here, there]: [Algorithm[], Algorithm] = sequential ? [['wgl', 'dfs'], 'bfs'] : [['wgl'], 'jit'];
    const engine = sequential ? scEngine : linEngine;
    const h = asHistory(history);
    const parts = sequential ? [{ ops: prepareOperations(h, model) }] : partition(prepareOperations(h, model), options.partition === false ? undefined : model);
    const limitBytes = options.maxMemoryBytes ?? defaultMemoryLimit();
    const { budget, buffer } = MemoryBudget.shared(limitBytes);
    const id = this.nextId++;
    const decided = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, parts.length)));
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    let member: Member | undefined;
    const fromWorker: (PartitionOutcome | undefined)[] = [];
    let workerFinal: { outcomes?: PartitionOutcome[]; reason?: string; peakBytes: number } | undefined;
    let workerGone: ((why: string) => void) | undefined;
    let resolveFinished!: () => void;
    const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
    const join = () => {
      const resolve = resolveFinished;
      member = this.worker();
      member.listener = (m) => {
        if (!('id' in m) || m.id !== id) return;
        if (m.type === 'partition') fromWorker[m.index] = m.outcome;
        else {
          workerFinal = m.type === 'done' ? { outcomes: m.outcomes, reason: m.reason, peakBytes: m.peakBytes } : { reason: `internal error (please report it): ${m.message}`, peakBytes: 0 };
          resolve();
        }
      };
      member.onExit = workerGone = (why) => {
        workerFinal ??= { reason: why, peakBytes: 0 };
        resolve();
      };
      member.worker.postMessage(req);
    };
    const req: CheckRequest = {
      type: 'check', id, check, algorithm: there, model: model.name, parts: parts.map((p) => p.ops),
      decided: decided.buffer as SharedArrayBuffer, stop: stopFlag.buffer as SharedArrayBuffer, memory: buffer, limitBytes,
      prune: options.prune !== false,
    };
    const limits = stopper(start, options);
    if (sequential) {
      // each key alone first, in this thread: one that has no order refutes the whole store, and
      // linearizations of every key that merge decide it
      try {
        const byKey = decideByKey(model, searchModel(model, options.prune), h, parts[0].ops, start, budget, limits, options.timeoutMs);
        budget.releaseAll();
        if (byKey) return byKey;
      } catch (e) {
        return internalFailure(check, model, h, parts, e, start, limitBytes);
      }
    }
    const cpu0 = process.cpuUsage();
    const aloneSpent = () => {
      const c = process.cpuUsage(cpu0);
      return (c.user + c.system) / 1000 >= ALONE_MS;
    };

    // WGL here, while the worker runs JIT
    let mine: ScheduleResult;
    try {
      mine = runPartitions(searchModel(model, options.prune), req.parts, engine, {
        algorithms: here,
        budget,
        stop: () => {
          if (!member && now() - start >= ALONE_MS && aloneSpent()) join();
          return limits();
        },
        skip: (i) => Atomics.load(decided, i) !== 0,
        onDecided: (i, o) => {
          if (o.verdict === 'ok' || o.verdict === 'illegal') Atomics.compareExchange(decided, i, 0, MAIN);
        },
      });
    } catch (e) {
      Atomics.store(stopFlag, 0, 1);
      return internalFailure(check, model, h, parts, e, start, limitBytes);
    } finally {
      budget.releaseAll();
    }
    const byWorker = () => [...decided].some((d, i) => d !== 0 && d !== MAIN && fromWorker[i] === undefined);
    const settled = () => mine.failed !== undefined || mine.outcomes.every((o, i) => decided[i] === MAIN || fromWorker[i] !== undefined);
    const callersLimit = mine.reason !== undefined && (mine.reason.startsWith('time limit') || mine.reason.startsWith('the check was cancelled') || mine.reason.startsWith('memory limit reached:'));
    if (mine.failed !== undefined || mine.reason === undefined || callersLimit) {
      // decided here, or a limit of the caller's: the worker stops (and is awaited only for verdicts it reported)
      Atomics.store(stopFlag, 0, 1);
    } else if (!member) join(); // this thread gave up early (out of its share of memory): the worker's turn
    if (member && (!settled() || byWorker())) await this.await(finished, stopFlag, start, options, settled, () => workerGone?.('did not stop in time and was terminated'));
    Atomics.store(stopFlag, 0, 1);
    if (member) member.listener = member.onExit = undefined;

    // combine: a partition takes the verdict of whoever decided it
    const outcomes = mine.outcomes.map((o, i): PartitionOutcome => {
      if (decided[i] !== MAIN && fromWorker[i]) return fromWorker[i]!;
      if (o.verdict === 'unknown' || o.verdict === 'unchecked') {
        const w = workerFinal?.outcomes?.[i];
        if (w && (w.verdict === 'unknown' || w.verdict === 'unchecked')) return { ...o, progress: [...(o.progress ?? []), ...(w.progress ?? [])], steps: o.steps + w.steps };
      }
      return o;
    });
    const failedIndex = mine.failed ?? outcomes.findIndex((o) => o.verdict === 'illegal');
    const failed = failedIndex >= 0 ? failedIndex : undefined;
    const undecided = failed === undefined && outcomes.some((o) => o.verdict !== 'ok');
    const reasons = [mine.reason, workerFinal?.reason && workerFinal.reason !== 'stopped' ? `${there}: ${workerFinal.reason}` : undefined].filter(Boolean);
    const sched: ScheduleResult = {
      outcomes: outcomes.map((o) => (undecided && o.verdict === 'unchecked' ? { ...o, verdict: 'unknown' } : o)),
      ...(undecided ? { reason: reasons.join('; ') || 'both searches stopped' } : {}),
      ...(failed === undefined ? {} : { failed }),
    };
    try {
      return assemble(check, model, h, parts, sched, start, { limitBytes, peakBytes: Math.max(budget.peak, workerFinal?.peakBytes ?? 0) });
    } catch (e) {
      return internalFailure(check, model, h, parts, e, start, limitBytes);
    }
  }

  /** Waits for the worker to settle what this thread left open, within the caller's limits. */
  private async await(
    finished: Promise<void>,
    stopFlag: Int32Array,
    start: number,
    options: PortfolioOptions,
    settled: () => boolean,
    kill: () => void,
  ): Promise<void> {
    let grace: NodeJS.Timeout | undefined;
    const halt = () => {
      Atomics.store(stopFlag, 0, 1);
      grace ??= setTimeout(() => {
        if (this.member) void this.retire(this.member);
        kill();
      }, GRACE_MS);
    };
    const poll = setInterval(() => {
      if (settled()) halt();
      if (options.signal?.aborted) halt();
      if (options.timeoutMs !== undefined && now() - start >= options.timeoutMs) halt();
      if (options.maxRssBytes !== undefined && process.memoryUsage.rss() > options.maxRssBytes) halt();
    }, 10);
    try {
      await finished;
    } finally {
      clearInterval(poll);
      if (grace) clearTimeout(grace);
    }
  }

  private worker(): Member {
    if (this.member && !this.member.dead) return this.member;
    const worker = new Worker(ENTRY, { resourceLimits: this.resourceLimits });
    worker.unref();
    const member: Member = { worker, dead: false };
    worker.on('message', (m: FromWorker) => member.listener?.(m));
    const gone = (why: string) => {
      if (member.dead) return;
      member.dead = true;
      member.onExit?.(why);
    };
    worker.on('error', (err: Error & { code?: string }) =>
      gone(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'its thread ran out of JavaScript heap' : `its thread failed: ${err.message}`),
    );
    worker.on('exit', (code) => gone(`its thread exited (code ${code})`));
    return (this.member = member);
  }

  private async retire(m: Member): Promise<void> {
    m.dead = true;
    if (this.member === m) this.member = undefined;
    await m.worker.terminate().catch(() => undefined);
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    if (this.member) await this.retire(this.member);
  }
}

/** checkLinearizability with the portfolio on two threads (a pool for one check). */
export async function checkLinearizabilityParallel(history: History | readonly Operation[], model: Model<any> | string, options: PortfolioOptions = {}): Promise<CheckResult> {
  const pool = new Portfolio();
  try {
    return await pool.check(history, model, options);
  } finally {
    await pool.close();
  }
}


