/**
 * `protocheck worker --store redis://...`: one more worker for a distributed breadth-first
 * search that `protocheck check --store` started (on this machine or another that reaches the
 * same Redis and has the spec and protocol at the same paths). It joins the run, takes batches
 * until the run ends, and exits 0; it can be killed at any time (its batch is taken over).
 */
import type { RegisterCommand } from '../command.ts';
import { countArg } from '../args.ts';
import { EXIT, UserError } from '../exit.ts';

interface WorkerFlags {
  store: string;
  run?: string;
  wait?: number;
  quiet?: boolean;
}

export const registerWorker: RegisterCommand = (program, done) => {
  program
    .command('worker')
    .description('work on a distributed breadth-first search that protocheck check --store started: join its run in Redis and expand batches of states until it ends')
    .requiredOption('--store <url>', 'the Redis of the search: redis://host:port[,host:port...] (several addresses: a Redis Cluster)')
    .option('--run <name>', 'the run to join (default: the one the last check --store started)')
    .option('--wait <seconds>', 'how long to wait for a run to start (default 30)', countArg('--wait'))
    .option('--quiet', 'print nothing')
    .action(async (flags: WorkerFlags) => {
      const { parseStore } = await import('../../distributed/store.ts');
      try {
        parseStore(flags.store);
      } catch (err) {
        throw new UserError((err as Error).message);
      }
      const { runWorker } = await import('../../distributed/worker.ts');
      try {
        await runWorker({ store: flags.store, run: flags.run, waitMs: (flags.wait ?? 30) * 1000, log: flags.quiet ? undefined : (line) => process.stderr.write(`${line}\n`) });
      } catch (err) {
        throw new UserError((err as Error).message, EXIT.usage);
      }
      done(EXIT.ok);
    });
};
