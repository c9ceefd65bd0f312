import type { RegisterCommand } from '../command.ts';
import { brief, toData } from '../../trace/format.ts';
import { traceToMsc } from '../../trace/msc.ts';
import { replayOnModel, type ReplayResult } from '../../trace/replay.ts';
import type { TraceModel } from '../../spec/trace-model.ts';
import type { TraceFile } from '../../trace/trace.ts';
import { EXIT } from '../exit.ts';
import { countArg } from '../args.ts';
import { openTrace } from '../trace-input.ts';
import { writeHtml } from '../html-output.ts';
import { tracePageOf } from '../../ui/trace-page.ts';

interface ReplayFlags {
  spec?: string;
  msc?: boolean;
  loops?: number;
  quiet?: boolean;
  json?: boolean;
  html?: string;
}

function kindWords(kind: string): string {
  return kind === 'safety' ? 'safety violation' : kind === 'liveness' ? 'liveness violation' : kind === 'deadlock' ? 'deadlock' : 'error';
}

/** The replay as text: each step with its changed variables, then the verdict. */
export function replayText(file: string, trace: TraceFile, tm: TraceModel, warnings: string[], r: ReplayResult, quiet = false): string {
  const n = trace.steps.length - 1;
  const params = Object.entries(trace.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const out: string[] = [];
  out.push(`Replaying ${file}`);
  out.push(`  spec ${tm.specFile} · model ${tm.model.name}${params ? ` · params ${params}` : ''}`);
  out.push(`  recorded: ${kindWords(trace.kind)} of ${trace.property} in ${n} step${n === 1 ? '' : 's'}${trace.loopStart !== undefined ? ` (loop from step ${trace.loopStart})` : ''}, found by ${trace.search.strategy}${trace.seed !== undefined ? ` with seed ${trace.seed}` : ''}`);
  for (const w of warnings) out.push(`  ⚠ ${w}`);
  if (!quiet) {
    for (const s of r.steps) {
      const loop = s.loop !== undefined ? `  (loop, round ${s.loop})` : trace.loopStart === s.step && s.loop === undefined ? '  ◀ the loop starts here' : '';
      out.push(`${String(s.step).padStart(4)}  ${s.step === 0 && s.loop === undefined ? 'initial state' : s.action}  ✓${loop}`);
      for (const [k, v] of Object.entries(s.changes)) out.push(`        ${k} = ${brief(v)}`);
    }
    if (trace.failingAction && r.reproduced) out.push(`${String(n + 1).padStart(4)}  ${trace.failingAction}  ✗ throws again`);
  }
  if (r.reproduced) {
    const v = r.violation!;
    const where = trace.kind === 'liveness' && r.loopsRun ? `, the loop run ${r.loopsRun} more time${r.loopsRun === 1 ? '' : 's'}` : '';
    out.push(`✓ reproduces: ${trace.property} is violated again after ${n} step${n === 1 ? '' : 's'}${where}:`);
    out.push(`    ${v.message}`);
    if (v.message !== trace.message) out.push(`    (recorded: ${trace.message})`);
  } else {
    const m = r.mismatch!;
    out.push(`✗ no longer reproduces: ${m.message}`);
    out.push(m.step >= 0 ? `  the first ${m.step} step${m.step === 1 ? '' : 's'} still match; the trace stops matching at step ${m.step}` : `  all ${n} steps still match, but the violation does not`);
  }
  return out.join('\n');
}

export const registerReplay: RegisterCommand = (program, done) => {
  program
    .command('replay')
    .description('re-execute a trace file against its spec, step by step by action label, and check that it still reproduces its violation')
    .argument('<trace>', 'a trace file (.trace.yaml)')
    .option('--spec <file>', 'the spec to replay against (default: the one recorded in the trace)')
    .option('--msc', 'also draw the trace as a message sequence chart (a numbered list for models without processes)')
    .option('--loops <n>', 'for a lasso: run the loop this many times after the prefix', countArg('--loops'), 3)
    .option('--quiet', 'print only the verdict')
    .option('--json', 'print a machine-readable result')
    .option('--html <file>', 'also write the trace as a self-contained web page: sequence diagram, step slider, the state and every verdict at each step')
    .addHelpText('after', '\nExit codes: 0 it reproduces, 1 it no longer does (the message names the first step that differs), 2 the trace file or its spec cannot be read.')
    .action(async (file: string, flags: ReplayFlags) => {
      const { trace, warnings, tm } = await openTrace(file, flags.spec);
      const r = replayOnModel(tm.model, trace, { loops: flags.loops, context: tm.context });
      const all = [...warnings, ...r.warnings];
      const code = r.reproduced ? EXIT.ok : EXIT.violation;
      if (flags.html) writeHtml(flags.html, tracePageOf(trace, tm.model, r));
      if (flags.json) {
        process.stdout.write(
          JSON.stringify(
            toData({
              file,
              spec: tm.specFile,
              model: tm.model.name,
              property: trace.property,
              kind: trace.kind,
              reproduced: r.reproduced,
              steps: r.steps.length - 1,
              ...(r.mismatch ? { mismatch: r.mismatch } : {}),
              ...(r.violation ? { violation: r.violation } : {}),
              warnings: all,
              ...(flags.html ? { html: flags.html } : {}),
              exitCode: code,
            }),
            null,
            2,
          ) + '\n',
        );
      } else {
        process.stdout.write(replayText(file, trace, tm, all, r, flags.quiet) + '\n');
        if (flags.html) process.stdout.write(`page written to ${flags.html}\n`);
        if (flags.msc) {
          const chartOf = r.trace ?? trace;
          const note = r.trace ? '' : '\n  (the recorded trace, since it no longer reproduces)';
          process.stdout.write(`\n${traceToMsc(chartOf)}${note}\n`);
        }
      }
      done(code);
    });
};
