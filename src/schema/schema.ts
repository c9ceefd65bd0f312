/**
 * A small schema language over yaml's syntax tree, for every file protocheck reads (specs,
 * traces): every value keeps the position it came from, so an unknown key, a wrong type or a
 * value out of range is reported with the file, line and column (or the `--set` that put it
 * there). All errors of a file are collected in one pass.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';

export interface SpecIssue {
  file: string;
  line?: number;
  col?: number;
  /** Where the value came from when it was not in the file (e.g. `--set RM=7`). */
  origin?: string;
  message: string;
}

export function formatIssue(i: SpecIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}:${i.col}` : i.origin ? `${i.file} (${i.origin})` : i.file;
  return `${where}: ${i.message}`;
}

export class SpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SpecError';
  }
}

export interface Ctx {
  file: string;
  lines: LineCounter;
  issues: SpecIssue[];
  /** Nodes that `--set` created, with the override that made them. */
  origins: Map<unknown, string>;
}

export function report(ctx: Ctx, node: unknown, message: string): void {
  ctx.issues.push({ file: ctx.file, ...siteOf(ctx, node), message });
}

/** Where a node is: its line and column in the file, or the `--set` that made it. */
export interface Site {
  line?: number;
  col?: number;
  origin?: string;
}

export function siteOf(ctx: Ctx, node: unknown): Site {
  const range = node && typeof node === 'object' && 'range' in node ? (node as Node).range : undefined;
  if (range) {
    const { line, col } = ctx.lines.linePos(range[0]);
    return { line, col };
  }
  const origin = ctx.origins.get(node);
  return origin ? { origin } : {};
}

/** A schema turns a node into a value, reporting what is wrong; `undefined` marks a value it could not read. */
export interface Schema<T> {
  /** Words for error messages: "an integer", "one of bfs, dfs". */
  readonly expected: string;
  read(node: unknown, ctx: Ctx, path: string): T | undefined;
  /** The same shape as a JSON Schema (draft-07), for editors and CI (json-schema.ts; `npm run schema`). */
  readonly json?: JsonSchema;
}

export type JsonSchema = { [keyword: string]: unknown };

function at(path: string): string {
  return path ? ` at ${path}` : '';
}

function show(node: unknown): string {
  if (isScalar(node)) return JSON.stringify(node.value);
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  return String(node);
}

function scalar<T>(expected: string, json: JsonSchema, accept: (v: unknown) => v is T, check?: (v: T) => string | null): Schema<T> {
  return {
    expected,
    json,
    read(node, ctx, path) {
      const v = isScalar(node) ? node.value : undefined;
      if (!isScalar(node) || !accept(v)) {
        report(ctx, node, `expected ${expected}${at(path)}, got ${show(node)}`);
        return undefined;
      }
      const problem = check?.(v);
      if (problem) {
        report(ctx, node, `${problem}${at(path)}`);
        return undefined;
      }
      return v;
    },
  };
}

export const str = (): Schema<string> => scalar('a string', { type: 'string' }, (v): v is string => typeof v === 'string');
export const bool = (): Schema<boolean> => scalar('true or false', { type: 'boolean' }, (v): v is boolean => typeof v === 'boolean');
/** A finite number; `above`: strictly greater than it. */
export const num = (opts: { min?: number; above?: number } = {}): Schema<number> =>
  scalar('a number', { type: 'number', ...(opts.min !== undefined ? { minimum: opts.min } : {}), ...(opts.above !== undefined ? { exclusiveMinimum: opts.above } : {}) }, (v): v is number => typeof v === 'number' && Number.isFinite(v), (v) =>
    opts.min !== undefined && v < opts.min ? `must be at least ${opts.min}` : opts.above !== undefined && v <= opts.above ? `must be more than ${opts.above}` : null,
  );
export const int = (opts: { min?: number; max?: number } = {}): Schema<number> =>
  scalar(
    'an integer',
    { type: 'integer', ...(opts.min !== undefined ? { minimum: opts.min } : {}), ...(opts.max !== undefined ? { maximum: opts.max } : {}) },
    (v): v is number => typeof v === 'number' && Number.isInteger(v),
    (v) => (opts.min !== undefined && v < opts.min ? `must be at least ${opts.min}` : opts.max !== undefined && v > opts.max ? `must be at most ${opts.max}` : null),
  );
export function oneOf<const T extends string>(...values: T[]): Schema<T> {
  return scalar(`one of ${values.join(', ')}`, { enum: values }, (v): v is T => typeof v === 'string' && (values as string[]).includes(v));
}

/** Any YAML value, as plain data. */
export const any = (): Schema<unknown> => ({
  expected: 'a value',
  json: {},
  read: (node) => toPlain(node),
});

export function toPlain(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map(toPlain);
  if (isMap(node)) {
    const o: Record<string, unknown> = {};
    for (const p of node.items) o[String(isScalar(p.key) ? p.key.value : p.key)] = toPlain(p.value);
    return o;
  }
  return node ?? null;
}

export function list<T>(item: Schema<T>): Schema<T[]> {
  return {
    expected: `a list of ${item.expected.replace(/^an? /, '')}s`,
    json: { type: 'array', items: item.json },
    read(node, ctx, path) {
      if (!isSeq(node)) {
        report(ctx, node, `expected a list${at(path)}, got ${show(node)}`);
        return undefined;
      }
      const out: T[] = [];
      let ok = true;
      node.items.forEach((n, i) => {
        const v = item.read(n, ctx, `${path}[${i}]`);
        if (v === undefined) ok = false;
        else out.push(v);
      });
      return ok ? out : undefined;
    },
  };
}

/** Either a scalar form or a longer form, chosen by the node's shape. */
export function either<A, B, C = never>(expected: string, forScalar: Schema<A>, forMap: Schema<B>, forSeq?: Schema<C>): Schema<A | B | C> {
  return {
    expected,
    json: { anyOf: [forScalar.json, forMap.json, ...(forSeq ? [forSeq.json] : [])] },
    read(node, ctx, path) {
      if (isMap(node)) return forMap.read(node, ctx, path);
      if (isSeq(node) && forSeq) return forSeq.read(node, ctx, path);
      if (isScalar(node)) return forScalar.read(node, ctx, path);
      report(ctx, node, `expected ${expected}${at(path)}, got ${show(node)}`);
      return undefined;
    },
  };
}

type Fields = Record<string, Schema<unknown>>;
type Out<F extends Fields, R extends keyof F> = { [K in R]: NonNullable<ReturnType<F[K]['read']>> } & { [K in Exclude<keyof F, R>]?: NonNullable<ReturnType<F[K]['read']>> };

/**
 * A mapping with known keys; `required` lists the keys that must be present. Unknown keys are
 * errors that list the known ones, or, given `warnings`, are ignored with a warning there (a
 * trace written by a newer protocheck may have fields this one does not know).
 */
export function obj<F extends Fields, R extends keyof F = never>(fields: F, required: readonly R[] = [], warnings?: string[]): Schema<Out<F, R>> {
  const known = Object.keys(fields);
  return {
    expected: 'a mapping',
    json: {
      type: 'object',
      properties: Object.fromEntries(known.map((k) => [k, fields[k].json])),
      ...(required.length ? { required: [...required] } : {}),
      // a reader that only warns of unknown keys (traces) takes them
      ...(warnings ? {} : { additionalProperties: false }),
    },
    read(node, ctx, path) {
      if (!isMap(node)) {
        report(ctx, node, `expected a mapping${at(path)} with keys ${known.join(', ')}; got ${show(node)}`);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const sub = path ? `${path}.${key}` : key;
        const schema = fields[key];
        if (!schema) {
          if (warnings) {
            const pos = (pair.key as { range?: number[] })?.range;
            warnings.push(`${pos ? `${ctx.file}:${ctx.lines.linePos(pos[0]).line}` : ctx.file}: unknown key '${sub}' ignored (known: ${known.join(', ')})`);
            continue;
          }
          report(ctx, pair.key, `unknown key '${key}'${at(path)} (known: ${known.join(', ')})`);
          ok = false;
          continue;
        }
        const v = schema.read(pair.value, ctx, sub);
        if (v === undefined) ok = false;
        else out[key] = v;
      }
      for (const r of required) {
        if (!(r in out) && ok) {
          report(ctx, node, `missing key '${String(r)}'${at(path)}`);
          ok = false;
        }
      }
      return ok ? (out as Out<F, R>) : undefined;
    },
  };
}

/** A mapping from any names to values of one schema. */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return {
    expected: 'a mapping',
    json: { type: 'object', additionalProperties: value.json },
    read(node, ctx, path) {
      if (!isMap(node)) {
        report(ctx, node, `expected a mapping${at(path)}, got ${show(node)}`);
        return undefined;
      }
      const out: Record<string, T> = {};
      let ok = true;
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const v = value.read(pair.value, ctx, path ? `${path}.${key}` : key);
        if (v === undefined) ok = false;
        else out[key] = v;
      }
      return ok ? out : undefined;
    },
  };
}

/**
 * Parses a YAML file's text with positions; YAML syntax errors and a top level that is not a
 * mapping are thrown as a SpecError-like list of issues by `fail` (each reader has its error class).
 */
export function parseYamlMapping(text: string, file: string, notAMapping: string, fail: (issues: SpecIssue[]) => Error): { doc: Document; ctx: Ctx } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const issues: SpecIssue[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0].line,
    col: e.linePos?.[0].col,
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
  }));
  if (issues.length) throw fail(issues);
  if (!isMap(doc.contents)) throw fail([{ file, line: 1, col: 1, message: notAMapping }]);
  return { doc, ctx: { file, lines, issues, origins: new Map() } };
}
