/**
 * JUnit XML reports (`--junit <file>`), the format CI systems read test results from: one
 * test suite per input (a history, a trace, a spec), one test case per property checked on it.
 * A violation is a failure, bad input an error, and an inconclusive verdict (a liveness property
 * not yet satisfied, a limit hit) is skipped with its reason. `observe` and `drive` write them;
 * `check` can use the same writer. Like `--html`, the report is written over an existing file:
 * CI writes it afresh on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, UserError } from './exit.ts';

export interface JUnitCase {
  name: string;
  classname: string;
  seconds?: number;
  failure?: { message: string; body?: string };
  error?: { message: string; body?: string };
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  seconds?: number;
  cases: JUnitCase[];
}

// XML 1.0 has no escape for most control characters: they are dropped
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const esc = (s: string) => s.replace(CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const secs = (s?: number) => (s === undefined ? '' : ` time="${s.toFixed(3)}"`);

export function junitXml(suites: readonly JUnitSuite[], name = 'protocheck'): string {
  const count = (f: (c: JUnitCase) => unknown) => suites.reduce((n, s) => n + s.cases.filter(f).length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${count(() => true)}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" skipped="${count((c) => c.skipped !== undefined)}">`,
  ];
  for (const s of suites) {
    const n = (f: (c: JUnitCase) => unknown) => s.cases.filter(f).length;
    out.push(`  <testsuite name="${esc(s.name)}" tests="${s.cases.length}" failures="${n((c) => c.failure)}" errors="${n((c) => c.error)}" skipped="${n((c) => c.skipped !== undefined)}"${secs(s.seconds)}>`);
    for (const c of s.cases) {
      const head = `    <testcase name="${esc(c.name)}" classname="${esc(c.classname)}"${secs(c.seconds)}`;
      const inner: string[] = [];
      if (c.failure) inner.push(`      <failure message="${esc(c.failure.message)}">${esc(c.failure.body ?? c.failure.message)}</failure>`);
      if (c.error) inner.push(`      <error message="${esc(c.error.message)}">${esc(c.error.body ?? c.error.message)}</error>`);
      if (c.skipped !== undefined) inner.push(`      <skipped message="${esc(c.skipped)}"/>`);
      out.push(inner.length ? `${head}>\n${inner.join('\n')}\n    </testcase>` : `${head}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** Writes the report (its folder created); a path that cannot be written is bad usage. */
export function writeJUnit(file: string, suites: readonly JUnitSuite[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, junitXml(suites));
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** The exit code of several inputs: any bad input 2, else any violation 1, else any inconclusive 3, else 0. */
export function worstOf(codes: readonly number[]): number {
  for (const c of [EXIT.usage, EXIT.violation, EXIT.inconclusive]) if (codes.includes(c)) return c;
  return EXIT.ok;
}
