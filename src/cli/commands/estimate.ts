import { readFileSync, writeFileSync } from 'node:fs';
import type { RegisterCommand } from '../command.ts';
import { mergeEstimates, runEstimate, type EstimateOutcome, type EstimateSettings } from '../../spec/estimate.ts';
import { SpecError } from '../../schema/schema.ts';
import { collect, countArg, seedArg, shardArg } from '../args.ts';
import { estimateText } from '../estimate-report.ts';
import { mergedRandomText, mergeRandomShards, resultKind } from '../shard-merge.ts';
import { writeEstimatePage } from '../html-output.ts';
import { EXIT, UserError } from '../exit.ts';
import { specFiles } from '../files.ts';
import { ProgressLine, int } from '../format.ts';
import { loadSpec } from '../../spec/spec.ts';

interface EstimateFlags {
  runs?: number;
  seed?: number;
  depth?: number;
  shard?: { index: number; count: number };
  exact?: boolean;
  set: string[];
  json?: boolean;
  output?: string;
  html?: string;
}

/** Exit code of an estimate: every bound met 0, one failed 1, one undecided (or a limit) 3. */
function codeOf(o: EstimateOutcome): number {
  if (o.metrics.some((m) => m.bound?.judgement === 'failed')) return EXIT.violation;
  if (!o.met) return EXIT.inconclusive;
  return EXIT.ok;
}

export const registerEstimate: RegisterCommand = (program, done) => {
  program
    .command('estimate')
    .description("estimate the metrics of a spec's estimate: section over seeded random runs, each with its confidence interval, against the spec's bounds")
    .argument('<specs...>', 'spec files, or directories to search for *.yaml (those with an estimate: section)')
    .option('--runs <n>', 'how many runs (default: the spec\'s, else 1000)', countArg('--runs'))
    .option('--seed <n>', 'the seed (the same seed and runs give the same estimate on any machine)', seedArg)
    .option('--depth <n>', 'steps per run at most', countArg('--depth'))
    .option('--shard <i/n>', 'run the i-th of n shares of the runs (merge the shards with protocheck merge)', shardArg)
    .option('--exact', 'also compute the exact value on the state graph (small systems; metrics of the final state)')
    .option('--set <name=value>', 'override a spec parameter or path (repeatable)', collect, [] as string[])
    .option('--json', 'print the outcome as JSON (what protocheck merge reads)')
    .option('-o, --output <file>', 'write the JSON outcome to a file')
    .option('--html <file>', 'also write the estimates as a web page: coverage and traffic over time, each metric per protocol with its interval, the histogram of the runs (several specs: one page comparing them)')
    .addHelpText('after', '\nExit codes: 0 every bound met, 1 a bound failed, 2 bad input, 3 a bound undecided (the interval straddles it) or a limit hit.')
    .action(async (paths: string[], flags: EstimateFlags) => {
      const files = specFiles(paths).filter((f, _i, all) => all.length === 1 || safeHasEstimate(f));
      if (files.length === 0) throw new UserError(`no spec with an estimate: section under ${paths.join(', ')}`);
      const progress = new ProgressLine();
      const settings: Partial<EstimateSettings> = { runs: flags.runs, seed: flags.seed, maxDepth: flags.depth, shard: flags.shard, ...(flags.exact ? { exact: true } : {}) };
      const outcomes: EstimateOutcome[] = [];
      const codes: number[] = [];
      for (const file of files) {
        let o: EstimateOutcome;
        try {
          o = await runEstimate(file, { overrides: flags.set, settings, onProgress: (runs, steps) => progress.update(`${file}: ${int(runs)} runs, ${int(steps)} steps`) });
        } catch (err) {
          progress.clear();
          if (err instanceof SpecError) throw new UserError(err.message, EXIT.usage);
          throw err;
        }
        progress.clear();
        outcomes.push(o);
        codes.push(codeOf(o));
        if (!flags.json) process.stdout.write(estimateText(o) + '\n\n');
      }
      const json = JSON.stringify(outcomes.length === 1 ? outcomes[0] : outcomes, null, 2) + '\n';
      if (flags.json) process.stdout.write(json);
      if (flags.output) writeFileSync(flags.output, json);
      if (flags.html) {
        writeEstimatePage(outcomes, flags.html);
        if (!flags.json) process.stdout.write(`page written to ${flags.html}\n`);
      }
      done(codes.includes(EXIT.violation) ? EXIT.violation : codes.includes(EXIT.inconclusive) ? EXIT.inconclusive : EXIT.ok);
    });

  program
    .command('merge')
    .description('combine the JSON outcomes of the shards of one estimate (estimate --shard i/n --json) or of one random search (check --strategy random or simulate, --shard i/n --json) into one')
    .argument('<results...>', 'JSON files written by protocheck estimate --json or -o, or by check/simulate --shard i/n --json (not both kinds)')
    .option('--json', 'print the merged outcome as JSON')
    .option('--html <file>', 'also write the merged estimate as a web page (see estimate --html)')
    .action((files: string[], flags: { json?: boolean; html?: string }) => {
      const data = files.map((f) => {
        try {
          return JSON.parse(readFileSync(f, 'utf8')) as unknown;
        } catch (err) {
          throw new UserError(`${f}: not JSON (${(err as Error).message})`);
        }
      });
      const kinds = data.map(resultKind);
      kinds.forEach((k, i) => {
        if (k === undefined || k === 'exhaustive') throw new UserError(`${files[i]}: ${k ? 'an exhaustive search has no shards to merge' : 'neither an estimate\'s JSON nor a random search\'s (check or simulate --json)'}`);
      });
      if (kinds.some((k) => k !== kinds[0])) throw new UserError(`cannot merge an estimate with a random search: ${files.map((f, i) => `${f} (${kinds[i]})`).join(', ')}`);
      if (kinds[0] === 'random') {
        let m;
        try {
          m = mergeRandomShards(files.map((file, i) => ({ file, data: data[i] as never })));
        } catch (err) {
          throw new UserError((err as Error).message);
        }
        process.stdout.write(flags.json ? JSON.stringify(m, null, 2) + '\n' : mergedRandomText(m) + '\n');
        done(m.summary.exitCode);
        return;
      }
      const parts = data as EstimateOutcome[];
      let bounds: Record<string, string> = {};
      try {
        bounds = loadSpec(parts[0].spec.file).expect?.metrics ?? {};
      } catch {
        // the spec is not here: merge without its bounds
      }
      let merged: EstimateOutcome;
      try {
        merged = mergeEstimates(parts, bounds);
      } catch (err) {
        throw new UserError((err as Error).message);
      }
      process.stdout.write(flags.json ? JSON.stringify(merged, null, 2) + '\n' : estimateText(merged) + '\n');
      if (flags.html) writeEstimatePage([merged], flags.html);
      done(codeOf(merged));
    });
};

function safeHasEstimate(file: string): boolean {
  try {
    return loadSpec(file).estimate !== undefined;
  } catch {
    return true; // reported when it is run
  }
}
