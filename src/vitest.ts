/**
 * protocheck in a user's vitest suite (`import { checkSpec, expectVerdict } from 'protocheck/vitest'`),
 * in the style of @fast-check/vitest: `checkSpec(file)` registers a test that the spec meets its
 * `expect:` (or, without one, that every property holds); `expectVerdict(file, verdict)` asserts a
 * verdict inside a test of one's own and resolves to the report. A failure's message is the CLI's
 * report with the counterexample's steps, so a red test says what went wrong.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assert, it } from 'vitest';
import { check, type CheckOptions, type CheckReport } from './api/check.ts';

export { check };
export type { CheckOptions, CheckReport };

type Verdict = CheckReport['verdict'];

export interface SpecTestOptions extends CheckOptions {
  /** The test's name (default: the spec's file and what it expects). */
  name?: string;
  /** vitest's timeout for the test, in milliseconds (default: the spec's time limit plus 30 s, else 120 s). */
  timeout?: number;
}

/** Why a report fails the test, or undefined if it passes. */
function failure(report: CheckReport, want?: { verdict: Verdict; property?: string }): string | undefined {
  if (report.verdict === 'bad-input') return `bad input: ${report.reason}`;
  if (want) {
    if (report.verdict !== want.verdict) return `expected verdict ${want.verdict}, got ${report.verdict}`;
    if (want.property !== undefined && report.property !== want.property) return `expected ${want.property} to fail, but ${report.property} failed`;
    return undefined;
  }
  if (report.expected) return report.met ? undefined : `the spec's expectation is not met: ${report.differences.join('; ')}`;
  return report.verdict === 'ok' ? undefined : `expected every property to hold, got ${report.verdict}`;
}

function fail(report: CheckReport, why: string): never {
  assert.fail(`${report.file}: ${why}\n\n${report.text}${report.traceText ? `\n\n${report.traceText}` : ''}`);
}

/** Asserts that a spec's check ends with this verdict (and, for a violation, that this property fails); resolves to the report. */
export async function expectVerdict(spec: string | Record<string, unknown>, verdict: Verdict | { verdict: Verdict; property?: string }, options: CheckOptions = {}): Promise<CheckReport> {
  const want = typeof verdict === 'string' ? { verdict } : verdict;
  const report = await check(spec, { ...options, expect: false });
  const why = failure(report, want);
  if (why) fail(report, why);
  return report;
}

/** Registers a vitest test: the spec meets its `expect:` section (without one: every property holds). */
export function checkSpec(file: string, options: SpecTestOptions = {}): void {
  const { name, timeout, ...rest } = options;
  const limit = rest.settings?.timeLimit;
  it(
    name ?? `${relative('.', file) || file} meets its expectation`,
    async () => {
      const report = await check(file, rest);
      const why = failure(report);
      if (why) fail(report, why);
    },
    timeout ?? (limit !== undefined ? limit * 1000 + 30_000 : 120_000),
  );
}

/** Registers one checkSpec test per `*.yaml` spec in a directory (recursively), in name order. */
export function checkSpecs(dir: string, options: Omit<SpecTestOptions, 'name'> = {}): void {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort();
  if (files.length === 0) throw new Error(`checkSpecs: no *.yaml spec in ${dir}`);
  for (const f of files) checkSpec(join(dir, f), options);
}
