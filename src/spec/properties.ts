/**
 * Resolving the properties a spec names: built-ins from properties/ (`agreement`), the ones
 * the protocol module exports as `properties` (by bare name; they come before built-ins of
 * the same name), and exports of modules beside the spec (`./mutex-props.ts#mutualExclusion`,
 * or `./mutex-props.ts` for its default export). Each is checked against its parameters and
 * compiled for the spec's system. Every error names the spec's file, line and column.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { importUserModule } from '../loader/import.ts';
import { propertyDefs } from '../../properties/index.ts';
import { SpecError, type Site, type SpecIssue } from '../schema/schema.ts';
import { isPropertyDef, type PropertyDef, type SystemInfo, type SystemProperty } from '../system/history.ts';
import type { SystemConfig } from '../system/config.ts';
import type { PropertyRef } from './spec.ts';

/** A property definition and where it comes from. */
export interface PropertySource {
  def: PropertyDef;
  /** `built-in`, `protocol` or the module's path. */
  from: string;
}

/** What a module exports as `properties`: a list or a record of defineProperty results. */
export function exportedProperties(exported: unknown): PropertyDef[] {
  if (Array.isArray(exported)) return exported.filter(isPropertyDef);
  if (exported && typeof exported === 'object') return Object.values(exported).filter(isPropertyDef);
  return [];
}

/** `./file.ts#name` → the file and the export; undefined for a bare name. */
export function fileRef(name: string): { file: string; exportName: string } | undefined {
  if (!/^\.{1,2}\/|^\//.test(name)) return undefined;
  const hash = name.lastIndexOf('#');
  return hash < 0 ? { file: name, exportName: 'default' } : { file: name.slice(0, hash), exportName: name.slice(hash + 1) };
}

/** Imports a property module, caching per path (a spec may name several of its exports). */
export async function importModule(path: string, cache: Map<string, Promise<Record<string, unknown>>>): Promise<Record<string, unknown>> {
  let m = cache.get(path);
  if (!m) cache.set(path, (m = importUserModule(path)));
  return m;
}

function describeExports(mod: Record<string, unknown>): string {
  const names = Object.keys(mod).filter((k) => isPropertyDef(mod[k]));
  return names.length ? `its properties: ${names.join(', ')}` : 'it exports no property made with defineProperty';
}

/** The definition a reference names, or an issue. */
async function lookUp(specFile: string, ref: PropertyRef, fromProtocol: readonly PropertyDef[], cache: Map<string, Promise<Record<string, unknown>>>): Promise<PropertySource | string> {
  const f = fileRef(ref.name);
  if (!f) {
    const own = fromProtocol.find((d) => d.name === ref.name);
    if (own) return { def: own, from: 'protocol' };
    const builtIn = propertyDefs[ref.name];
    if (builtIn) return { def: builtIn, from: 'built-in' };
    const theirs = fromProtocol.length ? `; the protocol's: ${fromProtocol.map((d) => d.name).join(', ')}` : '';
    return `unknown property '${ref.name}' (built-in: ${Object.keys(propertyDefs).join(', ')}${theirs}; a property of your own: ./file.ts#exportName)`;
  }
  const path = resolve(dirname(specFile), f.file);
  if (!existsSync(path)) return `property ${ref.name}: no such module ${path}`;
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path, cache);
  } catch (err) {
    return `property ${ref.name}: cannot load ${path}: ${(err as Error).message.split('\n')[0]}`;
  }
  if (!(f.exportName in mod)) return `property ${ref.name}: ${f.file} has no export '${f.exportName}' (${describeExports(mod)})`;
  const def = mod[f.exportName];
  if (!isPropertyDef(def)) return `property ${ref.name}: the export '${f.exportName}' of ${f.file} is not a property; make it with defineProperty({ name, kind, check }) from 'protocheck'`;
  return { def, from: path };
}

/** The kind of a parameter value, as its default fixes it. */
export function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v;
}

