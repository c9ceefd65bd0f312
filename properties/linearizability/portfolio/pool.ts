/**
 * The portfolio on worker threads: WGL on one, just-in-time linearization on the other,
 * sharing a memory budget and a flag per partition; the first verdict of each partition
 * wins, and a violation found by either stops both. A history that the two decide in a few
 * hundred milliseconds in this thread (most do) never waits for the workers to start.
 *
 * Workers are kept for the next check (the CLI's many-files mode) and stopped by close();
 * they are unref'd, so a pool left open does not keep the process alive. A worker that
 * crashes or runs out of heap counts as a search that stopped: the check goes on with the
 * other, and ends as unknown, never as a verdict, if neither decides.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { History, Operation } from '../history.ts';
import type { Model } from '../model.ts';
import { models } from '../models/index.ts';
import type { Algorithm, CheckOptions, CheckResult } from '../result.ts';
import { asHistory, now, prepareOperations, resolveModel } from '../prepare.ts';
import { runPartitions, type PartitionOutcome, type ScheduleResult } from '../schedule.ts';
import { MemoryBudget } from '../search/budget.ts';
import { assemble, internalFailure } from '../assemble.ts';
import { defaultMemoryLimit, mib, stopper } from '../limits.ts';
import { algorithmsOf, checkLinearizability, partition } from '../linearizability.ts';
import type { CheckRequest, FromWorker } from './protocol.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** How long this thread tries alone before handing over to the workers. */
const ALONE_MS = 250;
/** How long a stopped worker may take to answer before it is terminated. */
const GRACE_MS = 3000;

export interface PortfolioOptions extends CheckOptions {
  /** Stop when the process's resident memory exceeds this (the CLI's --max-memory). */
  maxRssBytes?: number;
}

interface Member {
  worker: Worker;
  ready: Promise<void>;
  listener?: (m: FromWorker) => void;
  onExit?: (why: string) => void;
  dead: boolean;
}

export class Portfolio {
  private members: Member[] = [];
  private nextId = 1;

  constructor(private readonly resourceLimits?: ResourceLimits) {}

  /** Checks one history; resolves to the same kind of result as checkLinearizability. */
  async check(history: History | readonly Operation[], modelOrName: Model<any> | string, options: PortfolioOptions = {}): Promise<CheckResult> {
    const start = now();
    const model = resolveModel(modelOrName);
    const builtIn = Object.hasOwn(models, model.name) && models[model.name] === model;
    if (!builtIn || (options.algorithm !== undefined && options.algorithm !== 'portfolio')) return checkLinearizability(history, model, options);
    const h = asHistory(history);
    const parts = partition(prepareOperations(h, model), options.partition === false ? undefined : model);
    const limitBytes = options.maxMemoryBytes ?? defaultMemoryLimit();

    // alone first: most histories take milliseconds
    const alone = new MemoryBudget(limitBytes);
    const quick = Math.min(ALONE_MS, options.timeoutMs ?? Infinity);
    let first: ScheduleResult;
    try {
      first = runPartitions(model, parts.map((p) => p.ops), { algorithms: algorithmsOf('portfolio'), budget: alone, stop: stopper(start, { ...options, timeoutMs: quick }) });
    } catch (e) {
      return internalFailure(model, h, parts, e, start, limitBytes);
    }
    const userStopped = options.signal?.aborted || (options.timeoutMs !== undefined && now() - start >= options.timeoutMs);
    if (!first.reason || userStopped) return this.finish(model, h, parts, first, start, limitBytes, alone.peak);

    const sched = await this.race(model.name, parts.map((p) => p.ops), first, start, limitBytes, options);
    return this.finish(model, h, parts, sched.result, start, limitBytes, Math.max(alone.peak, sched.peakBytes));
  }

  private finish(model: Model<any>, h: History, parts: ReturnType<typeof partition>, sched: ScheduleResult, start: number, limitBytes: number, peakBytes: number): CheckResult {
    try {
      return assemble(model, h, parts, sched, start, { limitBytes, peakBytes });
    } catch (e) {
      return internalFailure(model, h, parts, e, start, limitBytes);
    }
  }

