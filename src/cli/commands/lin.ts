import { readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { Option } from 'commander';
import type { RegisterCommand } from './index.ts';
import { EXIT, UserError } from '../exit.ts';
import { filesUnder } from '../files.ts';
import {
  defaultMemoryLimit,
  FORMATS,
  getModel,
  HistoryError,
  models,
  parseHistory,
  Portfolio,
  renderResult,
  UNKNOWN,
  UnknownModelError,
  type CheckResult,
  type HistoryFormat,
  type Model,
} from '../../../properties/linearizability/index.ts';
import { historyPageWriter } from '../html-output.ts';

interface LinFlags {
  model?: string;
  format?: HistoryFormat;
  json?: boolean;
  check: 'linearizability' | 'sequential';
  algorithm: 'portfolio' | 'wgl' | 'jit' | 'dfs' | 'bfs';
  timeout?: number;
  maxMemory?: number;
  html?: string;
}

const EXIT_OF = { ok: EXIT.ok, illegal: EXIT.violation, unknown: EXIT.inconclusive } as const;
/** Files a directory contributes: histories by their usual extensions. */
const HISTORY_FILE = /\.(json|jsonl|edn|log|txt)$/;

function knownModels(): string {
  return Object.values(models)
    .map((m) => `  ${m.name.padEnd(13)} ${m.summary}`)
    .join('\n');
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--timeout takes a positive number of seconds, got '${v}'`);
  return n;
}

function mebibytes(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--max-memory takes a positive number of MiB, got '${v}'`);
  return n;
}

function resolve(name: string | undefined, file: string): Model<any> {
  if (name === undefined)
    throw new UserError(`${file}: name the model to check against with --model <name>; known models:\n${knownModels()}`);
  try {
    return getModel(name);
  } catch (e) {
    if (e instanceof UnknownModelError) throw new UserError(`${e.message}:\n${knownModels()}`);
    throw e;
  }
}

/** Files, and every history file under the directories (hidden ones aside), in sorted order. */
const historyFiles = (paths: string[]): string[] =>
  filesUnder(paths, { keep: HISTORY_FILE, missing: (p) => `cannot read ${p}: no such file`, none: 'no history files (*.json, *.jsonl, *.edn, *.log, *.txt) under {paths}' });

function jsonOf(file: string, r: CheckResult, model: Model<any>, code: number): unknown {
  const op = (id: number) => {
    const o = r.operations[id];
    return {
      id,
      process: o.process,
      call: o.call,
      return: o.ret === Infinity ? null : o.ret,
      operation: model.describeOperation(o.input, o.ret === Infinity ? UNKNOWN : o.output),
      ...(o.line === undefined ? {} : { line: o.line }),
    };
  };
  const f = r.failed;
  return {
    file,
    check: r.check,
    model: r.model,
    verdict: r.verdict,
    ...(r.reason ? { reason: r.reason } : {}),
    operations: r.operations.length,
    partitions: r.partitions.map((p) => ({
      ...(p.key === undefined ? {} : { key: p.key }),
      operations: p.operations.length,
      verdict: p.verdict,
      steps: p.steps,
      ...(p.decidedBy ? { decidedBy: p.decidedBy } : {}),
      ...(p.witness ? { witness: p.witness } : {}),
      ...(p.progress ? { progress: p.progress.map((g) => ({ ...g, time: g.time === Infinity ? null : g.time })) } : {}),
    })),
    ...(f
      ? {
          failed: {
            ...(f.key === undefined ? {} : { key: f.key }),
            ...(f.linearizableUntil === undefined ? {} : { linearizableUntil: f.linearizableUntil }),
            longestPrefix: f.longestPrefix,
            stateAfterPrefix: f.stateAfterPrefix,
            stuck: (f.stuck ?? []).map((s) => ({ ...op(s.id), reason: s.reason })),
            ...(f.deadline === undefined ? {} : { deadline: op(f.deadline) }),
          },
        }
      : {}),
    steps: r.steps,
    configurations: r.configurations,
    elapsedMs: Math.round(r.elapsedMs * 1000) / 1000,
    ...(r.memory ? { memory: r.memory } : {}),
    exitCode: code,
  };
}

