import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { RegisterCommand } from '../command.ts';
import { buildModel } from '../../spec/build.ts';
import { digest } from '../../trace/digest.ts';
import { SpecError } from '../../schema/schema.ts';
import { loadSpec } from '../../spec/spec.ts';
import { traceToYaml } from '../../trace/format.ts';
import { ItfError, itfToTrace, parseItf, traceToItf } from '../../trace/itf.ts';
import { recordedVariables, replayOnModel } from '../../trace/replay.ts';
import { variablesOf } from '../../trace/trace.ts';
import { collect } from '../args.ts';
import { EXIT, UserError } from '../exit.ts';
import { checkOverwrite } from '../files.ts';
import { openTrace } from '../trace-input.ts';

export const registerItf: RegisterCommand = (program, done) => {
  const itf = program.command('itf').description("convert traces to and from the Informal Trace Format (ITF, Apalache's ADR-015; Quint and Apalache read and write it)");

  itf
    .command('export')
    .description('write a trace file as ITF JSON (the states are recomputed by replaying the trace on its model)')
    .argument('<trace>', 'a trace file (.trace.yaml)')
    .option('-o, --output <file>', 'where to write the ITF (default: standard output)')
    .option('--spec <file>', 'the spec to replay against (default: the one recorded in the trace)')
    .option('--force', 'replace the output file if it exists')
    .action(async (file: string, flags: { output?: string; spec?: string; force?: boolean }) => {
      if (flags.output) checkOverwrite(flags.output, flags.force);
      const { trace, warnings, tm } = await openTrace(file, flags.spec);
      for (const w of warnings) process.stderr.write(`protocheck: ⚠ ${w}\n`);
      const r = replayOnModel(tm.model, trace, { context: tm.context });
      let states: Record<string, unknown>[];
      if (r.reproduced) {
        states = r.states.map((s) => variablesOf(tm.model, s));
      } else {
        process.stderr.write(`protocheck: ⚠ the trace no longer reproduces (${r.mismatch!.message}); exporting the recorded values, where sets and maps were written as lists\n`);
        states = recordedVariables(trace);
      }
      const text = JSON.stringify(traceToItf(trace, states), null, 2) + '\n';
      if (flags.output) {
        writeFileSync(flags.output, text);
        process.stderr.write(`protocheck: ${states.length} states written to ${flags.output}\n`);
      } else process.stdout.write(text);
      done(r.reproduced ? EXIT.ok : EXIT.violation);
    });

  itf
    .command('import')
    .description("turn an ITF trace into a protocheck trace by re-running the spec's model: each step is the enabled action whose successor equals the next ITF state")
    .argument('<itf>', 'an ITF file (.itf.json)')
    .requiredOption('--spec <file>', 'the spec whose model the trace belongs to')
    .option('--set <name=value>', 'override a spec parameter or, dotted, any path of the spec (repeatable)', collect, [] as string[])
    .option('-o, --output <file>', 'where to write the trace (default: standard output)')
    .option('--force', 'replace the output file if it exists')
    .addHelpText('after', '\nExit codes: 0 imported, 1 the ITF trace does not fit the model or violates none of its properties, 2 bad input (or the output file exists, without --force).')
    .action(async (file: string, flags: { spec: string; set: string[]; output?: string; force?: boolean }) => {
      if (flags.output) checkOverwrite(flags.output, flags.force);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      let parsed;
      try {
        parsed = parseItf(text, file);
      } catch (err) {
        if (err instanceof ItfError) throw new UserError(err.message, EXIT.usage);
        throw err;
      }
      let built;
      let spec;
      try {
        spec = loadSpec(flags.spec, flags.set);
        built = await buildModel({ ...spec, check: { ...spec.check, invariants: undefined } });
      } catch (err) {
        if (err instanceof SpecError) throw new UserError(err.message, EXIT.usage);
        throw err;
      }
      let result;
      try {
        result = itfToTrace(built.model, parsed, {
          spec: relative(process.cwd(), spec.file) || spec.file,
          specDigest: digest(spec.source),
          module: relative(process.cwd(), spec.module),
          moduleDigest: digest(readFileSync(spec.module, 'utf8')),
          params: built.params,
          search: { strategy: 'itf-import', source: file },
        }, file);
      } catch (err) {
        if (err instanceof ItfError) throw new UserError(err.message, EXIT.violation);
        throw err;
      }
      for (const w of result.warnings) process.stderr.write(`protocheck: ⚠ ${w}\n`);
      const yaml = traceToYaml(result.trace);
      const n = result.trace.steps.length - 1;
      if (flags.output) {
        writeFileSync(flags.output, yaml);
        process.stderr.write(`protocheck: a ${result.trace.kind} violation of ${result.trace.property} in ${n} step${n === 1 ? '' : 's'} written to ${flags.output} (replay: protocheck replay ${flags.output})\n`);
      } else process.stdout.write(yaml);
      done(EXIT.ok);
    });
};
