import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { RegisterCommand } from './index.ts';
import { EXIT, UserError } from '../exit.ts';
import {
  checkLinearizability,
  checkSequentialConsistency,
  FORMATS,
  getModel,
  HistoryError,
  models,
  parseHistory,
  renderResult,
  UNKNOWN,
  UnknownModelError,
  type CheckResult,
  type HistoryFormat,
  type Model,
} from '../../../properties/linearizability/index.ts';

interface LinFlags {
  model?: string;
  format?: HistoryFormat;
  json?: boolean;
  check: 'linearizability' | 'sequential';
  timeout?: number;
}

const EXIT_OF = { ok: EXIT.ok, illegal: EXIT.violation, unknown: EXIT.inconclusive } as const;

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
      ...(p.witness ? { witness: p.witness } : {}),
    })),
    ...(f
      ? {
          failed: {
            ...(f.key === undefined ? {} : { key: f.key }),
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
    exitCode: code,
  };
}

export const registerLin: RegisterCommand = (program, done) => {
  program
    .command('lin')
    .description('check a recorded history of operations for linearizability (or sequential consistency) against a model')
    .argument('<history-file>', 'a history: protocheck JSON, Jepsen EDN or a Jepsen log (detected from the content)')
    .option('--model <name>', `sequential model: ${Object.keys(models).join(' | ')}`)
    .addOption(new Option('--format <format>', 'history format (default: detected)').choices(FORMATS))
    .addOption(new Option('--check <consistency>', 'consistency to check').choices(['linearizability', 'sequential']).default('linearizability'))
    .option('--timeout <seconds>', 'give up with verdict unknown (exit 3) after this long', seconds)
    .option('--json', 'print the verdict as JSON')
    .addHelpText('after', `\nModels:\n${knownModels()}\n\nExit codes: 0 consistent, 1 not, 2 bad input, 3 unknown (time limit).`)
    .action((file: string, flags: LinFlags) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
      }
      let result: CheckResult;
      let model: Model<any>;
      try {
        const history = parseHistory(text, { format: flags.format, source: file });
        model = resolve(flags.model ?? history.model, file);
        const options = flags.timeout === undefined ? {} : { timeoutMs: flags.timeout * 1000 };
        result = flags.check === 'sequential' ? checkSequentialConsistency(history, model, options) : checkLinearizability(history, model, options);
      } catch (e) {
        if (e instanceof HistoryError) throw new UserError(e.message);
        throw e;
      }
      const code = EXIT_OF[result.verdict];
      process.stdout.write(flags.json ? JSON.stringify(jsonOf(file, result, model, code), null, 2) + '\n' : `${file}: ${renderResult(result, model)}`);
      done(code);
    });
};
