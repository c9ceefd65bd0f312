/**
 * A worker process the coordinator started on its own machine: `entry.mjs <store> <run>`.
 * It exits when the run ends, or when the coordinator that started it goes away (its IPC
 * channel closes, or its heartbeat in the run stops: a check thread stopped by the watchdog
 * or Ctrl-C leaves the process, and the channel, behind), so that a stopped check leaves no
 * search running behind it.
 */
import { runWorker } from './worker.ts';

const [store, run] = process.argv.slice(2);
process.on('disconnect', () => process.exit(0));
// the coordinator beats every 50 ms; 10 s leaves room for a restart of Redis
runWorker({ store, run, followCoordinatorMs: 10_000 }).then(
  (r) => {
    // exit once the report is sent (an exit right after send can drop it)
    if (process.send) process.send({ type: 'report', report: r }, () => process.exit(0));
    else process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`protocheck worker: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
