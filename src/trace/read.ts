/**
 * Loading a trace file: YAML (or JSON) with every field checked, so that a corrupt or
 * hand-edited file gets a clear message with the file, line and column of what is wrong,
 * never a stack trace. Unknown keys are tolerated with a warning (a newer protocheck may
 * have added fields); missing or mistyped ones are errors.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import { any, formatIssue, int, list, oneOf, report, str, toPlain, type Ctx, type Schema, type SpecIssue } from '../spec/schema.ts';
import type { TraceFile } from './trace.ts';

export class TraceFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: SpecIssue[],
  ) {
    super(`${file} is not a valid trace file:\n  ${issues.map(formatIssue).join('\n  ')}`);
    this.name = 'TraceFileError';
  }
}

export interface LoadedTrace {
  trace: TraceFile;
  /** Things that are odd but do not stop a replay (unknown keys). */
  warnings: string[];
}

/** A mapping with known keys; unknown keys become warnings instead of errors. */
function lenient<T>(fields: Record<string, Schema<unknown>>, required: string[], warnings: string[]): Schema<T> {
  const known = Object.keys(fields);
  return {
    expected: 'a mapping',
    read(node, ctx, path) {
      if (!isMap(node)) {
        report(ctx, node, `expected a mapping${path ? ` at ${path}` : ''} with keys ${known.join(', ')}`);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const sub = path ? `${path}.${key}` : key;
        const schema = fields[key];
        if (!schema) {
          const pos = (pair.key as { range?: number[] })?.range;
          const where = pos ? `${ctx.file}:${ctx.lines.linePos(pos[0]).line}` : ctx.file;
          warnings.push(`${where}: unknown key '${sub}' ignored (known: ${known.join(', ')})`);
          continue;
        }
        const v = schema.read(pair.value, ctx, sub);
        if (v === undefined) ok = false;
        else out[key] = v;
      }
      for (const r of required) {
        if (!(r in out) && ok) {
          report(ctx, node, `missing key '${r}'${path ? ` at ${path}` : ''}`);
          ok = false;
        }
      }
      return ok ? (out as T) : undefined;
    },
  };
}

const fingerprintSchema = (): Schema<string> => ({
  expected: 'a fingerprint',
  read(node, ctx, path) {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string' || !/^[0-9a-f]{16}$/.test(v)) {
      report(ctx, node, `expected a fingerprint of 16 hex digits at ${path}, got ${JSON.stringify(isScalar(node) ? node.value : toPlain(node))}`);
      return undefined;
    }
    return v;
  },
});

/** Any value given as a mapping (the recorded variables), or an error. */
const mapping = (): Schema<Record<string, unknown>> => ({
  expected: 'a mapping',
  read(node, ctx, path) {
    if (!isMap(node)) {
      report(ctx, node, `expected a mapping of variables at ${path}`);
      return undefined;
    }
    return toPlain(node) as Record<string, unknown>;
  },
});

function traceSchema(warnings: string[]): Schema<TraceFile> {
  const step = lenient(
    {
      step: int({ min: 0 }),
      action: str(),
      changes: mapping(),
      fingerprint: fingerprintSchema(),
      process: int(),
      kind: str(),
      received: lenient({ from: int(), message: any() }, ['from', 'message'], warnings),
      sent: list(lenient({ to: int(), message: any() }, ['to', 'message'], warnings)),
      indications: list(any()),
      request: any(),
    },
    ['step', 'action', 'changes', 'fingerprint'],
    warnings,
  );
  const search = lenient<{ strategy: string }>({ strategy: str() }, ['strategy'], []);
  const searchAny: Schema<{ strategy: string }> = {
    expected: 'a mapping',
    read(node, ctx, path) {
      const s = search.read(node, ctx, path);
      return s === undefined ? undefined : (toPlain(node) as { strategy: string });
    },
  };
  return lenient<TraceFile>(
    {
      protocheck: int({ min: 1, max: 1 }),
      spec: str(),
      specDigest: str(),
      model: str(),
      module: str(),
      moduleDigest: str(),
      params: mapping(),
      search: searchAny,
      property: str(),
      kind: oneOf('safety', 'deadlock', 'liveness', 'error'),
      message: str(),
      steps: list(step),
      failingAction: str(),
      loopStart: int({ min: 0 }),
      seed: int(),
      processes: list(lenient({ id: int(), name: str(), role: str() }, ['id', 'name'], warnings)),
    },
    ['protocheck', 'spec', 'specDigest', 'model', 'module', 'moduleDigest', 'params', 'search', 'property', 'kind', 'message', 'steps'],
    warnings,
  );
}

/** Parses and validates a trace file's text; throws TraceFileError listing every problem. */
export function parseTrace(text: string, file: string): LoadedTrace {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const issues: SpecIssue[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0].line,
    col: e.linePos?.[0].col,
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
  }));
  if (issues.length) throw new TraceFileError(file, issues);
  if (!isMap(doc.contents)) throw new TraceFileError(file, [{ file, line: 1, col: 1, message: 'a trace file is a YAML mapping (protocheck: 1, spec:, steps: ...); is this a trace?' }]);
  const ctx: Ctx = { file, lines, issues, origins: new Map() };
  const warnings: string[] = [];
  const trace = traceSchema(warnings).read(doc.contents, ctx, '');
  if (!trace || issues.length) throw new TraceFileError(file, issues.length ? issues : [{ file, message: 'invalid trace' }]);
  // what the types cannot say
  const stepNode = (i: number): unknown => (doc.getIn(['steps', i], true) as unknown) ?? doc.contents;
  if (trace.steps.length === 0) report(ctx, doc.get('steps', true), 'a trace has at least its initial state (step 0)');
  trace.steps.forEach((s, i) => {
    if (s.step !== i) report(ctx, (doc.getIn(['steps', i, 'step'], true) as unknown) ?? stepNode(i), `steps[${i}] is numbered ${s.step}; steps are numbered 0, 1, 2, ... in order`);
  });
  if (trace.steps.length > 0 && trace.steps[0].action !== 'Init') {
    report(ctx, doc.getIn(['steps', 0, 'action'], true), `step 0 is the initial state, its action is 'Init' (got '${trace.steps[0].action}')`);
  }
  if (trace.loopStart !== undefined && trace.loopStart > trace.steps.length - 1) {
    report(ctx, doc.get('loopStart', true), `loopStart ${trace.loopStart} is past the last step (${trace.steps.length - 1})`);
  }
  if (trace.loopStart !== undefined && trace.kind !== 'liveness') {
    report(ctx, doc.get('loopStart', true), `loopStart is for liveness traces (lassos); this trace is a ${trace.kind} violation`);
  }
  if (issues.length) throw new TraceFileError(file, issues);
  return { trace, warnings };
}

/** Reads and validates a trace file. */
export function readTraceFile(file: string): LoadedTrace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TraceFileError(file, [{ file, message: `cannot read the trace: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}` }]);
  }
  return parseTrace(text, file);
}
