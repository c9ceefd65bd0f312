import { importUserModule } from '../loader/import.ts';
import { existsSync } from 'node:fs';
import type { Model } from '../core/model.ts';
import type { ModelModule } from './module.ts';
import { SpecError, type SpecIssue } from '../schema/schema.ts';
import type { Spec } from './spec.ts';
import type { ProtocolModule } from '../system/protocol.ts';
import { SystemModel } from '../system/system.ts';
import { CHANNELS } from '../system/components.ts';
import { hashCanonical } from '../core/state-hash.ts';
import { symmetryGroups, symmetryProblems, worldSymmetry, type SymmetryGroup } from '../system/symmetry.ts';
import { compileProperties, kindOf } from './properties.ts';

export interface BuiltModel {
  model: Model<any, any>;
  /** The parameters in force: the module's defaults, then the spec's, then `--set`. */
  params: Record<string, unknown>;
  module: ModelModule | ProtocolModule;
  /** The interchangeable processes, when the spec declares symmetric roles. */
  symmetry?: SymmetryGroup[];
  /**
   * With symmetry: the model without it (to compare with: the fair-cycle pass itself runs up to
   * renaming, lifting the quotient's components back to real states, core/symmetry-liveness.ts).
   */
  unreduced?: Model<any, any>;
}

export interface BuildOptions {
  /**
   * The model is for the check's own search (spec.check.strategy), not for replaying a trace
   * or stepping by hand: an exhaustive search of safety properties without the deadlock check
   * may then be given a model without the steps only fairness needs (SystemModelOptions).
   */
  search?: boolean;
}

/** `buildModel` for the check's search; worker threads name it to rebuild the same model. */
export function buildSearchModel(spec: Spec): Promise<BuiltModel> {
  return buildModel(spec, { search: true });
}

/** Imports the module a spec names and builds its core Model with the spec's parameters. */
export async function buildModel(spec: Spec, options: BuildOptions = {}): Promise<BuiltModel> {
  if (!existsSync(spec.module)) throw new SpecError([{ file: spec.file, message: `model: no such module ${spec.module}` }]);
  let mod: { default?: unknown; properties?: unknown };
  try {
    mod = await importUserModule(spec.module);
  } catch (err) {
    throw new SpecError([{ file: spec.file, message: `model: cannot load ${spec.module}: ${(err as Error).message}` }]);
  }
  const m = mod.default as ModelModule | ProtocolModule | undefined;
  const want = spec.level === 'model' ? 'model: ... must export default defineModel({ params, build })' : 'protocol: ... must export default defineProtocol({ name, roles | init, ... })';
  if (!m || typeof m !== 'object' || m.kind !== spec.level) {
    throw new SpecError([{ file: spec.file, message: `${spec.module}: ${want}` }]);
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
  if (m.kind === 'protocol') issues.push(...workloadProblems(spec, m));
  if (issues.length) throw new SpecError(issues);
  const properties = m.kind === 'protocol' ? await compileProperties(spec, mod.properties) : [];
  let model: Model<any, any>;
  try {
    if (m.kind === 'model') model = m.build(params as never);
    else {
      const exhaustiveSafety = options.search === true && (spec.check.strategy === 'bfs' || spec.check.strategy === 'dfs') && !spec.check.deadlock;
      model = new SystemModel(m, spec.system!, { name: m.name, params, properties, exhaustiveSafety });
    }
  } catch (err) {
    if (err instanceof SpecError) throw err;
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
  let symmetry: SymmetryGroup[] | undefined;
  if (m.kind === 'protocol' && spec.system?.symmetry && spec.check.symmetry !== false) {
    const problems = symmetryProblems(m, spec.system, spec.system.symmetry, (model as SystemModel).symmetryProblems());
    if (problems.length) throw new SpecError(problems.map((message) => ({ file: spec.file, message })));
    symmetry = symmetryGroups(spec.system, spec.system.symmetry);
    // (a system model has no canonical form of its own: its worlds come with ordinals renumbered)
    const base = model;
    const rename = worldSymmetry(m, spec.system, CHANNELS[spec.system.network.ordering], symmetry, (w) => hashCanonical(base, w));
    model = Object.assign(Object.create(base), { canonical: rename, orbitSize: rename.orbitSize }) as Model<any, any>;
    return { model, params, module: m, symmetry, unreduced: base };
  }
  return { model, params, module: m };
}

/** Requests of the workload that no handler of their process's role takes: found here rather than when the search first issues one. */
function workloadProblems(spec: Spec, m: ProtocolModule): SpecIssue[] {
  const roles = spec.system!.processes.flatMap(({ role, count }) => Array<string>(count).fill(role));
  const out: SpecIssue[] = [];
  spec.system!.workload.forEach((w, i) => {
    const role = m.roles[roles[w.process]];
    if (!role || role.requests?.[w.request.type]) return;
    const known = Object.keys(role.requests ?? {});
    const site = spec.workloadSites?.[i];
    out.push({ file: spec.file, ...site, message: `workload[${i}]: p${w.process} (role ${roles[w.process]}) has no handler for '${w.request.type}' requests (${known.length ? `its requests: ${known.join(', ')}` : 'it takes no requests'})` });
  });
  return out;
}
