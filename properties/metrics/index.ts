/** The registry of built-in metrics a spec's `estimate:` can name. */
import type { MetricDef } from '../../src/system/metric.ts';
import { complete, coverage, residue, t95, tAvg, tLast, traffic } from './metrics.ts';

export const metricDefs: Record<string, MetricDef> = Object.fromEntries([coverage, residue, complete, traffic, tAvg, t95, tLast].map((d) => [d.name, d]));
