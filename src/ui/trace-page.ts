/**
 * A trace as one self-contained HTML page: the sequence diagram, a step slider and keys, the
 * state at each step with what changed, and every property's verdict at each step.
 */
import type { Model } from '../core/model.ts';
import type { ReplayResult } from '../trace/replay.ts';
import type { TraceFile } from '../trace/trace.ts';
import { escapeHtml, page } from './html.ts';
import { traceData, type TracePageData } from './trace-data.ts';

/** The scripts and styles every page that draws a trace carries (the explorer too). */
export const TRACE_ASSETS = ['page.css', 'common.js', 'values.js', 'plot.js', 'diagram.js', 'steps.js'];

export function tracePage(data: TracePageData): string {
  return page({
    title: data.title,
    assets: [...TRACE_ASSETS, 'trace.js'],
    data,
    body: `<div id="app" class="trace-page"><noscript>${escapeHtml(data.title)}: this page draws the trace with JavaScript.</noscript></div>`,
  });
}

/**
 * The page of a trace replayed on its model: verdicts on the replayed states; when the trace
 * no longer reproduces, the recorded steps, with verdicts as far as it still matches.
 */
export function tracePageOf<S>(trace: TraceFile, model: Model<S, any> | undefined, replay: ReplayResult<S> | undefined): string {
  const notes: string[] = [];
  if (replay && !replay.reproduced && replay.mismatch) notes.push(`this trace no longer reproduces: ${replay.mismatch.message}`);
  const shown = replay?.reproduced && replay.trace ? replay.trace : trace;
  return tracePage(traceData({ trace: shown, model, states: replay?.states, notes }));
}
