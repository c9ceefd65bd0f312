/**
 * The CLI's watchdog: each spec's check runs in a process of its own (check-host.mjs), on a
 * thread there (check-thread.ts) that the host can stop, so that a time limit, a memory limit
 * or Ctrl-C ends even a check stuck where it cannot look at a clock (a handler that never
 * returns, a model too large to build, the liveness pass), and so that a check V8 aborts (an
 * impossible allocation) does not take the CLI down. The check's own limits end it first in
 * the ordinary case, with its full report; the watchdog stops it a grace period later (after
 * the time limit, or once the check's process has held more than --max-memory that long) and
 * reports it as inconclusive with the last figures it published and what it was doing then (the handler, or the pass). One host
 * serves one spec after another, so its start-up (the TypeScript loader, the modules) is paid
 * once per command.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { readActivity } from '../core/activity.ts';
import type { Limit } from '../core/limits.ts';
import type { SearchResult, SearchStats } from '../core/search.ts';
import { SpecError, type SpecIssue } from '../schema/schema.ts';
import { compare, runSpec, type BuiltInfo, type SpecOutcome } from '../spec/run.ts';
import type { CheckSettings, Spec } from '../spec/spec.ts';
import type { CheckJob, CommandJob, FromCheckThread } from './check-thread.ts';
import { forkHost, takeEarlyHost } from './host-process.ts';

/** How long after its time limit a check that has not ended by itself is stopped. */
export const GRACE_MS = 1000;
/** Longer than this, a timer fires at once (Node's setTimeout takes 32 bits of milliseconds): no deadline. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often the check's resident memory is read against --max-memory. */
const MEMORY_POLL_MS = 200;

export type StopReason = 'time' | 'memory' | 'interrupted';

export type ThreadResult =
  | { kind: 'done'; outcome: SpecOutcome }
  | { kind: 'spec-error'; issues: SpecIssue[] }
  | { kind: 'stopped'; why: StopReason; limit: Limit; stats?: SearchStats; built?: BuiltInfo; elapsedMs: number }
  | { kind: 'crash'; message: string };

type FromHost = FromCheckThread | { type: 'stopped'; board?: Uint16Array } | { type: 'oom' | 'thread-error'; message: string; board: Uint16Array } | { type: 'rss'; bytes: number };

export interface Watch {
  /** Seconds. */
  timeLimit?: number;
  /** MiB. */
  maxMemory?: number;
  onProgress?: (stats: SearchStats) => void;
}

let idle: CheckHost | undefined;

/** What runs a command's checks: a host process, or (PROTOCHECK_WATCHDOG=off) this thread. */
export interface Checker {
  run(job: Omit<CheckJob, 'id'>, watch: Watch): Promise<ThreadResult>;
  stop(why: StopReason): void;
  release(): void;
}

/**
 * The host for the next check: the one the last command left idle, or a new one. With
 * PROTOCHECK_WATCHDOG=off the checks run on this thread, without the watchdog (to debug with
 * an inspector, or to measure what the watchdog costs: bench/README.md).
 */
export function checkHost(): Checker {
  if (process.env.PROTOCHECK_WATCHDOG === 'off') return inProcess;
  const h = idle ?? new CheckHost();
  idle = undefined;
  return h;
}

/** Commands that replay a model from a trace (whose recorded parameters may be anything) run in a host, not in the CLI's process. */
const HOSTED = new Set(['replay', 'shrink', 'itf']);

/** Runs `argv` in a host if it is such a command and this is not a host already; undefined: run it here. */
export async function hostedCommand(argv: string[]): Promise<number | undefined> {
  if (!HOSTED.has(argv[2]) || process.env.PROTOCHECK_IN_HOST === '1' || process.env.PROTOCHECK_WATCHDOG === 'off') return undefined;
  const h = idle ?? new CheckHost();
  idle = undefined;
  try {
    return await h.command(argv);
  } finally {
    h.release();
  }
}

const inProcess: Checker = {
  async run(job, watch) {
    try {
      return { kind: 'done', outcome: await runSpec(job.file, { overrides: job.overrides, settings: job.settings, text: job.text, onProgress: watch.onProgress }) };
    } catch (err) {
      if (err instanceof SpecError) return { kind: 'spec-error', issues: err.issues };
      throw err;
    }
  },
  stop: () => process.exit(130),
  release: () => {},
};

/** What V8 prints when it aborts (the last collections, its native stack): the watchdog says it in one line instead. */
const V8_FATAL = /^(<--- .* --->|FATAL ERROR:|----- Native stack trace -----|\s*\d+: 0x[0-9a-f]+ |\[\d+:0x[0-9a-f]+\]|\s*$)/;

