/** Loading trace files: every field checked, positioned messages, never a stack trace. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace, readTraceFile, TraceFileError } from '../../src/trace/read.ts';
import { cli, tmp } from './helpers.ts';

const GOOD = readFileSync(new URL('../../traces/two-phase-early-commit.trace.yaml', import.meta.url), 'utf8');

function issues(text: string): string {
  try {
    parseTrace(text, 'x.trace.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(TraceFileError);
    return (err as Error).message;
  }
  throw new Error('expected a TraceFileError');
}

describe('reading trace files', () => {
  it('loads a good trace, and tolerates unknown keys with a warning', () => {
    const { trace, warnings } = parseTrace(GOOD, 'good.yaml');
    expect(trace).toMatchObject({ protocheck: 1, property: 'TCConsistent', kind: 'safety' });
    expect(trace.steps).toHaveLength(6);
    expect(warnings).toEqual([]);
    const extra = parseTrace(GOOD.replace('kind: safety', 'kind: safety\nnote: from the future'), 'x.yaml');
    expect(extra.warnings).toEqual([expect.stringMatching(/^x\.yaml:\d+: unknown key 'note' ignored/)]);
  });

  it('names the line and column of a YAML syntax error', () => {
    expect(issues(GOOD.replace('steps:\n', 'steps: [\n'))).toMatch(/x\.trace\.yaml:\d+:\d+: YAML syntax/);
  });

  it('names missing keys and mistyped values with their position', () => {
    expect(issues(GOOD.replace(/^property: .*\n/m, ''))).toMatch(/missing key 'property'/);
    expect(issues(GOOD.replace('  - step: 2\n', '  - step: two\n'))).toMatch(/x\.trace\.yaml:\d+:\d+: expected an integer at steps\[2\]\.step, got "two"/);
    expect(issues(GOOD.replace('kind: safety', 'kind: bad'))).toMatch(/expected one of safety, deadlock, liveness, error at kind, got "bad"/);
    expect(issues(GOOD.replace('protocheck: 1', 'protocheck: 2'))).toMatch(/must be at most 1 at protocheck/);
    expect(issues(GOOD.replace('fingerprint: 92acac9df0355596', 'fingerprint: nope'))).toMatch(/expected a fingerprint of 16 hex digits at steps\[1\]\.fingerprint, got "nope"/);
  });

  it('checks what types cannot: numbering, the initial step, the loop start', () => {
    expect(issues(GOOD.replace('  - step: 3\n', '  - step: 4\n'))).toMatch(/steps\[3\] is numbered 4; steps are numbered 0, 1, 2, \.\.\. in order/);
    expect(issues(GOOD.replace('action: Init', 'action: Start'))).toMatch(/step 0 is the initial state, its action is 'Init'/);
    expect(issues(GOOD.replace('kind: safety', 'kind: liveness\nloopStart: 9'))).toMatch(/loopStart 9 is past the last step \(5\)/);
    expect(issues(GOOD + 'loopStart: 2\n')).toMatch(/loopStart is for liveness traces/);
    expect(issues('- just\n- a list\n')).toMatch(/a trace file is a YAML mapping/);
  });

  it('says when the file cannot be read', () => {
    expect(() => readTraceFile('/nonexistent/t.yaml')).toThrow(/cannot read the trace: no such file/);
  });

  it('makes replay exit 2 on a corrupt file, naming the file and line, without a stack trace', () => {
    const f = join(tmp(), 'bad.trace.yaml');
    writeFileSync(f, GOOD.replace('  - step: 2\n', '  - step: two\n'));
    const r = cli(['replay', f]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.trace\.yaml is not a valid trace file:\n\s+.*bad\.trace\.yaml:\d+:\d+: expected an integer at steps\[2\]\.step/);
    expect(r.err).not.toMatch(/\n\s+at /);
    const missing = cli(['replay', 'no/such.trace.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read the trace: no such file/);
  });
});
