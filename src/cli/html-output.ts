import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadTraceModel, TraceLoadError, type TraceModel } from '../spec/trace-model.ts';
import { replayOnModel } from '../trace/replay.ts';
import type { TraceFile } from '../trace/trace.ts';
import { tracePageOf } from '../ui/trace-page.ts';
import { historyPage } from '../ui/history-page.ts';
import type { CheckResult, Model as HistoryModel } from '../../properties/linearizability/index.ts';
import { EXIT, UserError } from './exit.ts';

/** Writes a page made by src/ui (its folder created); a path that cannot be written is bad usage. */
export function writeHtml(file: string, html: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** The page of a trace just found: its model rebuilt from the recorded spec, the trace replayed on it for the verdicts. */
export async function writeTracePage(trace: TraceFile, traceFile: string, out: string): Promise<void> {
  let tm: TraceModel | undefined;
  try {
    tm = await loadTraceModel(trace, { traceFile });
  } catch (err) {
    if (!(err instanceof TraceLoadError)) throw err;
  }
  writeHtml(out, tracePageOf(trace, tm?.model, tm ? replayOnModel(tm.model, trace) : undefined));
}

/** The page of a checked history (`lin <history> --html out.html`): bars per client, the order of effect, where linearizations fail. */
export function writeHistoryPage(result: CheckResult, model: HistoryModel<any>, historyFile: string, out: string): void {
  writeHtml(out, historyPage(result, model, historyFile));
}

