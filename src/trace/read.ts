/**
 * Loading a trace file: YAML (or JSON) with every field checked, so that a corrupt or
 * hand-edited file gets a clear message with the file, line and column of what is wrong,
 * never a stack trace. Unknown keys are tolerated with a warning (a newer protocheck may
 * have added fields); missing or mistyped ones are errors.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar } from 'yaml';
import { any, formatIssue, int, list, obj, oneOf, parseYamlMapping, report, str, toPlain, type Schema, type SpecIssue } from '../schema/schema.ts';
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
  const step = obj(
    {
      step: int({ min: 0 }),
      action: str(),
      changes: mapping(),
      fingerprint: fingerprintSchema(),
      process: int(),
      kind: str(),
      received: obj({ from: int(), message: any() }, ['from', 'message'], warnings),
      sent: list(obj({ to: int(), message: any() }, ['to', 'message'], warnings)),
      indications: list(any()),
      request: any(),
    },
    ['step', 'action', 'changes', 'fingerprint'],
    warnings,
  );
  const search = obj({ strategy: str() }, ['strategy'], []);
  const searchAny: Schema<{ strategy: string }> = {
    expected: 'a mapping',
    read(node, ctx, path) {
      const s = search.read(node, ctx, path);
      return s === undefined ? undefined : (toPlain(node) as { strategy: string });
    },
  };
  return obj(
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
      processes: list(obj({ id: int(), name: str(), role: str() }, ['id', 'name'], warnings)),
    },
    ['protocheck', 'spec', 'specDigest', 'model', 'module', 'moduleDigest', 'params', 'search', 'property', 'kind', 'message', 'steps'],
    warnings,
  ) as unknown as Schema<TraceFile>;
}

/** Parses and validates a trace file's text; throws TraceFileError listing every problem. */
export function parseTrace(text: string, file: string): LoadedTrace {
  const { doc, ctx } = parseYamlMapping(text, file, 'a trace file is a YAML mapping (protocheck: 1, spec:, steps: ...); is this a trace?', (issues) => new TraceFileError(file, issues));
  const issues = ctx.issues;
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
