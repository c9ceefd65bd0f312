import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import type { Model } from '../core/model.ts';
import type { ModelModule } from './module.ts';
import { SpecError } from './schema.ts';
import type { Spec } from './spec.ts';

export interface BuiltModel {
  model: Model<any, any>;
  /** The parameters in force: the module's defaults, then the spec's, then `--set`. */
  params: Record<string, unknown>;
  module: ModelModule;
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v;
}

/** Imports the module a spec names and builds its core Model with the spec's parameters. */
export async function buildModel(spec: Spec): Promise<BuiltModel> {
  if (!existsSync(spec.module)) throw new SpecError([{ file: spec.file, message: `model: no such module ${spec.module}` }]);
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(spec.module).href);
  } catch (err) {
    throw new SpecError([{ file: spec.file, message: `model: cannot load ${spec.module}: ${(err as Error).message}` }]);
  }
  const m = mod.default as ModelModule | undefined;
  if (!m || typeof m !== 'object' || m.kind !== 'model' || typeof m.build !== 'function') {
    throw new SpecError([{ file: spec.file, message: `model: ${spec.module} must export default defineModel({ params, build })` }]);
  }
  const params: Record<string, unknown> = { ...m.params };
  const issues = [];
  for (const [k, v] of Object.entries(spec.params)) {
    if (!(k in m.params)) {
      issues.push({ file: spec.file, ...spec.paramSites?.[k], message: `unknown parameter '${k}' (the model's parameters: ${Object.keys(m.params).join(', ') || 'none'})` });
      continue;
    }
    const want = kindOf(m.params[k]);
    if (m.params[k] !== null && kindOf(v) !== want) {
      issues.push({ file: spec.file, ...spec.paramSites?.[k], message: `parameter '${k}' must be a ${want} (like its default ${JSON.stringify(m.params[k])}), got ${JSON.stringify(v)}` });
      continue;
    }
    params[k] = v;
  }
  if (issues.length) throw new SpecError(issues);
  let model: Model<any, any>;
  try {
    model = m.build(params as never);
  } catch (err) {
    throw new SpecError([{ file: spec.file, message: `building the model failed: ${(err as Error).message}` }]);
  }
  if (spec.check.invariants) {
    const known = model.invariants.map((i) => i.name);
    const unknown = spec.check.invariants.filter((n) => !known.includes(n));
    if (unknown.length) throw new SpecError([{ file: spec.file, message: `unknown invariant ${unknown.join(', ')} (the model defines: ${known.join(', ')})` }]);
    const keep = new Set(spec.check.invariants);
    // a derived object keeps the model's methods (and `this`) whether it is a literal or a class instance
    model = Object.assign(Object.create(model), { invariants: model.invariants.filter((i) => keep.has(i.name)) }) as Model<any, any>;
  }
  return { model, params, module: m };
}
