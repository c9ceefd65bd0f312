import { writeFileSync } from 'node:fs';
import type { RegisterCommand } from '../command.ts';
import { traceToText, traceToYaml } from '../../trace/format.ts';
import { replayOnModel } from '../../trace/replay.ts';
import { shrinkOnModel } from '../../trace/shrink.ts';
import { EXIT } from '../exit.ts';
import { checkOverwrite } from '../files.ts';
import { openTrace } from '../trace-input.ts';

interface ShrinkFlags {
  output?: string;
  spec?: string;
  quiet?: boolean;
  force?: boolean;
}

/** Where the shrunk trace goes by default: beside the input, `.shrunk` before `.trace.yaml`. */
export function shrunkPath(file: string): string {
  const m = /^(.*?)(\.trace)?\.(ya?ml|json)$/.exec(file);
  return m ? `${m[1]}.shrunk.trace.yaml` : `${file}.shrunk.trace.yaml`;
}

export const registerShrink: RegisterCommand = (program, done) => {
  program
    .command('shrink')
    .description('make a trace smaller by delta debugging: drop steps (skipping actions no longer enabled) while the same property still fails')
    .argument('<trace>', 'a trace file (.trace.yaml)')
    .option('-o, --output <file>', 'where to write the smaller trace (default: <trace>.shrunk.trace.yaml)')
    .option('--spec <file>', 'the spec to shrink against (default: the one recorded in the trace)')
    .option('--quiet', 'print only the summary')
    .option('--force', 'replace the output file if it exists')
    .addHelpText('after', '\nExit codes: 0 written (possibly no smaller), 1 the trace no longer reproduces, 2 the trace file or its spec cannot be read, or the output file exists (without --force).')
    .action(async (file: string, flags: ShrinkFlags) => {
      const out = flags.output ?? shrunkPath(file);
      checkOverwrite(out, flags.force);
      const { trace, warnings, tm } = await openTrace(file, flags.spec);
      for (const w of warnings) process.stderr.write(`protocheck: ⚠ ${w}\n`);
      const r = replayOnModel(tm.model, trace, { context: tm.context });
      if (!r.reproduced) {
        process.stdout.write(`✗ ${file} no longer reproduces, so there is nothing to shrink: ${r.mismatch!.message}\n`);
        done(EXIT.violation);
        return;
      }
      const res = shrinkOnModel(tm.model, trace, tm.context);
      writeFileSync(out, traceToYaml(res.trace));
      const what = res.after < res.before ? `shrunk from ${res.before} to ${res.after} step${res.after === 1 ? '' : 's'}` : `already minimal at ${res.before} step${res.before === 1 ? '' : 's'} (no single step can be dropped)`;
      process.stdout.write(`✓ ${what} in ${res.executions} executions; ${trace.property} still fails\n  written to ${out}\n`);
      if (!flags.quiet) process.stdout.write('\n' + traceToText(res.trace).replace(/^/gm, '  ') + '\n');
      done(EXIT.ok);
    });
};
