/**
 * The library's front door for a user's own test suite: `check(spec, options)` explores a spec
 * (a file, or a spec as an object) and says what the CLI's `check` would say of it, as data.
 * It runs in the caller's process (fast, and an inspector or vitest's stack traces see the
 * protocol's code); with `isolate: true` it runs in a host process under the CLI's watchdog, so
 * that a handler that never returns, or a search that outgrows memory, is stopped at the limit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { EXIT } from '../cli/exit.ts';
import { exitCodeOf, outcomeText } from '../cli/report.ts';
import { checkHost, stoppedOutcome } from '../cli/watchdog.ts';
import { SpecError } from '../schema/schema.ts';
import { runSpec, type SpecOutcome } from '../spec/run.ts';
import { loadSpec, type CheckSettings, type Expectation } from '../spec/spec.ts';
import { traceToText, traceToYaml } from '../trace/format.ts';
import type { TraceFile } from '../trace/trace.ts';

export interface CheckOptions {
  /** Overrides, as `--set` takes them: `{ N: 4, 'network.loss': true }` or `['N=4']`. */
  set?: Record<string, string | number | boolean> | string[];
  /** Settings that win over the spec's `check:` section (strategy, maxStates, timeLimit in seconds, seed, runs, ...). */
  settings?: Partial<CheckSettings>;
  /** false: judge the verdict alone, ignoring the spec's `expect:` (as `--no-expect`). */
  expect?: boolean;
  /** Write the counterexample there as `<spec>.<property>.trace.yaml` (replayable with `protocheck replay`). */
  traceDir?: string;
  /** A spec given as an object: the directory its module paths are relative to (default: the working directory). */
  dir?: string;
  /** Run in a host process under the watchdog: the time limit and `maxMemory` then stop even a handler that never returns. */
  isolate?: boolean;
}

export interface CheckReport {
  /** The spec's file (for a spec given as an object: the name it was given in `dir`). */
  file: string;
  name: string;
  verdict: 'ok' | 'violation' | 'inconclusive' | 'bad-input';
  /** What the CLI would exit with: 0 expectation met (or ok), 1 violation or expectation not met, 2 bad input, 3 inconclusive. */
  exitCode: number;
  /** The spec's expectation, and whether the outcome met it (undefined without one, or with `expect: false`). */
  expected?: Expectation;
  met?: boolean;
  /** What differs from the expectation, in words. */
  differences: string[];
  /** The property that failed, and how (a violation). */
  property?: string;
  message?: string;
  /** Why the search stopped short (inconclusive), or what is wrong with the spec (bad input). */
  reason?: string;
  states: number;
  generated: number;
  depth: number;
  seconds: number;
  /** The counterexample, its steps as text, and where it was written (with `traceDir`). */
  trace?: TraceFile;
  traceText?: string;
  tracePath?: string;
  /** The CLI's report of this check, for a failure message. */
  text: string;
  /** Everything the check computed (absent for bad input). */
  outcome?: SpecOutcome;
}

/** A spec as an object is named by this file in its directory; nothing is written there. */
function specSource(spec: string | Record<string, unknown>, dir: string | undefined): { file: string; text?: string } {
  if (typeof spec === 'string') return { file: resolve(spec) };
  const name = typeof spec.name === 'string' ? spec.name.replace(/[^\w.-]+/g, '_') : 'spec';
  return { file: join(resolve(dir ?? '.'), `${name}.yaml`), text: stringify(spec) };
}

const overridesOf = (set: CheckOptions['set']): string[] => (Array.isArray(set) ? set : Object.entries(set ?? {}).map(([k, v]) => `${k}=${v}`));

/** Explores a spec (a YAML file's path, or the spec as an object) and reports its verdict against its expectation. */
export async function check(spec: string | Record<string, unknown>, options: CheckOptions = {}): Promise<CheckReport> {
  const { file, text } = specSource(spec, options.dir);
  const overrides = overridesOf(options.set);
  const settings = options.settings ?? {};
  let outcome: SpecOutcome;
  try {
    outcome = options.isolate ? await isolated(file, text, overrides, settings) : await runSpec(file, { overrides, settings, text });
  } catch (err) {
    if (err instanceof SpecError) return badInput(file, err.message);
    throw err;
  }
  if (outcome.badInput) return badInput(file, `${file}: ${outcome.badInput}`);
  const useExpect = options.expect !== false;
  const r = outcome.result;
  const v = r.violation;
  let tracePath: string | undefined;
  if (outcome.trace && options.traceDir) {
    mkdirSync(options.traceDir, { recursive: true });
    tracePath = join(options.traceDir, `${outcome.spec.name}.${outcome.trace.property}.trace.yaml`.replace(/[^\w./-]+/g, '_'));
    writeFileSync(tracePath, traceToYaml(outcome.trace));
  }
  const expected = useExpect ? outcome.spec.expect : undefined;
  return {
    file,
    name: outcome.spec.name,
    verdict: r.verdict,
    exitCode: exitCodeOf(outcome, useExpect),
    ...(expected ? { expected, met: outcome.expectation?.met ?? false } : {}),
    differences: expected ? (outcome.expectation?.differences ?? []) : [],
    ...(v ? { property: v.property, message: v.message } : {}),
    ...(r.limit ? { reason: r.limit.message } : {}),
    states: r.stats.distinct,
    generated: r.stats.generated,
    depth: r.stats.depth,
    seconds: r.stats.timeMs / 1000,
    ...(outcome.trace ? { trace: outcome.trace, traceText: traceToText(outcome.trace) } : {}),
    ...(tracePath ? { tracePath } : {}),
    text: outcomeText(outcome, tracePath),
    outcome,
  };
}

function badInput(file: string, message: string): CheckReport {
  return { file, name: file, verdict: 'bad-input', exitCode: EXIT.usage, differences: [], reason: message, states: 0, generated: 0, depth: 0, seconds: 0, text: message };
}

/** The check in a host process, under the watchdog (a spec given as text is loaded there from the text). */
async function isolated(file: string, text: string | undefined, overrides: string[], settings: Partial<CheckSettings>): Promise<SpecOutcome> {
  const spec = loadSpec(file, overrides, text);
  const host = checkHost();
  try {
    const r = await host.run({ file, overrides, settings, ...(text !== undefined ? { text } : {}) }, { timeLimit: settings.timeLimit ?? spec.check.timeLimit, maxMemory: settings.maxMemory ?? spec.check.maxMemory });
    if (r.kind === 'spec-error') throw new SpecError(r.issues);
    if (r.kind === 'crash') throw new Error(`${file}: ${r.message}`);
    return r.kind === 'done' ? r.outcome : stoppedOutcome(spec, settings, r);
  } finally {
    host.release();
  }
}
