import type { RegisterCommand } from '../command.ts';
import { DEFAULT_DEPTH, DEFAULT_RUNS, type RandomSettings, type Walk } from '../../core/random.ts';
import type { CheckSettings } from '../../spec/spec.ts';
import { collect, countArg, secondsArg, seedArg, shardArg, walkOption } from '../args.ts';
import { specFiles } from '../files.ts';
import { randomOutcomeText, randomProgress } from '../random-report.ts';
import { runSpecs } from '../run-specs.ts';

interface SimulateFlags {
  seed?: number;
  runs?: number;
  depth?: number;
  timeLimit?: number;
  walk?: Walk;
  shard?: { index: number; count: number };
  deadlock?: boolean;
  set: string[];
  json?: boolean;
  traceDir: string;
  expect: boolean;
}

export const registerSimulate: RegisterCommand = (program, done) => {
  program
    .command('simulate')
    .description('random search: many random runs of the models of one or more specs, checking their properties in every state (evidence, not a proof)')
    .argument('<specs...>', 'spec files, or directories to search for *.yaml')
    .option('--seed <n>', 'the seed; the same seed, runs, depth and walk give the same runs on any machine', seedArg)
    .option('--runs <n>', `how many runs (default ${DEFAULT_RUNS}, or as many as fit in --time-limit)`, countArg('--runs'))
    .option('--depth <n>', `steps per run at most (default ${DEFAULT_DEPTH})`, countArg('--depth'))
    .option('--time-limit <seconds>', 'stop after this many seconds, fractions allowed (inconclusive when --runs were not all done)', secondsArg)
    .addOption(walkOption().default('uniform'))
    .option('--shard <i/n>', 'run the i-th of n equal shares of the search (needs --seed); the n shares together are the unsharded search', shardArg)
    .option('--deadlock', 'report states with no successor as violations')
    .option('--no-deadlock', 'do not check for deadlocks')
    .option('--set <name=value>', 'override a parameter (RM=7), a key of the spec (processes=2, network=fifo) or, dotted, any path of it (faults.max=2); repeatable', collect, [] as string[])
    .option('--json', 'print a machine-readable report on stdout')
    .option('--trace-dir <dir>', 'where counterexample traces are written', '.protocheck/traces')
    .option('--no-expect', "ignore the specs' expected verdicts: any violation fails")
    .addHelpText('after', '\nExit codes: 0 as expected (no violation found, or the expected one), 1 a violation or an unmet expectation, 2 bad input, 3 time limit before --runs were done.')
    .action(async (paths: string[], flags: SimulateFlags) => {
      const settings: Partial<CheckSettings> & RandomSettings = {
        strategy: 'random',
        seed: flags.seed,
        runs: flags.runs,
        maxDepth: flags.depth,
        timeLimit: flags.timeLimit,
        deadlock: flags.deadlock,
        walk: flags.walk,
        shard: flags.shard,
      };
      const code = await runSpecs({
        files: specFiles(paths),
        overrides: flags.set,
        settings,
        json: flags.json === true,
        expect: flags.expect,
        traceDir: flags.traceDir,
        traceSuffix: '.random',
        progressText: randomProgress,
        outcomeText: randomOutcomeText,
        summaryNote: '(random search: evidence, not a proof)',
      });
      done(code);
    });
};
