/**
 * `protocheck observe <history...>`: recorded histories of a real system checked against the
 * catalogue's properties (or a user's). Exit codes as check's: 0 every property holds, 1 a
 * violation, 2 bad input, 3 inconclusive (a liveness property not yet satisfied at the end of
 * the history, or a linearizability check that gave up); with several histories, the worst.
 */
import { join, resolve } from 'node:path';
import type { RegisterCommand } from './index.ts';
import { EXIT, UserError } from '../exit.ts';
import { worstOf, writeJUnit, type JUnitSuite } from '../junit.ts';
import { observe, type Observation, type PropertyOutcome } from '../../observe/engine.ts';
import { describePosition, ObserveError, type ProcessTable } from '../../observe/events.ts';
import { processTable } from '../../observe/jsonl.ts';
import { parsePropertyList } from '../../observe/resolve.ts';
import { filesUnder, hiddenOrModules } from '../files.ts';

/** Files, and every recorded history under the directories, in sorted order. */
const historyFiles = (paths: string[]): string[] =>
  filesUnder(paths, { keep: /\.(jsonl|ndjson|edn)$/, skip: hiddenOrModules, missing: (p) => `cannot read ${p}: no such file`, none: 'no histories (*.jsonl, *.ndjson, *.edn) under {paths}' });

interface Flags {
  properties?: string;
  processes?: string;
  format?: string;
  settled?: boolean;
  stream: boolean;
  json?: boolean;
  junit?: string;
}

