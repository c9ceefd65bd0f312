/**
 * `protocheck drive <trace...> --adapter ./impl-adapter.ts`: counterexamples as tests of an
 * implementation. Exit 0 every step of every trace matched, 1 a step where the implementation
 * indicated (or sent) something else, 2 bad input (a trace or adapter that cannot be read),
 * 3 the implementation could not take a step the trace needs (the report says why).
 */
import type { RegisterCommand } from './index.ts';
import { EXIT, UserError } from '../exit.ts';
import { filesUnder, hiddenOrModules } from '../files.ts';
import { worstOf, writeJUnit, type JUnitSuite } from '../junit.ts';
import { canonical, DriveInputError, driveTrace, type DriveResult, type Effects } from '../../drive/drive.ts';
import { loadAdapter } from '../../drive/load.ts';
import { readTraceFile, TraceFileError } from '../../trace/read.ts';

interface Flags {
  adapter: string;
  json?: boolean;
  junit?: string;
}

/** The traces named, a directory meaning every *.trace.yaml below it (as check, lin and observe read theirs). */
function traceFiles(paths: string[]): string[] {
  return filesUnder(paths, { keep: /\.trace\.yaml$/, skip: hiddenOrModules, missing: (p) => `cannot read ${p}: no such file`, none: 'no traces (*.trace.yaml) under {paths}' });
}

const CODE = { match: EXIT.ok, mismatch: EXIT.violation, stuck: EXIT.inconclusive } as const;

function effectsText(e: Effects): string {
  const parts = [...e.indications.map((i) => `p${i.p} indicates ${canonical(i.v)}`), ...e.sent.map((m) => `p${m.from} sends ${canonical(m.message)} to p${m.to}`)];
  return parts.length ? parts.join('; ') : 'nothing';
}

export function driveText(r: DriveResult): string {
  const skipped = r.skipped.length ? ` (${r.skipped.length} step${r.skipped.length === 1 ? '' : 's'} with no counterpart passed over: ${r.skipped.map((s) => s.step).join(', ')})` : '';
  if (r.verdict === 'match') return `${r.trace}: MATCHES the model: ${r.steps} of ${r.total} steps${skipped}`;
  const a = r.at!;
  const head = `${r.trace}: ${r.verdict === 'mismatch' ? 'DIFFERS from the model' : 'STUCK'} at step ${a.step} (${a.action}), after ${r.steps} matching step${r.steps === 1 ? '' : 's'}: ${a.reason}`;
  if (!a.expected) return head;
  return `${head}\n  model:          ${effectsText(a.expected)}\n  implementation: ${effectsText(a.actual!)}`;
}

function suiteOf(file: string, r: DriveResult | undefined, error?: string): JUnitSuite {
  const name = r?.property ?? 'drive';
  if (!r) return { name: file, cases: [{ name, classname: file, error: { message: error ?? 'bad input' } }] };
  const text = driveText(r);
  const c = { name, classname: file };
  return {
    name: file,
    cases: [r.verdict === 'match' ? c : r.verdict === 'mismatch' ? { ...c, failure: { message: r.at!.reason, body: text } } : { ...c, skipped: `stuck: ${r.at!.reason}` }],
  };
}

export const registerDrive: RegisterCommand = (program, done) => {
  program
    .command('drive')
    .description("replay traces' steps against a real implementation through an adapter, and check it indicates what the model did")
    .argument('<trace...>', 'trace files, or directories of them (*.trace.yaml)')
    .requiredOption('--adapter <module>', 'a module whose default export is a drive adapter (start, request, deliver, timer, crash, recover, detector)')
    .option('--json', 'print the results as JSON')
    .option('--junit <file>', 'also write a JUnit XML report: a test case per trace')
    .addHelpText(
      'after',
      '\nIndications are compared step by step, in order; sends too (in any order) when the adapter reportsSends.\nExit codes: 0 every step matched, 1 a step differs, 2 bad input (trace or adapter), 3 the implementation\ncould not take a step the trace needs. With several traces: 2 if any input is bad, else 1, else 3, else 0.',
    )
    .action(async (paths: string[], flags: Flags) => {
      const files = traceFiles(paths);
      const adapter = await loadAdapter(flags.adapter).catch((e) => {
        throw e instanceof DriveInputError ? new UserError(e.message) : e;
      });
      const codes: number[] = [];
      const json: unknown[] = [];
      const suites: JUnitSuite[] = [];
      for (const file of files) {
        let r: DriveResult;
        try {
          r = await driveTrace(readTraceFile(file).trace, file, adapter);
        } catch (e) {
          if (!(e instanceof DriveInputError || e instanceof TraceFileError)) throw e;
          const message = e instanceof DriveInputError ? `${file}: ${e.message}` : e.message;
          codes.push(EXIT.usage);
          json.push({ trace: file, verdict: 'error', error: message, exitCode: EXIT.usage });
          suites.push(suiteOf(file, undefined, message));
          if (!flags.json) process.stderr.write(`protocheck: ${message}\n`);
          continue;
        }
        codes.push(CODE[r.verdict]);
        json.push({ ...r, exitCode: CODE[r.verdict] });
        suites.push(suiteOf(file, r));
        if (!flags.json) process.stdout.write(driveText(r) + '\n');
      }
      const code = worstOf(codes);
      if (flags.junit) writeJUnit(flags.junit, suites);
      if (flags.json) process.stdout.write(JSON.stringify({ traces: json, summary: { traces: files.length, exitCode: code } }, null, 2) + '\n');
      else if (files.length > 1) process.stdout.write(`${files.length} traces: ${codes.filter((c) => c === 0).length} match, ${codes.filter((c) => c === 1).length} differ, ${codes.filter((c) => c === 3).length} stuck, ${codes.filter((c) => c === 2).length} bad input; exit ${code}\n`);
      done(code);
    });
};
