/** Pages of the committed traces and histories, built in-process for the UI tests. */
import { readFileSync } from 'node:fs';
import { loadTraceModel } from '../../src/spec/trace-model.ts';
import { readTraceFile } from '../../src/trace/read.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { traceData, type TracePageData } from '../../src/ui/trace-data.ts';
import { tracePageOf } from '../../src/ui/trace-page.ts';
import { historyPage } from '../../src/ui/history-page.ts';
import { estimatePage } from '../../src/ui/estimate-page.ts';
import { runEstimate, type EstimateOutcome } from '../../src/spec/estimate.ts';
import { checkLinearizability, getModel, parseHistory } from '../../properties/linearizability/index.ts';

export async function replayed(file: string) {
  const { trace } = readTraceFile(file);
  const tm = await loadTraceModel(trace, { traceFile: file });
  const r = replayOnModel(tm.model, trace);
  return { trace, model: tm.model, replay: r };
}

export async function traceDataOf(file: string): Promise<TracePageData> {
  const { trace, model, replay } = await replayed(file);
  return traceData({ trace: replay.trace ?? trace, model, states: replay.states });
}

export async function tracePageFor(file: string): Promise<string> {
  const { trace, model, replay } = await replayed(file);
  return tracePageOf(trace, model, replay);
}

export async function historyPageFor(file: string, model = 'cas-register'): Promise<{ html: string; verdict: string }> {
  const m = getModel(model);
  const r = await checkLinearizability(parseHistory(readFileSync(file, 'utf8'), { source: file }), m, {});
  return { html: historyPage(r, m, file), verdict: r.verdict };
}

export async function estimatePageFor(files: string[], runs = 100): Promise<{ html: string; outcomes: EstimateOutcome[] }> {
  const outcomes: EstimateOutcome[] = [];
  for (const f of files) outcomes.push(await runEstimate(f, { settings: { runs, exact: false } }));
  return { html: estimatePage(outcomes), outcomes };
}
