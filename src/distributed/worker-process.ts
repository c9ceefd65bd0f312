/**
 * A worker process the coordinator started on its own machine: `entry.mjs <store> <run>`.
 * It exits when the run ends, or when the coordinator that started it goes away (its IPC
 * channel closes), so that a stopped check leaves no search running behind it.
 */
import { runWorker } from './worker.ts';

const [store, run] = process.argv.slice(2);
process.on('disconnect', () => process.exit(0));
runWorker({ store, run }).then(
  (r) => {
    process.send?.({ type: 'report', report: r });
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`protocheck worker: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