/** One line per file in the many-files mode. */
function verdictLine(file: string, r: CheckResult): string {
  const name = r.check === 'sequential' ? 'SEQUENTIALLY CONSISTENT' : 'LINEARIZABLE';
  const ms = `${r.elapsedMs < 1000 ? `${r.elapsedMs.toFixed(1)} ms` : `${(r.elapsedMs / 1000).toFixed(2)} s`}`;
  const base = `${r.operations.length} operations, ${ms}`;
  if (r.verdict === 'ok') return `${file}: ${name} (${base})`;
  if (r.verdict === 'unknown') return `${file}: UNKNOWN: ${r.reason} (${base})`;
  const f = r.failed!;
  const where = f.linearizableUntil === undefined ? '' : `linearizable until time ${f.linearizableUntil}, where operation #${f.deadline} cannot take effect; `;
  return `${file}: NOT ${name} (${where}${base})`;
}

/**
 * The exit code of several files: any bad input 2, else any violation 1, else any
 * inconclusive check 3, else 0.
 */
export function worstExit(codes: number[]): number {
  for (const c of [EXIT.usage, EXIT.violation, EXIT.inconclusive]) if (codes.includes(c)) return c;
  return EXIT.ok;
}

interface Outcome {
  file: string;
  code: number;
  result?: CheckResult;
  model?: Model<any>;
  error?: string;
}

