import type { RegisterCommand } from '../command.ts';
import type { RandomSettings, Walk } from '../../core/random.ts';
import type { CheckSettings, Strategy } from '../../spec/spec.ts';
import { hasChart, traceToMsc } from '../../trace/msc.ts';
import { collect, countArg, secondsArg, seedArg, shardArg, strategyOption, walkOption, wholeArg } from '../args.ts';
import { specFiles } from '../files.ts';
import { int, seconds } from '../format.ts';
import { randomOutcomeText, randomProgress } from '../random-report.ts';
import { estimateText } from '../estimate-report.ts';
import { outcomeText } from '../report.ts';
import { runSpecs } from '../run-specs.ts';
import { writeTracePage } from '../html-output.ts';
import { basename, join } from 'node:path';

interface CheckFlags {
  strategy?: Strategy;
  seed?: number;
  runs?: number;
  walk?: Walk;
  shard?: { index: number; count: number };
  saveTraces?: string;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  maxMemory?: number;
  workers?: number;
  por?: boolean;
  symmetry?: boolean;
  deadlock?: boolean;
  set: string[];
  json?: boolean;
  traceDir: string;
  expect: boolean;
  html?: string;
  store?: string;
  resume?: boolean;
  spill?: string;
  jobs?: number;
  wide?: boolean;
  junit?: string;
}

export const registerCheck: RegisterCommand = (program, done) => {
  program
    .command('check')
    .description('explore the models of one or more specs (files or directories of *.yaml) and check their properties')
    .argument('<specs...>', 'spec files, or directories to search for *.yaml')
    .addOption(strategyOption())
    .option('--seed <n>', 'random strategy: the seed (the same seed gives the same runs on any machine)', seedArg)
    .option('--runs <n>', 'random strategy: how many runs (default 1000)', countArg('--runs'))
    .addOption(walkOption())
    .option('--shard <i/n>', 'random strategy: run the i-th of n shares of the search (needs --seed)', shardArg)
    .option('--max-states <n>', 'stop after this many distinct states (inconclusive)', wholeArg('--max-states', 1))
    .option('--max-depth <n>', 'do not explore deeper than this many steps (inconclusive if cut)', wholeArg('--max-depth'))
    .option('--time-limit <seconds>', 'stop after this many seconds, fractions allowed (inconclusive)', secondsArg)
    .option('--max-memory <MiB>', 'stop when resident memory exceeds this (inconclusive)', wholeArg('--max-memory', 16))
    .option('--workers <n>', 'breadth-first search on n worker threads, 1 to 256 (default 1; with --strategy bfs)', countArg('--workers', 256))
    .option('--store <url>', 'breadth-first search with its visited set and frontier in Redis, on --workers worker processes here (and any protocheck worker --store elsewhere): redis://host:port[,host:port...]')
    .option('--resume', 'with --store: continue the stopped search of the same spec and settings')
    .option('--spill <dir>', 'near --max-memory, write the visited set and (bfs) the queue of states to directories made under <dir> (as TLC\'s disk FPSet and DiskStateQueue) instead of ending inconclusive; one thread, bfs or dfs')
    .option('--por', 'partial-order reduction: breadth-first, sleep sets (the same states, fewer successors computed); with --strategy dfs, dynamic partial-order reduction (fewer states)')
    .option('--no-por', 'no partial-order reduction (the default)')
    .option('--no-symmetry', "ignore the spec's symmetric roles (count every state)")
    .option('--deadlock', 'report states with no successor as violations')
    .option('--no-deadlock', 'do not check for deadlocks')
    .option('--set <name=value>', 'override a parameter (RM=7), a key of the spec (processes=2, network=fifo) or, dotted, any path of it (faults.max=2); repeatable', collect, [] as string[])
    .option('--json', 'print a machine-readable report on stdout')
    .option('--trace-dir <dir>', 'where counterexample traces are written', '.protocheck/traces')
    .option('--no-expect', "ignore the specs' expected verdicts: any violation fails")
    .option('--html <dir>', 'also write every counterexample as a web page <dir>/<trace name>.html (see replay --html)')
    .option('--jobs <n>', 'check this many specs at a time, each in a process of its own (default: one per core)', countArg('--jobs', 256))
    .option('--wide', 'print the table of every column (spec, property, expected, got, states, time) once all specs are done, instead of a row per spec as it completes')
    .option('--junit <file>', 'also write a JUnit XML report: one test case per spec and property, a failure with the violation and the trace path')
    .option('--save-traces <dir>', 'also write the counterexample of every spec that expects a violation and got it to <dir>/<spec>.trace.yaml (the committed traces/ that CI replays)')
    .action(async (paths: string[], flags: CheckFlags) => {
      const settings: Partial<CheckSettings> & RandomSettings = {
        strategy: flags.strategy,
        seed: flags.seed,
        runs: flags.runs,
        walk: flags.walk,
        shard: flags.shard,
        maxStates: flags.maxStates,
        maxDepth: flags.maxDepth,
        timeLimit: flags.timeLimit,
        maxMemory: flags.maxMemory,
        workers: flags.workers,
        por: flags.por,
        symmetry: flags.symmetry === false ? false : undefined,
        deadlock: flags.deadlock,
        ...(flags.store ? { store: flags.store, resume: flags.resume } : {}),
        ...(flags.spill ? { spill: flags.spill } : {}),
      };
      const code = await runSpecs({
        files: specFiles(paths),
        overrides: flags.set,
        settings,
        json: flags.json === true,
        expect: flags.expect,
        traceDir: flags.traceDir,
        traceSuffix: '',
        saveTraces: flags.saveTraces,
        jobs: flags.jobs,
        wide: flags.wide,
        junit: flags.junit,
        ...(flags.html ? { onTrace: (trace, path) => writeTracePage(trace, path, join(flags.html!, basename(path).replace(/\.trace\.yaml$/, '.html'))) } : {}),
        progressText: (file, s) => (s.random ? randomProgress(file, s) : `${file}: ${int(s.distinct)} distinct states, ${int(s.generated)} generated, depth ${s.depth}, queue ${int(s.queued)}, ${int(s.statesPerSecond)} states/s, ${seconds(s.timeMs)}`),
        outcomeText: (o, tracePath) =>
          o.estimate ? estimateText(o.estimate) : o.result.stats.random ? randomOutcomeText(o, tracePath) : outcomeText(o, tracePath) + (o.trace && hasChart(o.trace) ? `\n\n${traceToMsc(o.trace).replace(/^/gm, '  ')}` : ''),
      });
      done(code);
    });
};
