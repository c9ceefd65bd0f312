import { readTraceFile, TraceFileError } from '../trace/read.ts';
import { loadTraceModel, TraceLoadError, type TraceModel } from '../spec/trace-model.ts';
import type { TraceFile } from '../trace/trace.ts';
import { EXIT, UserError } from './exit.ts';

/** Loads a trace file and its model; bad input becomes a UserError (exit 2), a model that no longer fits exit 1. */
export async function openTrace(file: string, specFile?: string): Promise<{ trace: TraceFile; warnings: string[]; tm: TraceModel }> {
  let trace: TraceFile;
  let warnings: string[];
  try {
    ({ trace, warnings } = readTraceFile(file));
  } catch (err) {
    if (err instanceof TraceFileError) throw new UserError(err.message, EXIT.usage);
    throw err;
  }
  let tm: TraceModel;
  try {
    tm = await loadTraceModel(trace, { traceFile: file, specFile });
  } catch (err) {
    if (err instanceof TraceLoadError) throw new UserError(`${file}: ${err.message}`, err.exitCode);
    throw err;
  }
  return { trace, warnings: [...warnings, ...tm.warnings], tm };
}