/** Copies what the check's process writes (a protocol's console.log) to ours, line by line, without V8's report of an abort. */
function relay(from: Readable | null, to: NodeJS.WriteStream): void {
  if (!from) return;
  let fatal = false;
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (/^<--- Last few GCs --->|^FATAL ERROR:/.test(line)) fatal = true;
    if (!(fatal && V8_FATAL.test(line))) to.write(`${line}\n`);
  });
}

/** A process that runs checks one at a time and can be stopped at any moment. */
export class CheckHost implements Checker {
  private child?: ChildProcess;
  private jobs = 0;
  private stopNow?: (why: StopReason) => void;

  private spawn(): ChildProcess {
    if (this.child) return this.child;
    const child = takeEarlyHost() ?? forkHost();
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    child.on('error', () => {}); // a message to a host that has gone: its exit says what happened
    this.child = child;
    return child;
  }

  /** Stops the running check (Ctrl-C); it resolves as stopped. */
  stop(why: StopReason): void {
    this.stopNow?.(why);
  }

  /** Hands the host back for the next check (it does not keep the process alive while idle). */
  release(): void {
    if (!this.child) return;
    hold(this.child, false);
    idle = this;
  }

  run(job: Omit<CheckJob, 'id'>, watch: Watch): Promise<ThreadResult> {
    const c = this.spawn();
    hold(c, true);
    const id = ++this.jobs;
    return new Promise<ThreadResult>((resolve) => {
      const started = performance.now();
      let stats: SearchStats | undefined;
      let built: BuiltInfo | undefined;
      let stopping: StopReason | undefined;
      let overSince: number | undefined;
      let rss = 0;
      const timers: NodeJS.Timeout[] = [];
      const elapsed = () => performance.now() - started;
      const finish = (r: ThreadResult) => {
        for (const t of timers) clearTimeout(t);
        c.off('message', onMessage).off('exit', onExit);
        this.stopNow = undefined;
        resolve(r);
      };
      const stopped = (why: StopReason, limit: Limit) => finish({ kind: 'stopped', why, limit, stats: stats && { ...stats, timeMs: elapsed() }, built, elapsedMs: elapsed() });
      this.stopNow = (why) => {
        if (stopping) return;
        stopping = why;
        if (c.connected) c.send({ type: 'stop' });
        // a host that does not answer is killed: the figures are the last ones it sent
        timers.push(setTimeout(() => this.kill(), 2000));
      };
      const onMessage = (m: FromHost) => {
        if ('id' in m && m.id !== id) return;
        switch (m.type) {
          case 'progress':
            stats = m.stats;
            watch.onProgress?.(m.stats);
            return;
          case 'built':
            built = m.info;
            return;
          case 'done':
            return finish({ kind: 'done', outcome: m.outcome });
          case 'spec-error':
            return finish({ kind: 'spec-error', issues: m.issues });
          case 'crash':
          case 'thread-error':
            return finish({ kind: 'crash', message: m.message });
          case 'stopped':
            if (!stopping) return;
            return stopped(stopping, stopLimit(stopping, elapsed(), watch, m.board ? readActivity(m.board) : {}, rss));
          case 'oom':
            return stopped('memory', { kind: 'memory', message: `the JavaScript heap ran out${during(readActivity(m.board))} (raise it with NODE_OPTIONS=--max-old-space-size=...)` });
          case 'rss':
            // over the limit for a grace period: the check's own guard, which reports more, comes first
            if (watch.maxMemory !== undefined && m.bytes > watch.maxMemory * 1048576) {
              rss = m.bytes;
              overSince ??= performance.now();
              if (performance.now() - overSince >= GRACE_MS) return this.stopNow?.('memory');
            } else overSince = undefined;
            if (!stopping) timers.push(setTimeout(() => c.connected && c.send({ type: 'rss' }), MEMORY_POLL_MS));
            return;
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        if (stopping) return stopped(stopping, stopLimit(stopping, elapsed(), watch, {}, rss));
        // V8 aborts the process on an allocation it cannot make (an array of 10^9 elements, a table too large)
        const message = `the check's process ended (${signal ?? `exit code ${code}`}), most likely out of memory: V8 aborts on an allocation it cannot make, such as an array of a billion elements`;
        finish({ kind: 'stopped', why: 'memory', limit: { kind: 'memory', message }, stats, built, elapsedMs: elapsed() });
      };
      c.on('message', onMessage).on('exit', onExit);
      // the limit counts from here, the host's start-up (once per command) included
      const ms = watch.timeLimit !== undefined ? watch.timeLimit * 1000 + GRACE_MS : undefined;
      if (ms !== undefined && ms <= MAX_TIMER_MS) timers.push(setTimeout(() => this.stopNow?.('time'), ms));
      if (watch.maxMemory !== undefined) timers.push(setTimeout(() => c.connected && c.send({ type: 'rss' }), MEMORY_POLL_MS));
      c.send({ type: 'job', job: { ...job, id } satisfies CheckJob });
    });
  }

  /**
   * Runs a whole command (replay, shrink, itf) in the host, relaying its output; resolves to its
   * exit code. A host that V8 aborts (a trace whose parameters make a model ask for an impossible
   * allocation) is reported in one line, as a memory limit (exit 3).
   */
  command(argv: string[]): Promise<number> {
    const c = this.spawn();
    hold(c, true);
    const id = ++this.jobs;
    return new Promise<number>((resolve, reject) => {
      const finish = (code: number) => {
        c.off('message', onMessage).off('exit', onExit);
        resolve(code);
      };
      const onMessage = (m: FromHost) => {
        if (m.type === 'oom') {
          process.stderr.write(`protocheck: ${argv[2]} stopped: the JavaScript heap ran out${during(readActivity(m.board))} (raise it with NODE_OPTIONS=--max-old-space-size=...)\n`);
          return finish(3);
        }
        if (m.type === 'thread-error') {
          c.off('message', onMessage).off('exit', onExit);
          return reject(new Error(m.message));
        }
        if (!('id' in m) || m.id !== id) return;
        if (m.type === 'out') process[m.stream].write(m.text);
        else if (m.type === 'exit') finish(m.code);
        else if (m.type === 'crash') {
          c.off('message', onMessage).off('exit', onExit);
          reject(new Error(m.message));
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        process.stderr.write(`protocheck: ${argv[2]} stopped: its process ended (${signal ?? `exit code ${code}`}), most likely out of memory: V8 aborts on an allocation it cannot make, such as an array of a billion elements\n`);
        finish(3);
      };
      c.on('message', onMessage).on('exit', onExit);
      c.send({ type: 'job', job: { id, command: argv } satisfies CommandJob });
    });
  }

  private kill(): void {
    this.child?.kill('SIGKILL');
  }
}

/** Whether the host (its process, its channel, its output pipes) keeps this process alive. */
function hold(c: ChildProcess, on: boolean): void {
  for (const h of [c, c.channel, c.stdout, c.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[]) (on ? h?.ref : h?.unref)?.call(h);
}

function during(a: { phase?: string; handler?: string }): string {
  if (a.handler) return ` while ${a.handler.replace(' handling ', ' was handling ')}, which had not returned`;
  return a.phase ? ` during ${a.phase}` : '';
}

/** The limit a stopped check reports: which limit, when, and what the check was doing. */
function stopLimit(why: StopReason, elapsedMs: number, watch: Watch, a: { phase?: string; handler?: string }, rss: number): Limit {
  const s = (elapsedMs / 1000).toFixed(1);
  switch (why) {
    case 'time':
      return { kind: 'time', message: `time limit reached after ${s} s${during(a)} (--time-limit ${watch.timeLimit}); the check was stopped` };
    case 'memory':
      return { kind: 'memory', message: `memory limit reached: ${(rss / 1048576).toFixed(0)} MiB resident${during(a)} (--max-memory ${watch.maxMemory}); the check was stopped` };
    case 'interrupted':
      return { kind: 'interrupted', message: `interrupted after ${s} s${during(a)}` };
  }
}

/** The outcome of a check the watchdog stopped: inconclusive, with the last figures the check published. */
export function stoppedOutcome(spec: Spec, cli: Partial<CheckSettings>, r: Extract<ThreadResult, { kind: 'stopped' }>): SpecOutcome {
  const settings: CheckSettings = { ...spec.check };
  for (const [k, v] of Object.entries(cli)) if (v !== undefined) (settings as unknown as Record<string, unknown>)[k] = v;
  const info: BuiltInfo = r.built ?? { model: spec.name, params: spec.params, settings, properties: spec.properties.map((p) => p.name), liveness: [] };
  const stats: SearchStats = r.stats ?? {
    strategy: settings.strategy,
    distinct: 0,
    generated: 0,
    depth: 0,
    queued: 0,
    timeMs: r.elapsedMs,
    statesPerSecond: 0,
    collisionProbability: 0,
    peakMemoryMB: 0,
    coverage: {},
  };
  const result: SearchResult = { verdict: 'inconclusive', stats, limit: r.limit };
  return { spec, ...info, result, stopped: r.why, expectation: compare(spec, result, undefined) };
}
