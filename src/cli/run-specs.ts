/**
 * Running a list of specs from the command line (check, simulate): several at a time, each on
 * a host of its own (watchdog.ts; one per core by default, `--jobs`), each spec's row printed
 * as it completes, its counterexample written as a trace file, the exit codes combined, then
 * the full reports of the specs that failed and the summary, or the JSON report. One spec
 * prints its full report instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RandomSettings } from '../core/random.ts';
import type { SearchStats } from '../core/search.ts';
import type { SpecOutcome } from '../spec/run.ts';
import { SpecError } from '../schema/schema.ts';
import { loadSpec, type CheckSettings, type Spec } from '../spec/spec.ts';
import { toData, traceToYaml } from '../trace/format.ts';
import type { TraceFile } from '../trace/trace.ts';
import { annotating, annotation, badInputAnnotations, expectLine } from './annotations.ts';
import { checkShardSeed } from './args.ts';
import { checkSuite, type CheckedSpec } from './check-junit.ts';
import { EXIT, UserError } from './exit.ts';
import { ProgressLine } from './format.ts';
import { writeJUnit } from './junit.ts';
import { catalogueTable, combineExitCodes, exitCodeOf } from './report.ts';
import { badInputRow, rowOf, StreamTable } from './table.ts';
import { CheckHost, checkHost, stoppedOutcome, type Checker } from './watchdog.ts';

export interface SpecRun {
  files: string[];
  /** `--set` overrides. */
  overrides: string[];
  settings: Partial<CheckSettings> & RandomSettings;
  json: boolean;
  /** false: ignore the specs' expectations (`--no-expect`). */
  expect: boolean;
  traceDir: string;
  /** Inserted before `.trace.yaml` in a trace's file name (`.random` for simulate). */
  traceSuffix: string;
  /** Also write the expected counterexamples there (`--save-traces`). */
  saveTraces?: string;
  /** How many specs are checked at a time (default: one per core). */
  jobs?: number;
  /** The table of every column, printed once all specs are done (`--wide`). */
  wide?: boolean;
  /** Also write a JUnit XML report there (`--junit`). */
  junit?: string;
  progressText(file: string, stats: SearchStats): string;
  outcomeText(o: SpecOutcome, tracePath?: string): string;
  /** Words after the summary's count ("(random search: evidence, not a proof)"). */
  summaryNote?: string;
  /** Called with each counterexample once its trace file is written (`check --html`). */
  onTrace?(trace: TraceFile, tracePath: string): Promise<void>;
}

const safeName = (s: string): string => s.replace(/[^\w.-]+/g, '_');

/** The machine-readable report of one spec. */
export function jsonOf(o: SpecOutcome, code: number, tracePath?: string): unknown {
  const r = o.result;
  const v = r.violation;
  return {
    file: o.spec.file,
    name: o.spec.name,
    model: o.model,
    params: o.params,
    settings: o.settings,
    properties: o.properties,
    verdict: r.verdict,
    exhaustive: r.stats.strategy !== 'random',
    ...(v ? { violation: { property: v.property, kind: v.kind, message: v.message, steps: o.trace ? o.trace.steps.length - 1 : undefined, path: v.path, loopStart: v.loopStart, ...(v.quiescent ? { quiescent: true } : {}), trace: tracePath } } : {}),
    ...(r.limit ? { limit: r.limit } : {}),
    ...(o.stopped ? { stopped: o.stopped } : {}),
    stats: r.stats,
    ...(o.fairCycles ? { fairCycles: o.fairCycles } : {}),
    ...(o.symmetry ? { symmetry: o.symmetry } : {}),
    ...(o.spec.expect ? { expected: o.spec.expect, met: o.expectation?.met ?? false, differences: o.expectation?.differences ?? [] } : {}),
    exitCode: code,
  };
}

/** The hosts beyond the first that an earlier run in this process left idle (the CLI run in-process, by tests, reuses them rather than leave a process behind per run). */
const spare: CheckHost[] = [];

/** Hosts to run `n` checks at a time: the one the command started early, then more (or this thread alone, with the watchdog off). */
function checkers(n: number): Checker[] {
  const first = checkHost();
  if (!(first instanceof CheckHost)) return [first];
  const more = spare.splice(0, n - 1);
  while (more.length < n - 1) more.push(new CheckHost());
  return [first, ...more];
}

