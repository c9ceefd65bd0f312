/**
 * `--set path=value`: an override of any path of a spec, applied to the spec's YAML tree
 * before the schema reads it, so that a value it sets is checked exactly as the same value in
 * the file would be (and a mistake names the `--set`). A dotted path goes from the spec's root
 * (`faults.max=2`, `workload.0.process=1`); a bare name is one of the spec's own top-level keys
 * (`processes=2`, `network=fifo`) or else a parameter of the protocol or model (`RM=7` sets
 * `params.RM`).
 */
import { isMap, isPair, isScalar, isSeq, parse as parseYamlValue, YAMLMap, type Document, type Node } from 'yaml';
import { SpecError, siteOf, type Ctx } from '../schema/schema.ts';

export interface Override {
  /** As given on the command line. */
  text: string;
  path: string[];
  value: unknown;
}

/** Reads one `name=value`; `topLevel` are the spec's own keys, which a bare name sets. */
export function parseOverride(text: string, file: string, topLevel: readonly string[]): Override {
  const fail = (message: string) => new SpecError([{ file, origin: `--set ${text}`, message }]);
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  if (eq < 0 || name === '') throw fail(`expected name=value, got '${text}' (e.g. --set processes=2, --set faults.max=1, --set RM=7)`);
  const path = name.split('.');
  if (path.some((s) => s === '')) throw fail(`'${name}' is not a path: its parts are separated by single dots`);
  let value: unknown;
  try {
    value = parseYamlValue(text.slice(eq + 1));
  } catch (err) {
    throw fail(`the value is not valid YAML: ${(err as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  return { text, path: path.length > 1 || topLevel.includes(name) ? path : ['params', name], value };
}

function describe(node: unknown): string {
  if (isScalar(node)) return node.value === null ? 'empty' : `${JSON.stringify(node.value)}, not a mapping`;
  if (isSeq(node)) return 'a list';
  return 'a value';
}

function where(ctx: Ctx, node: unknown): string {
  const s = siteOf(ctx, node);
  return s.line !== undefined ? ` (${ctx.file}:${s.line}:${s.col})` : s.origin ? ` (set by ${s.origin})` : '';
}

/**
 * Sets the override's path in the document: mappings on the way are created where absent, a
 * list is entered by an index it has, and a path that goes through a scalar is an error.
 */
export function applyOverride(doc: Document, o: Override, ctx: Ctx): void {
  const fail = (message: string) => new SpecError([{ file: ctx.file, origin: `--set ${o.text}`, message }]);
  let node: unknown = doc.contents;
  for (let i = 0; i < o.path.length; i++) {
    const key = o.path[i];
    const last = i === o.path.length - 1;
    const sofar = o.path.slice(0, i).join('.');
    const made = (v: unknown): Node => {
      const n = doc.createNode(v) as Node;
      markOrigin(n, `--set ${o.text}`, ctx);
      return n;
    };
    if (isSeq(node)) {
      const idx = /^\d+$/.test(key) ? Number(key) : NaN;
      if (!(idx < node.items.length)) {
        throw fail(`${sofar} is a list of ${node.items.length} item${node.items.length === 1 ? '' : 's'}${where(ctx, node)}: ${key} is not one of its indices (0..${node.items.length - 1})`);
      }
      if (last) node.items[idx] = made(o.value);
      else node = node.items[idx];
      continue;
    }
    if (!isMap(node)) throw fail(`${sofar} is ${describe(node)}${where(ctx, node)}, so ${o.path.slice(0, i + 1).join('.')} cannot be set; set ${sofar} itself instead (--set ${sofar}=...)`);
    const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key);
    if (last) {
      if (pair) pair.value = made(o.value);
      else node.items.push(doc.createPair(made(key), made(o.value)));
      return;
    }
    const child = pair?.value;
    if (child === undefined || child === null || (isScalar(child) && child.value === null)) {
      const map = made({}) as YAMLMap;
      if (pair) pair.value = map;
      else node.items.push(doc.createPair(made(key), map));
      node = map;
    } else node = child;
  }
}

export function markOrigin(node: unknown, origin: string, ctx: Ctx): void {
  ctx.origins.set(node, origin);
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        markOrigin(item.key, origin, ctx);
        markOrigin(item.value, origin, ctx);
      } else markOrigin(item, origin, ctx);
    }
  }
}
