/**
 * The properties an observation checks, as a spec would name them: built-ins by name, a
 * user's own as `./file.ts#name` (relative to the history file when its header names them,
 * to the working directory on the command line), with parameters checked against their
 * defaults. Each one is routed: a streaming monitor, the linearizability checker, or the
 * whole history kept in memory.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { propertyDefs } from '../../properties/index.ts';
import { linearizable } from '../../properties/registers/properties.ts';
import { fileRef, importModule, paramIssues } from '../spec/properties.ts';
import { isPropertyDef, type History, type PropertyDef, type PropertyKind } from '../system/history.ts';
import { ObserveError, type PropertyRef } from './events.ts';
import { monitors, type MonitorSystem } from './monitors/index.ts';

export type Route = 'stream' | 'linearizability' | 'whole';

export interface ObservedProperty {
  /** As reports and traces name it: `total-order(uniform: false)`. */
  name: string;
  kind: PropertyKind;
  def: PropertyDef;
  params: Record<string, unknown>;
  route: Route;
  /** The definition's check for this system (every route makes it, so that bad parameters are found first). */
  check: (h: History) => string | null;
}

/** Resolves and routes the properties; `stream: false` checks every one on the whole history (to compare). */
export async function resolveProperties(refs: readonly PropertyRef[], system: MonitorSystem, options: { stream?: boolean } = {}): Promise<ObservedProperty[]> {
  const cache = new Map<string, Promise<Record<string, unknown>>>();
  const out: ObservedProperty[] = [];
  const names = new Set<string>();
  for (const ref of refs) {
    const bad = (msg: string): never => {
      throw new ObserveError(msg, ref.base, ref.line);
    };
    const def = await lookUp(ref, cache, bad);
    const problems = paramIssues({ name: ref.name, params: ref.params } as Parameters<typeof paramIssues>[0], def);
    if (problems.length) bad(problems.join('; '));
    const shown = Object.entries(ref.params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
    const name = shown ? `${def.name}(${shown})` : def.name;
    if (names.has(name)) bad(`${name} is named twice`);
    names.add(name);
    const params = { ...def.params, ...ref.params };
    let check: ObservedProperty['check'];
    try {
      check = def.make(params, system);
    } catch (e) {
      return bad(`property ${ref.name} could not be made for this history: ${(e as Error).message}`);
    }
    const route: Route = def === linearizable ? 'linearizability' : options.stream !== false && monitors.has(def) ? 'stream' : 'whole';
    out.push({ name, kind: def.kind, def, params, route, check });
  }
  if (out.length === 0) throw new ObserveError('no properties to check: name them in the header ("properties": [...]) or with --properties', refs[0]?.base);
  return out;
}

async function lookUp(ref: PropertyRef, cache: Map<string, Promise<Record<string, unknown>>>, bad: (msg: string) => never): Promise<PropertyDef> {
  const f = fileRef(ref.name);
  if (!f) {
    const d = propertyDefs[ref.name];
    if (d) return d;
    return bad(`unknown property '${ref.name}' (built-in: ${Object.keys(propertyDefs).join(', ')}; a property of your own: ./file.ts#exportName)`);
  }
  const path = resolve(dirname(ref.base), f.file);
  if (!existsSync(path)) return bad(`property ${ref.name}: no such module ${path}`);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path, cache);
  } catch (e) {
    return bad(`property ${ref.name}: cannot load ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const def = mod[f.exportName];
  if (!isPropertyDef(def)) return bad(`property ${ref.name}: ${f.file} has no property '${f.exportName}' made with defineProperty`);
  return def;
}

/** `agreement,no-duplication` or a YAML/JSON flow list with parameters: `[agreement, {total-order: {uniform: false}}]`. */
export async function parsePropertyList(text: string, base: string): Promise<PropertyRef[]> {
  const t = text.trim();
  if (!t.startsWith('[')) return t.split(',').map((s) => s.trim()).filter(Boolean).map((name) => ({ name, params: {}, base }));
  const { parse } = await import('yaml');
  let v: unknown;
  try {
    v = parse(t);
  } catch (e) {
    throw new ObserveError(`--properties: not a YAML list: ${(e as Error).message.split('\n')[0]}`);
  }
  const { propertyRefs } = await import('./jsonl.ts');
  return propertyRefs(v, base, { file: '--properties' });
}