/** Hands the hosts back: the first last, since watchdog.ts keeps the last one released for the next command. */
function releaseAll(hosts: Checker[]): void {
  for (const h of hosts.slice(1)) {
    h.release();
    spare.push(h as CheckHost);
  }
  hosts[0].release();
}

/** Runs the specs, several at a time on the watchdog's hosts, and prints their reports; resolves to the combined exit code. */
export async function runSpecs(plan: SpecRun): Promise<number> {
  const { files } = plan;
  const single = files.length === 1;
  const hosts = checkers(Math.max(1, Math.min(plan.jobs ?? availableParallelism(), files.length)));
  const results: (CheckedSpec | undefined)[] = new Array(files.length);
  const traces = new TraceNames();
  const live = new Live(plan, single);
  let next = 0;
  let interrupted = false;
  let crash: unknown;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait for the report
    interrupted = true;
    for (const h of hosts) h.stop('interrupted');
  };
  process.on('SIGINT', onSigint);
  const work = async (host: Checker, slot: number) => {
    while (!interrupted && crash === undefined && next < files.length) {
      const i = next++;
      try {
        results[i] = await checkOne(plan, files[i], host, traces, (st) => live.progress(slot, plan.progressText(files[i], st)));
      } catch (err) {
        crash ??= err;
        for (const h of hosts) h.stop('interrupted');
        return;
      }
      live.done(slot, results[i]!);
    }
  };
  try {
    await Promise.all(hosts.map(work));
  } finally {
    process.off('SIGINT', onSigint);
    releaseAll(hosts);
    live.clear();
  }
  if (crash !== undefined) throw crash;
  const done = results.filter((r): r is CheckedSpec => r !== undefined);
  const codes = done.map((r) => r.code);
  const code = interrupted ? EXIT.interrupted : combineExitCodes(codes);
  const notRun = files.length - next;
  const met = codes.filter((c) => c === EXIT.ok).length;
  if (plan.junit) writeJUnit(plan.junit, done.map((r) => checkSuite(r, plan.expect)));
  const failures = done.filter((r) => r.error !== undefined).map((r) => ({ file: r.file, message: r.error! }));
  if (single && !plan.json && failures.length) throw new UserError(failures[0].message, EXIT.usage);
  const out = (s: string) => process.stdout.write(s);
  if (plan.json) {
    const json = done.map((r) => (r.outcome ? jsonOf(r.outcome, r.code, r.tracePath) : { file: r.file, verdict: 'error', error: r.error, exitCode: EXIT.usage }));
    out(JSON.stringify(toData({ specs: json, summary: { total: files.length, met, exitCode: code, ...(interrupted ? { interrupted: true, notRun } : {}) } }), null, 2) + '\n');
  } else if (single) {
    if (done[0]?.outcome) out(plan.outcomeText(done[0].outcome, done[0].tracePath) + '\n\n');
  } else {
    const failed = done.filter((r) => r.outcome && r.code !== EXIT.ok);
    for (const r of failed) out('\n' + plan.outcomeText(r.outcome!, r.tracePath) + '\n');
    for (const f of failures) out(`\n${f.message}\n`);
    if (plan.wide) out(catalogueTable(done.flatMap((r) => (r.outcome ? [r.outcome] : [])), failures) + '\n');
    out(`\n${met} of ${files.length} specs met their expectation${plan.summaryNote ? ` ${plan.summaryNote}` : ''}${met === files.length ? '' : `; exit code ${code}`}\n`);
  }
  if (interrupted) out(`interrupted${notRun ? `: ${notRun} spec${notRun === 1 ? '' : 's'} not run` : ''}\n`);
  return code;
}

