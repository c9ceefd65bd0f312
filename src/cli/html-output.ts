import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadTraceModel, TraceLoadError, type TraceModel } from '../spec/trace-model.ts';
import { replayOnModel } from '../trace/replay.ts';
import type { TraceFile } from '../trace/trace.ts';
import { tracePageOf } from '../ui/trace-page.ts';
import { historyPage } from '../ui/history-page.ts';
import { estimatePage } from '../ui/estimate-page.ts';
import type { EstimateOutcome } from '../spec/estimate.ts';
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


/**
 * Where lin writes the pages of its histories: one history, the file given; several, one page
 * each in the folder given, named after the history (`etcd_000.log` → `etcd_000.html`; a name
 * two histories share gets -2, -3, ... in the order they are checked). Returns the writer, which
 * returns the path it wrote.
 */
export function historyPageWriter(out: string, single: boolean): (file: string, result: CheckResult, model: HistoryModel<any>) => string {
  const used = new Set<string>();
  return (file, result, model) => {
    let path = out;
    if (!single) {
      const stem = basename(file).replace(/\.[^.]*$/, '');
      let name = `${stem}.html`;
      for (let k = 2; used.has(name); k++) name = `${stem}-${k}.html`;
      used.add(name);
      path = join(out, name);
    }
    writeHistoryPage(result, model, file, path);
    return path;
  };
}

/** The page of one or more estimates (`estimate <specs> --html out.html`): the plots of their metrics side by side. */
export function writeEstimatePage(outcomes: readonly EstimateOutcome[], out: string): void {
  writeHtml(out, estimatePage(outcomes));
}
