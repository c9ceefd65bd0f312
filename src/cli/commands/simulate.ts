import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import type { RegisterCommand } from './index.ts';
import { DEFAULT_DEPTH, DEFAULT_RUNS, parseShard, WALKS, type RandomSearchStats, type RandomSettings, type Walk } from '../../core/random.ts';
import type { SearchStats } from '../../core/search.ts';
import type { Violation } from '../../core/verdict.ts';
import { runSpec, type SpecOutcome } from '../../spec/run.ts';
import { SpecError } from '../../spec/schema.ts';
import { loadSpec, type CheckSettings } from '../../spec/spec.ts';
import { toData, traceToText, traceToYaml } from '../../trace/format.ts';
import { hasChart, traceToMsc } from '../../trace/msc.ts';
import type { TraceFile } from '../../trace/trace.ts';
import { EXIT, UserError } from '../exit.ts';
import { specFiles } from '../files.ts';
import { int, ProgressLine, seconds } from '../format.ts';
import { catalogueTable, combineExitCodes, exitCodeOf } from '../report.ts';

/** `--seed`: any integer (random search is reproduced exactly by it). */
export function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UserError(`--seed takes an integer, got '${v}'`);
  return n;
}

export const countArg = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${name} takes a whole number of at least 1, got '${v}'`);
  return n;
};

/** `--shard i/n` (i counts from 1). */
export function shardArg(v: string): { index: number; count: number } {
  try {
    return parseShard(v);
  } catch (err) {
    throw new UserError(`--shard: ${(err as Error).message}`);
  }
}

export const walkOption = (): Option => new Option('--walk <walk>', 'how a random run picks among the enabled actions: uniform, swarm (each run drops a random half of the action kinds) or pct (random priorities per actor)').choices([...WALKS]);

/** Random search needs a seed that all shards share. */
export function checkShardSeed(shard: unknown, seed: number | undefined, spec: string): void {
  if (shard !== undefined && seed === undefined) throw new UserError(`${spec}: --shard splits one search between machines, so they must share its seed: add --seed <n> (or check.seed in the spec)`);
}

/** One line of progress for a random search. */
export function randomProgress(file: string, s: SearchStats): string {
  const r = s.random;
  if (!r) return `${file}: ${int(s.distinct)} distinct states, ${int(s.generated)} generated, ${seconds(s.timeMs)}`;
  return `${file}: ${int(r.runs)}${r.requestedRuns !== undefined ? ` of ${int(r.requestedRuns)}` : ''} runs, ${int(r.steps)} steps, ${int(s.distinct)} distinct states, ${int(r.stepsPerSecond)} steps/s, ${seconds(s.timeMs)}`;
}

/** The chart of a trace when its model has processes, else the numbered steps. */
export function traceReport(t: TraceFile): string {
  return hasChart(t) ? `${traceToText(t)}\n\n${traceToMsc(t)}` : traceToText(t);
}

function pct(part: number, whole: number): string {
  if (whole === 0) return '-';
  const p = (100 * part) / whole;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** The coverage of a random search, per action kind, with the kinds never taken. */
export function coverageText(s: SearchStats): string[] {
  const r = s.random;
  const rows = Object.entries(s.coverage).sort((a, b) => a[0].localeCompare(b[0]));
  if (!r || rows.length === 0) return [];
  const states = r.steps + r.runs;
  const w = Math.max(4, ...rows.map(([k]) => k.length));
  const lines = [`  coverage per action kind (enabled in how many of the ${int(states)} states visited; taken in how many steps; in how many of the ${int(r.runs)} runs):`];
  for (const [k, c] of rows) {
    lines.push(`    ${k.padEnd(w)}  enabled ${int(c.enabled ?? 0).padStart(8)} (${pct(c.enabled ?? 0, states).padStart(4)})   taken ${int(c.taken).padStart(8)}   in ${int(c.runs ?? 0).padStart(6)} runs (${pct(c.runs ?? 0, r.runs).padStart(4)})   new states ${int(c.distinct)}`);
  }
  const never = rows.filter(([, c]) => c.taken === 0).map(([k]) => k);
  if (never.length) lines.push(`  ⚠ never taken: ${never.join(', ')} — enabled but never chosen; try more runs, a deeper --depth or another --walk`);
  return lines;
}

/** The report of a spec explored by random search (check --strategy random, simulate). */
export function randomOutcomeText(o: SpecOutcome, tracePath?: string): string {
  const s = o.result.stats;
  const r = s.random!;
  const params = Object.entries(o.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const reproduce = `--seed ${r.seed}${r.requestedRuns !== undefined ? ` --runs ${r.shard ? o.settings.runs ?? DEFAULT_RUNS : r.requestedRuns}` : ''} --depth ${r.maxDepth} --walk ${r.walk}${r.shard ? ` --shard ${r.shard.index}/${r.shard.count}` : ''}`;
  const lines = [
    `${o.spec.name}  (${o.spec.file})`,
    `  model ${o.model}${params ? `  · params ${params}` : ''}  · strategy random, ${r.walk} walk${r.shard ? `, shard ${r.shard.index} of ${r.shard.count}` : ''}`,
  ];
  const res = o.result;
  if (res.verdict === 'ok') {
    lines.push(`  ✓ no violation of ${o.properties.join(', ') || 'any property'} in ${int(r.runs)} random runs of up to ${r.maxDepth} steps — evidence, not a proof (bfs explores every reachable state)`);
  } else if (res.verdict === 'inconclusive') {
    lines.push(`  ? inconclusive: ${res.limit?.message}; no violation in the runs done`);
  } else {
    const v = res.violation!;
    const what = v.kind === 'safety' ? 'safety property (a finite bad prefix: no extension repairs it)' : v.kind === 'liveness' ? 'liveness property (a fair run in which the good thing never happens)' : v.kind === 'deadlock' ? 'deadlock (a reachable state with no successor)' : 'error in the model';
    lines.push(`  ✗ violation of ${v.property}, a ${what}:\n    ${v.message}`);
    lines.push(`  found in run ${int(r.runs)}${r.requestedRuns !== undefined ? ` of ${int(r.requestedRuns)}` : ''}${r.shrinkRuns ? `, shrunk by fast-check in ${int(r.shrinkRuns)} executions` : ''}`);
    if (v.kind === 'liveness') lines.push(`  ${lassoText(v, r.shrinkRuns > 0)}`);
  }
  lines.push(`  ${int(r.runs)} runs, ${int(r.steps)} steps, ${int(s.distinct)} distinct states visited, longest run ${s.depth} steps, ${seconds(s.timeMs)}, ${int(r.stepsPerSecond)} steps/s, peak ${s.peakMemoryMB} MiB`);
  lines.push(`  seed ${r.seed}: reproduce with ${reproduce}`);
  lines.push(...coverageText(s));
  if (o.liveness.length > 0 && o.result.violation?.kind !== 'liveness') lines.push(`  ${randomLivenessText(o.liveness, r)}`);
  if (o.trace) {
    lines.push('', traceReport(o.trace).replace(/^/gm, '  '), '');
    if (tracePath) lines.push(`  trace written to ${tracePath} (replay: protocheck replay ${tracePath}; smaller: protocheck shrink ${tracePath})`);
  }
  const e = o.spec.expect;
  if (e && o.expectation) {
    const want = e.verdict === 'ok' ? 'ok' : `violation${e.property ? ` of ${e.property}` : ''}`;
    lines.push(o.expectation.met ? `  expected ${want}: met` : `  expected ${want}: NOT MET\n    ${o.expectation.differences.join('\n    ')}`);
  }
  return lines.join('\n');
}

/** What random mode judged of liveness when it found no violation of it: never a proof. */
function randomLivenessText(names: string[], r: RandomSearchStats): string {
  const c = r.cycles;
  const cycles = c ? `${int(c.closed)} cycle${c.closed === 1 ? '' : 's'} closed by the runs, ${int(c.judged)} judged, none fair with the goal unsettled all along` : 'no cycle judged';
  return `liveness (${names.join(', ')}): judged in the quiescent states and on the cycles the runs closed (${cycles}); no violation found, which proves nothing: a fair cycle the runs did not close may still exist (bfs checks every one)`;
}

/** How a liveness violation of random mode was found and shrunk. */
function lassoText(v: Violation, shrunk: boolean): string {
  const how = shrunk ? 'fast-check shrank the run that found it and the lasso was rebuilt from the shrunk run' : 'not shrunk';
  if (v.quiescent) return `a quiescent state: nothing fair leads out of it (${how})`;
  return `a fair cycle closed by the run: it comes back to the state of step ${v.loopStart}, judged as the exhaustive check judges fair cycles (${how}; protocheck shrink keeps the loop and shortens the prefix)`;
}

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
    properties: o.properties,
    verdict: r.verdict,
    exhaustive: false,
    ...(r.violation ? { violation: { property: r.violation.property, kind: r.violation.kind, message: r.violation.message, steps: o.trace ? o.trace.steps.length - 1 : undefined, path: r.violation.path, loopStart: r.violation.loopStart, ...(r.violation.quiescent ? { quiescent: true } : {}), trace: tracePath } } : {}),
    ...(r.limit ? { limit: r.limit } : {}),
    stats: r.stats,
    ...(o.spec.expect ? { expected: o.spec.expect, met: o.expectation?.met ?? false, differences: o.expectation?.differences ?? [] } : {}),
    exitCode: code,
  };
}

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
    .option('--time-limit <seconds>', 'stop after this many seconds (inconclusive when --runs were not all done)', countArg('--time-limit'))
    .addOption(walkOption().default('uniform'))
    .option('--shard <i/n>', 'run the i-th of n equal shares of the search (needs --seed); the n shares together are the unsharded search', shardArg)
    .option('--deadlock', 'report states with no successor as violations')
    .option('--no-deadlock', 'do not check for deadlocks')
    .option('--set <name=value>', 'override a spec parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print a machine-readable report on stdout')
    .option('--trace-dir <dir>', 'where counterexample traces are written', '.protocheck/traces')
    .option('--no-expect', "ignore the specs' expected verdicts: any violation fails")
    .addHelpText('after', '\nExit codes: 0 as expected (no violation found, or the expected one), 1 a violation or an unmet expectation, 2 bad input, 3 time limit before --runs were done.')
    .action(async (paths: string[], flags: SimulateFlags) => {
      const files = specFiles(paths);
      const single = files.length === 1;
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
      const progress = new ProgressLine(Boolean(process.stderr.isTTY) && !process.env.CI);
      const outcomes: SpecOutcome[] = [];
      const failures: { file: string; message: string }[] = [];
      const codes: number[] = [];
      const json: unknown[] = [];
      for (const file of files) {
        let o: SpecOutcome;
        try {
          // the spec's check.seed counts too
          if (flags.shard && flags.seed === undefined) checkShardSeed(flags.shard, loadSpec(file, flags.set).check.seed, file);
          o = await runSpec(file, { overrides: flags.set, settings, onProgress: (s) => progress.update(randomProgress(file, s)) });
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
          tracePath = join(flags.traceDir, `${safeName(o.spec.name)}.${safeName(o.trace.property)}.random.trace.yaml`);
          writeFileSync(tracePath, traceToYaml(o.trace));
        }
        const code = exitCodeOf(o, flags.expect);
        codes.push(code);
        outcomes.push(o);
        json.push(jsonOf(o, code, tracePath));
        if (!flags.json && (single || code !== EXIT.ok)) process.stdout.write(randomOutcomeText(o, tracePath) + '\n\n');
      }
      const code = combineExitCodes(codes);
      if (flags.json) {
        process.stdout.write(JSON.stringify(toData({ specs: json, summary: { total: files.length, met: codes.filter((c) => c === EXIT.ok).length, exitCode: code } }), null, 2) + '\n');
      } else if (!single) {
        for (const f of failures) process.stdout.write(`${f.message}\n\n`);
        process.stdout.write(catalogueTable(outcomes, failures) + '\n');
        const met = codes.filter((c) => c === EXIT.ok).length;
        process.stdout.write(`\n${met} of ${files.length} specs met their expectation (random search: evidence, not a proof)${met === files.length ? '' : `; exit code ${code}`}\n`);
      }
      done(code);
    });
};
