/**
 * Resolving the metrics a spec's `estimate:` names: a built-in metric (properties/metrics), a
 * metric or property a module beside the spec exports (`./m.ts#name`, made with defineMetric or
 * defineProperty), or a property by bare name (the protocol's own, then the built-ins). A
 * property measured on a run is whether it holds at the end of it: its probability is estimated.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { metricDefs } from '../../properties/metrics/index.ts';
import { propertyDefs } from '../../properties/index.ts';
import { SpecError, type SpecIssue } from '../schema/schema.ts';
import { isPropertyDef, type History, type PropertyDef } from '../system/history.ts';
import { isMetricDef, type Measure, type MetricDef, type RunRecord } from '../system/metric.ts';
import { exportedProperties, fileRef, importModule, paramIssues, systemInfo } from './properties.ts';
import type { PropertyRef, Spec } from './spec.ts';

export interface ResolvedMetric {
  /** As the report names it: the definition's name with the parameters given. */
  name: string;
  kind: 'proportion' | 'value';
  measure: (run: RunRecord) => Measure;
  /** The measure from the final history alone, when it needs nothing else (for the exact value). */
  atEnd?: (h: History) => Measure;
  /** The indication the metric counts deliveries of (its `indication` parameter), for the coverage series. */
  indication?: string;
}

type Found = MetricDef | PropertyDef;

async function lookUp(spec: Spec, ref: PropertyRef, fromProtocol: readonly PropertyDef[], cache: Map<string, Promise<Record<string, unknown>>>): Promise<Found | string> {
  const f = fileRef(ref.name);
  if (!f) {
    const found = metricDefs[ref.name] ?? fromProtocol.find((d) => d.name === ref.name) ?? propertyDefs[ref.name];
    return found ?? `unknown metric '${ref.name}' (built-in metrics: ${Object.keys(metricDefs).join(', ')}; or any property, measured as whether it holds at the end of a run; or ./file.ts#name made with defineMetric)`;
  }
  const path = resolve(dirname(spec.file), f.file);
  if (!existsSync(path)) return `metric ${ref.name}: no such module ${path}`;
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path, cache);
  } catch (err) {
    return `metric ${ref.name}: cannot load ${path}: ${(err as Error).message.split('\n')[0]}`;
  }
  const def = mod[f.exportName];
  if (isMetricDef(def) || isPropertyDef(def)) return def;
  return `metric ${ref.name}: ${f.file} has no export '${f.exportName}' made with defineMetric or defineProperty`;
}

/** The spec's metrics, compiled for its system; throws SpecError with every problem. */
export async function resolveMetrics(spec: Spec, protocolModule: unknown): Promise<ResolvedMetric[]> {
  const refs = spec.estimate?.metrics ?? [];
  const issues: SpecIssue[] = [];
  const info = systemInfo(spec.system!);
  const fromProtocol = exportedProperties((protocolModule as { properties?: unknown } | undefined)?.properties);
  const cache = new Map<string, Promise<Record<string, unknown>>>();
  const out: ResolvedMetric[] = [];
  for (const ref of refs) {
    const def = await lookUp(spec, ref, fromProtocol, cache);
    if (typeof def === 'string') {
      issues.push({ file: spec.file, ...ref.site, message: def });
      continue;
    }
    const problems = paramIssues(ref, def);
    if (problems.length) {
      for (const message of problems) issues.push({ file: spec.file, ...ref.site, message });
      continue;
    }
    const params = { ...def.params, ...ref.params };
    const shown = Object.entries(ref.params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
    const name = shown ? `${def.name}(${shown})` : def.name;
    if (isMetricDef(def)) {
      const indication = typeof params.indication === 'string' ? { indication: params.indication } : {};
      out.push({ name, kind: def.kind, measure: def.make(params, info), ...(def.atEnd ? { atEnd: def.atEnd(params, info) } : {}), ...indication });
    } else {
      const check = def.make(params, info);
      const holds = (h: History) => check(h) === null;
      out.push({ name, kind: 'proportion', measure: (run) => holds(run.history), atEnd: holds });
    }
  }
  if (issues.length) throw new SpecError(issues);
  return out;
}