  /** Runs both algorithms on the workers; partitions decided alone already are skipped. */
  private async race(
    modelName: string,
    parts: Operation[][],
    first: ScheduleResult,
    start: number,
    limitBytes: number,
    options: PortfolioOptions,
  ): Promise<{ result: ScheduleResult; peakBytes: number }> {
    const id = this.nextId++;
    const n = parts.length;
    const decided = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const memory = new SharedArrayBuffer(4);
    const outcomes: (PartitionOutcome | undefined)[] = first.outcomes.map((o) => (o.verdict === 'ok' ? o : undefined));
    outcomes.forEach((o, i) => o && (decided[i] = 1));
    let failed: number | undefined;
    let reason: string | undefined;
    let peakBytes = 0;
    const finals: (PartitionOutcome[] | undefined)[] = [];
    const reasons: string[] = [];

    const halt = (why?: string) => {
      if (why && !reason) reason = why;
      Atomics.store(stop, 0, 1);
    };
    const algorithms: Algorithm[] = ['wgl', 'jit'];
    const members = await this.ensure(2);
    const timers: NodeJS.Timeout[] = [];
    if (options.timeoutMs !== undefined) {
      const left = Math.max(0, options.timeoutMs - (now() - start));
      timers.push(setTimeout(() => halt(`time limit of ${+(options.timeoutMs! / 1000).toFixed(3)} s reached`), left));
    }
    timers.push(
      setInterval(() => {
        if (options.signal?.aborted) halt('the check was cancelled');
        const rss = process.memoryUsage.rss();
        if (options.maxRssBytes !== undefined && rss > options.maxRssBytes)
          halt(`memory limit reached: ${mib(rss)} MiB resident (--max-memory ${mib(options.maxRssBytes)})`);
      }, 50),
    );
    const runOne = (member: Member, w: number) =>
      new Promise<void>((resolve) => {
        let grace: NodeJS.Timeout | undefined;
        const done = () => {
          clearInterval(watch);
          if (grace) clearTimeout(grace);
          member.listener = member.onExit = undefined;
          resolve();
        };
        member.listener = (m) => {
          if (!('id' in m) || m.id !== id) return;
          if (m.type === 'partition') {
            outcomes[m.index] = m.outcome;
            if (m.outcome.verdict === 'illegal' && failed === undefined) {
              failed = m.index;
              halt();
            } else if (outcomes.every((o) => o !== undefined)) halt();
            return;
          }
          if (m.type === 'done') {
            finals[w] = m.outcomes;
            peakBytes = Math.max(peakBytes, m.peakBytes);
            if (m.reason && m.reason !== 'stopped') reasons.push(`${algorithms[w]}: ${m.reason}`);
          } else reasons.push(`${algorithms[w]}: internal error (please report it): ${m.message}`);
          done();
        };
        member.onExit = (why) => {
          reasons.push(`${algorithms[w]}: ${why}`);
          done();
        };
        // once stopped, a worker answers within a slice; one that does not is terminated
        const watch = setInterval(() => {
          if (Atomics.load(stop, 0) === 0 || grace) return;
          grace = setTimeout(() => {
            reasons.push(`${algorithms[w]}: did not stop within ${GRACE_MS / 1000} s and was terminated`);
            void this.retire(member);
            done();
          }, GRACE_MS);
        }, 20);
        const req: CheckRequest = { type: 'check', id, algorithm: algorithms[w], model: modelName, parts, decided: decided.buffer as SharedArrayBuffer, stop: stop.buffer as SharedArrayBuffer, memory, limitBytes };
        member.worker.postMessage(req);
      });
    try {
      await Promise.all(members.map(runOne));
    } finally {
      for (const t of timers) clearTimeout(t);
    }
    const result: PartitionOutcome[] = outcomes.map((o, i) => {
      if (o) return o;
      const progress = finals.flatMap((f) => f?.[i]?.progress ?? []);
      const steps = finals.reduce((a, f) => a + (f?.[i]?.steps ?? 0), 0);
      return { verdict: failed === undefined ? 'unknown' : 'unchecked', progress, steps, configurations: 0 };
    });
    const undecided = failed === undefined && result.some((o) => o.verdict === 'unknown');
    const why = reason ?? (reasons.length ? reasons.join('; ') : 'both searches stopped');
    return { result: { outcomes: result, ...(undecided ? { reason: why } : {}), ...(failed === undefined ? {} : { failed }) }, peakBytes };
  }

  /** `count` live workers, started if needed. */
  private async ensure(count: number): Promise<Member[]> {
    this.members = this.members.filter((m) => !m.dead);
    while (this.members.length < count) this.members.push(this.spawn());
    const list = this.members.slice(0, count);
    await Promise.all(list.map((m) => m.ready));
    return list;
  }

  private spawn(): Member {
    const worker = new Worker(ENTRY, { resourceLimits: this.resourceLimits });
    worker.unref();
    let ready!: () => void;
    const member: Member = { worker, dead: false, ready: new Promise<void>((r) => (ready = r)) };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') ready();
      else member.listener?.(m);
    });
    const gone = (why: string) => {
      if (member.dead) return;
      member.dead = true;
      ready();
      member.onExit?.(why);
    };
    worker.on('error', (err: Error & { code?: string }) =>
      gone(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'its thread ran out of JavaScript heap' : `its thread failed: ${err.message}`),
    );
    worker.on('exit', (code) => gone(`its thread exited (code ${code})`));
    return member;
  }

  private async retire(m: Member): Promise<void> {
    m.dead = true;
    await m.worker.terminate();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    const list = this.members;
    this.members = [];
    await Promise.all(list.map((m) => this.retire(m)));
  }
}

/** checkLinearizability with the portfolio on two worker threads (one-off pool). */
export async function checkLinearizabilityParallel(history: History | readonly Operation[], model: Model<any> | string, options: PortfolioOptions = {}): Promise<CheckResult> {
  const pool = new Portfolio();
  try {
    return await pool.check(history, model, options);
  } finally {
    await pool.close();
  }
}
