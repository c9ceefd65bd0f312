// The process a CLI check runs in (src/cli/watchdog.ts is its other end). It starts the check's
// thread (check-thread-entry.mjs) at once, relays messages both ways, and, told to stop, copies
// the thread's activity board (what it is doing: src/core/activity.ts) and terminates it. Its
// own thread never runs a check, so it always answers; and whatever kills the check's process
// (a model that asks V8 for an impossible allocation aborts the whole process) leaves the CLI
// standing. Plain JavaScript: it starts without the TypeScript loader.
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./check-thread-entry.mjs', import.meta.url);

let worker;
/** The thread's activity board (a SharedArrayBuffer it sends first). */
let board;

const snapshot = () => (board ? new Uint16Array(board).slice() : undefined);

function thread() {
  if (worker) return worker;
  const w = new Worker(ENTRY);
  w.on('message', (m) => {
    if (m.type === 'board') board = m.buffer;
    else process.send(m);
  });
  w.on('error', (err) => {
    if (worker === w) worker = undefined;
    process.send({ type: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'thread-error', message: err.stack ?? String(err), board: snapshot() });
  });
  w.on('exit', () => {
    if (worker === w) worker = undefined;
  });
  worker = w;
  return w;
}

process.on('message', async (m) => {
  if (m.type === 'job') thread().postMessage(m.job);
  else if (m.type === 'stop') {
    const seen = snapshot();
    const w = worker;
    worker = undefined;
    board = undefined;
    if (w) await w.terminate();
    process.send({ type: 'stopped', board: seen });
    thread(); // the next check's thread starts now
  } else if (m.type === 'rss') process.send({ type: 'rss', bytes: process.memoryUsage.rss() });
});
// Ctrl-C reaches every process of the terminal's group: the CLI decides, and stops this one
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
thread();