/** The parameters of a reference against its definition's: unknown or mistyped ones are issues. */
export function paramIssues(ref: PropertyRef, def: { params: Record<string, unknown> }): string[] {
  const unknown = Object.keys(ref.params).filter((k) => !(k in def.params));
  if (unknown.length) return [`property ${ref.name} has no parameter ${unknown.join(', ')} (its parameters: ${Object.keys(def.params).join(', ') || 'none'})`];
  return Object.entries(ref.params)
    .filter(([k, v]) => def.params[k] !== null && def.params[k] !== undefined && kindOf(v) !== kindOf(def.params[k]))
    .map(([k, v]) => `property ${ref.name}: parameter '${k}' must be a ${kindOf(def.params[k])} (like its default ${JSON.stringify(def.params[k])}), got ${JSON.stringify(v)}`);
}

export function systemInfo(config: SystemConfig): SystemInfo {
  const roles = config.processes.flatMap(({ role, count }) => Array.from({ length: count }, () => role));
  return { n: roles.length, roles: [...new Set(roles)], roleOf: (p: number) => roles[p] };
}

/** Resolves and compiles the spec's properties for its system; throws SpecError with every problem. */
export async function compileProperties(spec: { file: string; properties: PropertyRef[]; system?: SystemConfig }, protocolExports: unknown): Promise<SystemProperty[]> {
  const issues: SpecIssue[] = [];
  const issue = (site: Site | undefined, message: string) => issues.push({ file: spec.file, ...site, message });
  const fromProtocol = exportedProperties(protocolExports);
  const info = systemInfo(spec.system!);
  const cache = new Map<string, Promise<Record<string, unknown>>>();
  const out: SystemProperty[] = [];
  const names = new Map<string, string>();
  for (const ref of spec.properties) {
    const found = await lookUp(spec.file, ref, fromProtocol, cache);
    if (typeof found === 'string') {
      issue(ref.site, found);
      continue;
    }
    const { def } = found;
    const problems = paramIssues(ref, def);
    if (problems.length) {
      for (const p of problems) issue(ref.site, p);
      continue;
    }
    const shown = Object.entries(ref.params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
    const name = shown ? `${def.name}(${shown})` : def.name;
    const before = names.get(name);
    if (before !== undefined) {
      issue(ref.site, `two properties are named ${name} (${before} and ${ref.name}); traces name the property they violate, so names must differ`);
      continue;
    }
    names.set(name, ref.name);
    let check: (h: Parameters<SystemProperty['check']>[0]) => string | null;
    try {
      check = def.make({ ...def.params, ...ref.params }, info);
    } catch (err) {
      issue(ref.site, `property ${ref.name} could not be made for this system: ${(err as Error).message}`);
      continue;
    }
    out.push({ name, kind: def.kind, description: def.description, check, ...(def.eventuallyAlways ? { eventuallyAlways: true } : {}) });
  }
  if (issues.length) throw new SpecError(issues);
  return out;
}

/** Every property a spec can name: the built-ins, and with a spec's protocol module, its own. */
export function catalogueOfProperties(protocolExports?: unknown): PropertySource[] {
  const own = exportedProperties(protocolExports).map((def) => ({ def, from: 'protocol' }));
  return [...own, ...Object.values(propertyDefs).map((def) => ({ def, from: 'built-in' }))];
}

/** The properties a spec names from modules beside it, loaded. */
export async function fileProperties(specFile: string, refs: readonly PropertyRef[]): Promise<PropertySource[]> {
  const cache = new Map<string, Promise<Record<string, unknown>>>();
  const out: PropertySource[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const f = fileRef(ref.name);
    if (!f) continue;
    const path = resolve(dirname(specFile), f.file);
    if (seen.has(path) || !existsSync(path)) continue;
    seen.add(path);
    try {
      const mod = await importModule(path, cache);
      for (const v of Object.values(mod)) if (isPropertyDef(v)) out.push({ def: v, from: path });
    } catch {
      // compileProperties reports it when the spec is checked
    }
  }
  return out;
}