/** One spec: loaded, checked on `host`, its counterexample written. */
async function checkOne(plan: SpecRun, file: string, host: Checker, traces: TraceNames, onProgress: (st: SearchStats) => void): Promise<CheckedSpec> {
  let spec: Spec;
  try {
    spec = loadSpec(file, plan.overrides);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    return { file, code: EXIT.usage, error: err.message };
  }
  // claimed as the spec starts, in the order of the files, so that names do not depend on which check ends first
  const nth = traces.claim(spec.name);
  // the spec's check.seed counts too
  if (plan.settings.shard && plan.settings.seed === undefined) checkShardSeed(plan.settings.shard, spec.check.seed, file);
  const r = await host.run({ file, overrides: plan.overrides, settings: plan.settings }, { timeLimit: plan.settings.timeLimit ?? spec.check.timeLimit, maxMemory: plan.settings.maxMemory ?? spec.check.maxMemory, onProgress });
  if (r.kind === 'crash') throw new Error(`${file}: ${r.message}`);
  if (r.kind === 'spec-error') return { file, code: EXIT.usage, error: new SpecError(r.issues).message };
  const o = r.kind === 'done' ? r.outcome : stoppedOutcome(spec, plan.settings, r);
  if (o.badInput) return { file, code: EXIT.usage, error: `${file}: ${o.badInput}` };
  let tracePath: string | undefined;
  if (o.trace) {
    mkdirSync(plan.traceDir, { recursive: true });
    tracePath = join(plan.traceDir, `${safeName(o.spec.name)}.${safeName(o.trace.property)}${plan.traceSuffix}${nth}.trace.yaml`);
    writeFileSync(tracePath, traceToYaml(o.trace));
    await plan.onTrace?.(o.trace, tracePath);
    if (plan.saveTraces && o.spec.expect?.verdict === 'violation' && o.expectation?.met) {
      mkdirSync(plan.saveTraces, { recursive: true });
      writeFileSync(join(plan.saveTraces, `${safeName(o.spec.name)}${nth}.trace.yaml`), traceToYaml(o.trace));
    }
  }
  return { file, outcome: o, code: exitCodeOf(o, plan.expect), tracePath };
}

/** What is printed while specs run: each row as its spec completes, annotations on a CI runner, a progress line on a terminal. */
class Live {
  private readonly line = new ProgressLine();
  private readonly running = new Map<number, string>();
  private readonly table?: StreamTable;
  private readonly annotate: boolean;
  private finished = 0;

  constructor(
    private readonly plan: SpecRun,
    private readonly single: boolean,
  ) {
    this.annotate = annotating();
    if (!plan.json && !single && !plan.wide) {
      this.table = new StreamTable();
      process.stdout.write(this.table.header() + '\n');
    }
  }

  progress(slot: number, text: string): void {
    this.running.set(slot, text);
    this.redraw();
  }

  done(slot: number, r: CheckedSpec): void {
    this.running.delete(slot);
    this.finished++;
    this.line.clear();
    const out = this.plan.json ? process.stderr : process.stdout;
    if (this.table) process.stdout.write(this.table.row(r.outcome ? rowOf(r.outcome, r.code === EXIT.ok, this.plan.expect) : badInputRow(r.file)) + '\n');
    if (this.annotate) for (const a of annotationsOf(r, this.plan.expect)) out.write(a + '\n');
    this.redraw();
  }

  clear(): void {
    this.line.clear();
  }

  private redraw(): void {
    const texts = [...this.running.values()];
    if (!texts.length) return this.line.clear();
    this.line.update(this.single ? texts[0] : `${this.finished}/${this.plan.files.length} done · ${texts.join(' · ')}`);
  }
}

/** A CI runner's annotations of one spec: bad input at its lines, a failed expectation (or a violation, with --no-expect) at the spec's expect: line, an inconclusive check as a warning. */
function annotationsOf(r: CheckedSpec, useExpectations: boolean): string[] {
  if (r.error !== undefined) return badInputAnnotations(r.file, r.error);
  const o = r.outcome!;
  if (r.code === EXIT.ok) return [];
  const v = o.result.violation;
  const site = v && !(useExpectations && o.spec.expect) ? o.spec.properties.find((p) => p.name === v.property)?.site : undefined;
  const message = [`${o.spec.name}: ${rowOf(o, false, useExpectations).verdict}`, ...(useExpectations && o.expectation && !o.expectation.met ? o.expectation.differences : []), ...(v ? [v.message] : []), ...(r.tracePath ? [`trace: ${r.tracePath}`] : [])].join('\n');
  const level = r.code === EXIT.inconclusive ? 'warning' : 'error';
  return [annotation({ level, file: o.spec.file, line: site?.line ?? expectLine(o.spec.source), title: level === 'warning' ? 'inconclusive' : useExpectations && o.spec.expect ? 'expectation not met' : 'violation', message })];
}

/** Trace file names within one run: the second spec of a name gets `.2` before `.trace.yaml`, rather than overwrite the first's traces. */
class TraceNames {
  private readonly seen = new Map<string, number>();
  /** '' for the first spec of this name, else `.k`. */
  claim(name: string): string {
    const k = (this.seen.get(name) ?? 0) + 1;
    this.seen.set(name, k);
    return k === 1 ? '' : `.${k}`;
  }
}