/** `3`, `n1,n2,n3` or `server=3,client=2`. */
function processesArg(v: string): ProcessTable {
  const t = v.trim();
  const where = { file: '--processes' };
  try {
    if (/^\d+$/.test(t)) return processTable(Number(t), where);
    if (t.includes('=')) return processTable(Object.fromEntries(t.split(',').map((kv) => kv.split('=').map((x) => x.trim())).map(([k, n]) => [k, Number(n)])), where);
    return processTable(t.split(',').map((s) => s.trim()).filter(Boolean), where);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

export function exitOf(o: Observation): number {
  const v = o.properties.map((p) => p.verdict);
  return v.includes('error') ? EXIT.usage : v.includes('violated') ? EXIT.violation : v.includes('pending') || v.includes('unknown') ? EXIT.inconclusive : EXIT.ok;
}

const LABEL: Record<PropertyOutcome['verdict'], string> = { holds: 'holds', violated: 'VIOLATED', pending: 'NOT YET SATISFIED', unknown: 'UNKNOWN', error: 'CANNOT BE JUDGED' };

function where(p: PropertyOutcome): string {
  if (!p.at) return '';
  return p.kind === 'liveness' ? ` at the end, ${describePosition(p.at)}` : ` at ${describePosition(p.at)}`;
}

export function observationText(o: Observation): string {
  const lines = [`${o.file}: ${o.events.toLocaleString('en-US')} events, ${o.processes} process${o.processes === 1 ? '' : 'es'}${o.settled ? ', settled' : ''} (${(o.elapsedMs / 1000).toFixed(2)} s)`];
  const width = Math.max(...o.properties.map((p) => p.name.length));
  for (const p of o.properties) lines.push(`  ${LABEL[p.verdict].padEnd(17)} ${p.name.padEnd(width)}${where(p)}${p.message ? `: ${p.message}` : ''}`);
  const pending = o.properties.filter((p) => p.verdict === 'pending');
  if (pending.length) lines.push(`  (liveness is judged at the end of a finite history: what is owed may still come; if the system had settled, say so with --settled and it is a violation)`);
  const streamed = o.properties.filter((p) => p.route === 'stream').map((p) => p.name);
  const whole = o.properties.filter((p) => p.route !== 'stream').map((p) => `${p.name} (${p.note ?? (p.route === 'linearizability' ? 'its operations, for the linearizability checker' : 'no streaming monitor')})`);
  if (streamed.length) lines.push(`  streamed (a summary kept, not the events): ${streamed.join(', ')}`);
  if (whole.length) lines.push(`  needed the whole history in memory: ${whole.join('; ')}`);
  return lines.join('\n');
}

function jsonOf(o: Observation, code: number): unknown {
  return { ...o, elapsedMs: Math.round(o.elapsedMs), exitCode: code };
}

function suiteOf(o: Observation): JUnitSuite {
  return {
    name: o.file,
    seconds: o.elapsedMs / 1000,
    cases: o.properties.map((p) => {
      const text = `${p.message ?? ''}${p.at ? `\n${p.kind === 'liveness' ? 'at the end: ' : 'at '}${describePosition(p.at)}` : ''}`;
      const base = { name: p.name, classname: o.file };
      if (p.verdict === 'violated') return { ...base, failure: { message: p.message ?? 'violated', body: text } };
      if (p.verdict === 'error') return { ...base, error: { message: p.message ?? 'cannot be judged' } };
      if (p.verdict === 'pending') return { ...base, skipped: `not yet satisfied: ${p.message ?? ''}` };
      if (p.verdict === 'unknown') return { ...base, skipped: p.message ?? 'unknown' };
      return base;
    }),
  };
}

export const registerObserve: RegisterCommand = (program, done) => {
  program
    .command('observe')
    .description("check recorded histories of a real system (JSON Lines, Jepsen EDN, or a log format of yours) against the same properties as the model")
    .argument('<history...>', 'histories, or directories of them (*.jsonl, *.ndjson, *.edn)')
    .option('--properties <list>', 'the properties, overriding the header: agreement,no-duplication or a YAML list with parameters: "[agreement, {total-order: {uniform: false}}]" (./file.ts#name relative to the working directory)')
    .option('--processes <processes>', 'the processes, overriding the header: 3, n1,n2,n3 or server=3,client=2')
    .option('--format <format>', 'jsonl, edn (Jepsen), or a module whose default export is a log format (./my-log.ts); default: from the file')
    .option('--settled', 'the history ends with the system at rest: a liveness property not satisfied by then is violated (exit 1), not pending (exit 3)')
    .option('--no-stream', 'check every property on the whole history held in memory, as if none had a streaming monitor (to compare)')
    .option('--json', 'print the verdicts as JSON')
    .option('--junit <file>', 'also write a JUnit XML report: a test suite per history, a test case per property')
    .addHelpText(
      'after',
      '\nExit codes: 0 every property holds, 1 a violation, 2 bad input (a history or property that cannot be read,\na property that reads the processes\' states), 3 a liveness property not yet satisfied at the end (or a\nlinearizability check that gave up). With several histories: 2 if any input is bad, else 1, else 3, else 0.',
    )
    .action(async (paths: string[], flags: Flags) => {
      const files = historyFiles(paths);
      const single = files.length === 1;
      const properties = flags.properties === undefined ? undefined : await parsePropertyList(flags.properties, join(resolve('.'), '--properties')).catch((e) => {
        throw new UserError((e as Error).message);
      });
      const processes = flags.processes === undefined ? undefined : processesArg(flags.processes);
      const codes: number[] = [];
      const json: unknown[] = [];
      const suites: JUnitSuite[] = [];
      for (const file of files) {
        let o: Observation;
        try {
          o = await observe(file, { format: flags.format, processes, properties, settled: flags.settled, stream: flags.stream });
        } catch (e) {
          if (!(e instanceof ObserveError)) throw e;
          codes.push(EXIT.usage);
          json.push({ file, verdict: 'error', error: e.message, exitCode: EXIT.usage });
          suites.push({ name: file, cases: [{ name: 'read', classname: file, error: { message: e.message } }] });
          if (single && !flags.json && !flags.junit) throw new UserError(e.message);
          if (!flags.json) process.stderr.write(`protocheck: ${e.message}\n`);
          continue;
        }
        const code = exitOf(o);
        codes.push(code);
        json.push(jsonOf(o, code));
        suites.push(suiteOf(o));
        if (!flags.json) process.stdout.write(observationText(o) + '\n\n');
      }
      const code = worstOf(codes);
      if (flags.junit) writeJUnit(flags.junit, suites);
      if (flags.json) process.stdout.write(JSON.stringify({ histories: json, summary: { histories: files.length, exitCode: code } }, null, 2) + '\n');
      else if (!single) process.stdout.write(`${files.length} histories: ${codes.filter((c) => c === EXIT.ok).length} hold, ${codes.filter((c) => c === EXIT.violation).length} violated, ${codes.filter((c) => c === EXIT.inconclusive).length} not yet satisfied, ${codes.filter((c) => c === EXIT.usage).length} bad input; exit ${code}\n`);
      done(code);
    });
};
