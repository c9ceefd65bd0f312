/**
 * The thread a CLI check runs on (in the process of check-host.mjs; watchdog.ts drives it):
 * runs one spec's check at a time with `runSpec`, posting its progress, what it built and its
 * outcome, and writing what it is doing to its activity board, which the host reads if it has
 * to stop this thread.
 */
import { parentPort } from 'node:worker_threads';
import { ACTIVITY_BYTES, publishActivity } from '../core/activity.ts';
import type { SearchStats } from '../core/search.ts';
import { SpecError, type SpecIssue } from '../schema/schema.ts';
import { runSpec, type BuiltInfo, type RunOptions, type SpecOutcome } from '../spec/run.ts';

export interface CheckJob {
  id: number;
  file: string;
  overrides: string[];
  settings: RunOptions['settings'];
  /** The spec's YAML when it is not read from the file (a spec given to the library API as an object). */
  text?: string;
}

/** A whole command (replay, shrink, itf) run here, its output sent back as it is written. */
export interface CommandJob {
  id: number;
  command: string[];
}

export type FromCheckThread =
  | { type: 'started'; id: number }
  | { type: 'out'; id: number; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'exit'; id: number; code: number }
  | { type: 'progress'; id: number; stats: SearchStats }
  | { type: 'built'; id: number; info: BuiltInfo }
  | { type: 'done'; id: number; outcome: SpecOutcome }
  | { type: 'spec-error'; id: number; issues: SpecIssue[] }
  | { type: 'crash'; id: number; message: string };

/** How often the thread posts its figures: they are what a stopped check reports. */
const PROGRESS_MS = 250;

/** The outcome as plain data: an error's cause does not cross threads (its words are in the message). */
function cloneable(o: SpecOutcome): SpecOutcome {
  const v = o.result.violation;
  return v?.cause === undefined ? o : { ...o, result: { ...o.result, violation: { ...v, cause: undefined } } };
}

if (parentPort) {
  const port = parentPort;
  const board = new SharedArrayBuffer(ACTIVITY_BYTES);
  publishActivity(board);
  port.postMessage({ type: 'board', buffer: board });
  process.env.PROTOCHECK_IN_HOST = '1'; // this thread's own env: a command run here runs here
  const post = (m: FromCheckThread) => port.postMessage(m);
  port.on('message', async (job: CheckJob | CommandJob) => {
    if ('command' in job) return runCommand(job, post);
    post({ type: 'started', id: job.id });
    try {
      const outcome = await runSpec(job.file, {
        overrides: job.overrides,
        settings: job.settings,
        text: job.text,
        progressIntervalMs: PROGRESS_MS,
        onProgress: (stats) => post({ type: 'progress', id: job.id, stats }),
        onBuilt: (info) => post({ type: 'built', id: job.id, info }),
      });
      post({ type: 'done', id: job.id, outcome: cloneable(outcome) });
    } catch (err) {
      if (err instanceof SpecError) post({ type: 'spec-error', id: job.id, issues: err.issues });
      else post({ type: 'crash', id: job.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

/** Runs a command as `main` would in a process of its own, sending its output in order, then its exit code. */
async function runCommand(job: CommandJob, post: (m: FromCheckThread) => void): Promise<void> {
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const stream of ['stdout', 'stderr'] as const) {
    process[stream].write = ((text: string | Uint8Array) => (post({ type: 'out', id: job.id, stream, text: String(text) }), true)) as typeof process.stdout.write;
  }
  try {
    const { main } = await import('./main.ts');
    post({ type: 'exit', id: job.id, code: await main(job.command) });
  } catch (err) {
    post({ type: 'crash', id: job.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  } finally {
    Object.assign(process.stdout, { write: write.stdout });
    Object.assign(process.stderr, { write: write.stderr });
  }
}
