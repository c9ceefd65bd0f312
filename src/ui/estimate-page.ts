/**
 * The estimates of one or more specs as one self-contained page (`protocheck estimate <specs>
 * --html out.html`): coverage and traffic over time, each metric compared across the
 * protocols, and per protocol the histogram of each metric's runs. The page gets the outcomes
 * without their per-run values (the histograms, intervals and series carry what it draws).
 */
import type { EstimateOutcome, MetricEstimate } from '../spec/estimate.ts';
import { escapeHtml, page } from './html.ts';

export interface EstimatePageData {
  title: string;
  outcomes: (Omit<EstimateOutcome, 'runIds' | 'metrics'> & { metrics: Omit<MetricEstimate, 'values'>[] })[];
}

export function estimateData(outcomes: readonly EstimateOutcome[]): EstimatePageData {
  return {
    title: `estimate — ${outcomes.map((o) => o.spec.name).join(', ')}`,
    outcomes: outcomes.map(({ runIds: _ids, metrics, series, ...o }) => ({
      ...o,
      metrics: metrics.map(({ values: _values, ...m }) => m),
      // the sums are for merging shards; the page draws the derived figures
      ...(series ? { series: series.map((s) => ({ ...s, sum: [], sumSq: [] })) } : {}),
    })),
  };
}

export function estimatePage(outcomes: readonly EstimateOutcome[]): string {
  const data = estimateData(outcomes);
  return page({
    title: data.title,
    assets: ['page.css', 'estimate.css', 'common.js', 'plot.js', 'intervals.js', 'estimate.js'],
    data,
    body: `<div id="app"><noscript>${escapeHtml(data.title)}: this page draws the plots with JavaScript.</noscript></div>`,
  });
}