async function checkFile(file: string, flags: LinFlags, pool: Portfolio): Promise<Outcome> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { file, code: EXIT.usage, error: `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}` };
  }
  try {
    const history = parseHistory(text, { format: flags.format, source: file });
    if (history.operations.length === 0) return { file, code: EXIT.usage, error: `${file}: the history has no operations` };
    const model = resolve(flags.model ?? history.model, file);
    // resident memory: --max-memory, or three quarters of the machine; what the searches may
    // count: the limit less what the process holds already, or half of the machine
    const rssLimit = flags.maxMemory === undefined ? Math.floor(totalmem() * 0.75) : flags.maxMemory * 1048576;
    const maxMemoryBytes = flags.maxMemory === undefined ? defaultMemoryLimit() : Math.max(0, rssLimit - process.memoryUsage.rss());
    const options = {
      ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout * 1000 }),
      maxRssBytes: rssLimit,
      maxMemoryBytes,
      algorithm: flags.algorithm,
    };
    const result = await pool.check(history, model, { ...options, check: flags.check });
    return { file, code: EXIT_OF[result.verdict], result, model };
  } catch (e) {
    if (e instanceof HistoryError || e instanceof UserError) return { file, code: EXIT.usage, error: e.message };
    // never a verdict from a failure of ours
    return { file, code: EXIT.inconclusive, error: `${file}: internal error (please report it): ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** While lin runs, a failure that escapes every check ends as inconclusive, not as exit 1 (which means a violation). */
function guardExit(): () => void {
  const crash = (e: unknown) => {
    process.stderr.write(`protocheck: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(EXIT.inconclusive);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  return () => {
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  };
}

export const registerLin: RegisterCommand = (program, done) => {
  program
    .command('lin')
    .description('check recorded histories of operations for linearizability (or sequential consistency) against a model')
    .argument('<history...>', 'histories: protocheck JSON, Jepsen EDN or Jepsen logs (detected from the content), or directories of them')
    .option('--model <name>', `sequential model: ${Object.keys(models).join(' | ')}`)
    .addOption(new Option('--format <format>', 'history format (default: detected)').choices(FORMATS))
    .addOption(new Option('--check <consistency>', 'consistency to check').choices(['linearizability', 'sequential']).default('linearizability'))
    .addOption(
      new Option(
        '--algorithm <name>',
        'search: portfolio (two searches on two threads, first verdict wins: WGL and just-in-time linearization; for --check sequential, depth- and breadth-first), or one of them alone: wgl, jit (linearizability), dfs, bfs (sequential)',
      )
        .choices(['portfolio', 'wgl', 'jit', 'dfs', 'bfs'])
        .default('portfolio'),
    )
    .option('--timeout <seconds>', 'give up with verdict unknown (exit 3) after this long, per file', seconds)
    .option(
      '--max-memory <MiB>',
      `stop with verdict unknown (exit 3) before the process holds more (default: three quarters of this machine, the searches counting at most half, ${Math.round(defaultMemoryLimit() / 1048576)} MiB)`,
      mebibytes,
    )
    .option('--json', 'print the verdicts as JSON')
    .option('--html <file|dir>', 'also write the history as a web page (bars per client, the order of effect, where every linearization fails); with several histories, <dir>/<name>.html for each')
    .addHelpText(
      'after',
      `\nModels:\n${knownModels()}\n\nA directory stands for every *.json, *.jsonl, *.edn, *.log and *.txt file under it.\nExit codes: 0 consistent, 1 not (with the longest consistent prefix), 2 bad input (an empty history is one),\n3 unknown (time or memory limit). With several files: 2 if any input is bad, else 1 if any history is not\nconsistent, else 3 if any check is unknown, else 0.`,
    )
    .action(async (paths: string[], flags: LinFlags) => {
      const fits = flags.algorithm === 'portfolio' || (flags.check === 'sequential') === (flags.algorithm === 'dfs' || flags.algorithm === 'bfs');
      if (!fits) throw new UserError(`--algorithm ${flags.algorithm} does not check ${flags.check} (linearizability: portfolio, wgl, jit; sequential: portfolio, dfs, bfs)`);
      const files = historyFiles(paths);
      const unguard = guardExit();
      const single = files.length === 1 && paths.length === 1 && !statSync(paths[0]).isDirectory();
      const pool = new Portfolio();
      const page = flags.html === undefined ? undefined : historyPageWriter(flags.html, single);
      const outcomes: Outcome[] = [];
      const start = performance.now();
      try {
        for (const file of files) {
          const o = await checkFile(file, flags, pool);
          outcomes.push(o);
          const written = page && o.result ? page(file, o.result, o.model!) : undefined;
          if (single) {
            if (o.error) throw new UserError(o.error, o.code === EXIT.inconclusive ? EXIT.inconclusive : EXIT.usage);
            const text = flags.json ? JSON.stringify(jsonOf(file, o.result!, o.model!, o.code), null, 2) + '\n' : `${file}: ${renderResult(o.result!, o.model!)}`;
            process.stdout.write(text + (written && !flags.json ? `page written to ${written}\n` : ''));
          } else if (!flags.json) {
            if (o.error) process.stderr.write(`protocheck: ${o.error}\n`);
            process.stdout.write((o.result ? verdictLine(file, o.result) : `${file}: BAD INPUT`) + '\n');
          }
        }
      } finally {
        await pool.close();
        unguard();
      }
      const code = worstExit(outcomes.map((o) => o.code));
      if (!single) {
        const count = (c: number) => outcomes.filter((o) => o.code === c).length;
        const summary = {
          files: outcomes.length,
          consistent: count(EXIT.ok),
          violations: count(EXIT.violation),
          unknown: count(EXIT.inconclusive),
          badInput: count(EXIT.usage),
          elapsedMs: Math.round(performance.now() - start),
          exitCode: code,
        };
        if (flags.json) {
          const results = outcomes.map((o) => (o.result ? jsonOf(o.file, o.result, o.model!, o.code) : { file: o.file, error: o.error, exitCode: o.code }));
          process.stdout.write(JSON.stringify({ results, summary }, null, 2) + '\n');
        } else {
          const name = flags.check === 'sequential' ? 'sequentially consistent' : 'linearizable';
          process.stdout.write(
            `${summary.files} files: ${summary.consistent} ${name}, ${summary.violations} not, ${summary.unknown} unknown, ${summary.badInput} bad input (${(summary.elapsedMs / 1000).toFixed(2)} s); exit ${code}\n`,
          );
        }
      }
      done(code);
    });
};
