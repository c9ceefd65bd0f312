/**
 * `check --junit <file>`: the outcomes of a run as JUnit XML (written by junit.ts, as observe
 * and drive write theirs). One suite per spec, one test case per property it checks. With
 * expectations, a spec that meets its own passes whole (a catalogue spec that expects a
 * violation and gets it passes); otherwise the violated property fails with the violation and
 * the trace's path, and an unmet expectation with no violation (a state count, a violation
 * expected but not found) fails a case named `expect`. Inconclusive is skipped with the
 * limit, bad input is an error.
 */
import type { SpecOutcome } from '../spec/run.ts';
import { EXIT } from './exit.ts';
import type { JUnitCase, JUnitSuite } from './junit.ts';

export interface CheckedSpec {
  file: string;
  outcome?: SpecOutcome;
  code: number;
  tracePath?: string;
  /** Bad input: the report, one line per issue. */
  error?: string;
}

function violationBody(o: SpecOutcome, tracePath?: string): string {
  const v = o.result.violation!;
  const steps = o.trace ? `, ${o.trace.steps.length - 1} steps` : '';
  return [`${v.kind} violation of ${v.property}${steps}: ${v.message}`, ...(tracePath ? [`trace: ${tracePath} (protocheck replay ${tracePath})`] : [])].join('\n');
}

export function checkSuite(c: CheckedSpec, useExpectations: boolean): JUnitSuite {
  const o = c.outcome;
  if (!o) return { name: c.file, cases: [{ name: 'spec', classname: c.file, error: { message: c.error?.split('\n')[0] ?? 'bad input', body: c.error } }] };
  const classname = `${o.spec.name} (${o.spec.file})`;
  const seconds = o.result.stats.timeMs / 1000;
  const names = o.properties.length ? o.properties : ['(model)'];
  const cases: JUnitCase[] = names.map((name) => ({ name, classname }));
  const v = o.result.violation;
  const expectation = useExpectations ? o.expectation : undefined;
  if (c.code === EXIT.inconclusive) {
    for (const k of cases) k.skipped = o.result.limit?.message ?? 'inconclusive';
  } else if (c.code !== EXIT.ok) {
    if (v) {
      let own = cases.find((k) => k.name === v.property);
      if (!own) cases.push((own = { name: v.property, classname })); // a deadlock, an error of the model
      own.failure = { message: `${v.property}: ${v.message}`, body: [violationBody(o, c.tracePath), ...(expectation ? expectation.differences : [])].join('\n') };
    } else if (expectation && !expectation.met) {
      cases.push({ name: 'expect', classname, failure: { message: expectation.differences[0] ?? 'expectation not met', body: expectation.differences.join('\n') } });
    }
  }
  return { name: o.spec.name, seconds, cases };
}
