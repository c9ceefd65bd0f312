import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import type { RegisterCommand } from './index.ts';
import { runSpec, type SpecOutcome } from '../../spec/run.ts';
import { SpecError } from '../../spec/schema.ts';
import { loadSpec, type CheckSettings } from '../../spec/spec.ts';
import { traceToYaml, toData } from '../../trace/format.ts';
import { EXIT, UserError } from '../exit.ts';
import { specFiles } from '../files.ts';
import { int, ProgressLine, seconds } from '../format.ts';
import { catalogueTable, combineExitCodes, exitCodeOf, outcomeText } from '../report.ts';
import type { RandomSettings, Walk } from '../../core/random.ts';
import { hasChart, traceToMsc } from '../../trace/msc.ts';
import { checkShardSeed, countArg, randomOutcomeText, randomProgress, seedArg, shardArg, walkOption } from './simulate.ts';

interface CheckFlags {
  strategy?: 'bfs' | 'dfs' | 'random';
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
}

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${name} takes a whole number, got '${v}'`);
  return n;
};

function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_');
}

function jsonOf(o: SpecOutcome, code: number, tracePath?: string): unknown {
  const r = o.result;
  return {
    file: o.spec.file,
    name: o.spec.name,
    model: o.model,
    params: o.params,
    settings: o.settings,
    properties: o.properties,
    verdict: r.verdict,
    ...(r.violation ? { violation: { property: r.violation.property, kind: r.violation.kind, message: r.violation.message, steps: o.trace ? o.trace.steps.length - 1 : undefined, loopStart: r.violation.loopStart, trace: tracePath } } : {}),
    ...(r.limit ? { limit: r.limit } : {}),
    stats: r.stats,
    ...(o.symmetry ? { symmetry: o.symmetry } : {}),
    ...(o.spec.expect ? { expected: o.spec.expect, met: o.expectation?.met ?? false, differences: o.expectation?.differences ?? [] } : {}),
    exitCode: code,
  };
}

export const registerCheck: RegisterCommand = (program, done) => {
  program
    .command('check')
    .description('explore the models of one or more specs (files or directories of *.yaml) and check their properties')
    .argument('<specs...>', 'spec files, or directories to search for *.yaml')
    .addOption(new Option('--strategy <name>', 'search strategy (random: many random runs, evidence rather than proof)').choices(['bfs', 'dfs', 'random']))
    .option('--seed <n>', 'random strategy: the seed (the same seed gives the same runs on any machine)', seedArg)
    .option('--runs <n>', 'random strategy: how many runs (default 1000)', countArg('--runs'))
    .addOption(walkOption())
    .option('--shard <i/n>', 'random strategy: run the i-th of n shares of the search (needs --seed)', shardArg)
    .option('--max-states <n>', 'stop after this many distinct states (inconclusive)', positiveInt('--max-states'))
    .option('--max-depth <n>', 'do not explore deeper than this many steps (inconclusive if cut)', positiveInt('--max-depth'))
    .option('--time-limit <seconds>', 'stop after this many seconds (inconclusive)', positiveInt('--time-limit'))
    .option('--max-memory <MiB>', 'stop when resident memory exceeds this (inconclusive)', positiveInt('--max-memory'))
    .option('--workers <n>', 'breadth-first search on n worker threads (default 1; with --strategy bfs)', positiveInt('--workers'))
    .option('--por', 'partial-order reduction by sleep sets: the same states, fewer successors computed (bfs; the default)')
    .option('--no-por', 'no partial-order reduction')
    .option('--no-symmetry', "ignore the spec's symmetric roles (count every state)")
    .option('--deadlock', 'report states with no successor as violations')
    .option('--no-deadlock', 'do not check for deadlocks')
    .option('--set <name=value>', 'override a spec parameter (repeatable); a dotted name sets a path in the spec', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print a machine-readable report on stdout')
    .option('--trace-dir <dir>', 'where counterexample traces are written', '.protocheck/traces')
    .option('--no-expect', "ignore the specs' expected verdicts: any violation fails")
    .option('--save-traces <dir>', 'also write the counterexample of every spec that expects a violation and got it to <dir>/<spec>.trace.yaml (the committed traces/ that CI replays)')
    .action(async (paths: string[], flags: CheckFlags) => {
      const files = specFiles(paths);
      const single = files.length === 1;
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
      };
      const progress = new ProgressLine(Boolean(process.stderr.isTTY) && !process.env.CI);
      const outcomes: SpecOutcome[] = [];
      const failures: { file: string; message: string }[] = [];
      const codes: number[] = [];
      const json: unknown[] = [];
      for (const file of files) {
        let o: SpecOutcome;
        try {
          if (flags.shard && flags.seed === undefined) checkShardSeed(flags.shard, loadSpec(file, flags.set).check.seed, file);
          o = await runSpec(file, {
            overrides: flags.set,
            settings,
            onProgress: (s) =>
              progress.update(s.random ? randomProgress(file, s) : `${file}: ${int(s.distinct)} distinct states, ${int(s.generated)} generated, depth ${s.depth}, queue ${int(s.queued)}, ${int(s.statesPerSecond)} states/s, ${seconds(s.timeMs)}`),
          });
        } catch (err) {
          progress.clear();
          if (!(err instanceof SpecError)) throw err;
          if (single && !flags.json) throw new UserError(err.message, EXIT.usage);
          failures.push({ file, message: err.message });
          codes.push(EXIT.usage);
          json.push({ file, verdict: 'error', error: err.message, exitCode: EXIT.usage });
          continue;
        }
        progress.clear();
        let tracePath: string | undefined;
        if (o.trace) {
          mkdirSync(flags.traceDir, { recursive: true });
          tracePath = join(flags.traceDir, `${safeName(o.spec.name)}.${safeName(o.trace.property)}.trace.yaml`);
          writeFileSync(tracePath, traceToYaml(o.trace));
          if (flags.saveTraces && o.spec.expect?.verdict === 'violation' && o.expectation?.met) {
            mkdirSync(flags.saveTraces, { recursive: true });
            writeFileSync(join(flags.saveTraces, `${safeName(o.spec.name)}.trace.yaml`), traceToYaml(o.trace));
          }
        }
        const code = exitCodeOf(o, flags.expect);
        codes.push(code);
        outcomes.push(o);
        json.push(jsonOf(o, code, tracePath));
        if (!flags.json && (single || code !== EXIT.ok)) {
          const text = o.result.stats.random ? randomOutcomeText(o, tracePath) : outcomeText(o, tracePath);
          process.stdout.write(text + (o.trace && hasChart(o.trace) && !o.result.stats.random ? `\n\n${traceToMsc(o.trace).replace(/^/gm, '  ')}` : '') + '\n\n');
        }
      }
      const code = combineExitCodes(codes);
      if (flags.json) {
        process.stdout.write(JSON.stringify(toData({ specs: json, summary: { total: files.length, met: codes.filter((c) => c === EXIT.ok).length, exitCode: code } }), null, 2) + '\n');
      } else if (!single) {
        for (const f of failures) process.stdout.write(`${f.message}\n\n`);
        process.stdout.write(catalogueTable(outcomes, failures) + '\n');
        const met = codes.filter((c) => c === EXIT.ok).length;
        process.stdout.write(`\n${met} of ${files.length} specs met their expectation${met === files.length ? '' : `; exit code ${code}`}\n`);
      }
      done(code);
    });
};
