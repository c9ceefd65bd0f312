/**
 * Running a list of specs from the command line (check, simulate): each spec's outcome as it
 * completes, its counterexample written as a trace file, the exit codes combined, then the
 * catalogue table or the JSON report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RandomSettings } from '../core/random.ts';
import type { SearchStats } from '../core/search.ts';
import type { SpecOutcome } from '../spec/run.ts';
import { SpecError } from '../schema/schema.ts';
import { loadSpec, type CheckSettings, type Spec } from '../spec/spec.ts';
import { toData, traceToYaml } from '../trace/format.ts';
import type { TraceFile } from '../trace/trace.ts';
import { checkShardSeed } from './args.ts';
import { EXIT, UserError } from './exit.ts';
import { ProgressLine } from './format.ts';
import { catalogueTable, combineExitCodes, exitCodeOf } from './report.ts';
import { checkHost, stoppedOutcome } from './watchdog.ts';

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

/** Runs the specs, each on the watchdog's thread, and prints their reports; resolves to the combined exit code. */
export async function runSpecs(plan: SpecRun): Promise<number> {
  const single = plan.files.length === 1;
  const progress = new ProgressLine();
  const outcomes: SpecOutcome[] = [];
  const failures: { file: string; message: string }[] = [];
  const codes: number[] = [];
  const json: unknown[] = [];
  const traces = new TraceNames();
  const thread = checkHost();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait for the report
    interrupted = true;
    thread.stop('interrupted');
  };
  process.on('SIGINT', onSigint);
  const fail = (file: string, message: string) => {
    if (single && !plan.json) throw new UserError(message, EXIT.usage);
    failures.push({ file, message });
    codes.push(EXIT.usage);
    json.push({ file, verdict: 'error', error: message, exitCode: EXIT.usage });
  };
  let ran = 0;
  try {
    for (const file of plan.files) {
      if (interrupted) break;
      ran++;
      let spec: Spec;
      try {
        spec = loadSpec(file, plan.overrides);
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        fail(file, err.message);
        continue;
      }
      // the spec's check.seed counts too
      if (plan.settings.shard && plan.settings.seed === undefined) checkShardSeed(plan.settings.shard, spec.check.seed, file);
      const r = await thread.run(
        { file, overrides: plan.overrides, settings: plan.settings },
        { timeLimit: plan.settings.timeLimit ?? spec.check.timeLimit, maxMemory: plan.settings.maxMemory ?? spec.check.maxMemory, onProgress: (st) => progress.update(plan.progressText(file, st)) },
      );
      progress.clear();
      if (r.kind === 'crash') throw new Error(`${file}: ${r.message}`);
      if (r.kind === 'spec-error') {
        fail(file, new SpecError(r.issues).message);
        continue;
      }
      const o = r.kind === 'done' ? r.outcome : stoppedOutcome(spec, plan.settings, r);
      if (o.badInput) {
        fail(file, `${file}: ${o.badInput}`);
        continue;
      }
      let tracePath: string | undefined;
      if (o.trace) {
        mkdirSync(plan.traceDir, { recursive: true });
        tracePath = traces.fresh(join(plan.traceDir, `${safeName(o.spec.name)}.${safeName(o.trace.property)}${plan.traceSuffix}.trace.yaml`));
        writeFileSync(tracePath, traceToYaml(o.trace));
        await plan.onTrace?.(o.trace, tracePath);
        if (plan.saveTraces && o.spec.expect?.verdict === 'violation' && o.expectation?.met) {
          mkdirSync(plan.saveTraces, { recursive: true });
          writeFileSync(traces.fresh(join(plan.saveTraces, `${safeName(o.spec.name)}.trace.yaml`)), traceToYaml(o.trace));
        }
      }
      const code = exitCodeOf(o, plan.expect);
      codes.push(code);
      outcomes.push(o);
      json.push(jsonOf(o, code, tracePath));
      if (!plan.json && (single || code !== EXIT.ok)) process.stdout.write(plan.outcomeText(o, tracePath) + '\n\n');
    }
  } finally {
    process.off('SIGINT', onSigint);
    thread.release();
  }
  const code = interrupted ? EXIT.interrupted : combineExitCodes(codes);
  const notRun = plan.files.length - ran;
  const met = codes.filter((c) => c === EXIT.ok).length;
  if (plan.json) {
    process.stdout.write(JSON.stringify(toData({ specs: json, summary: { total: plan.files.length, met, exitCode: code, ...(interrupted ? { interrupted: true, notRun } : {}) } }), null, 2) + '\n');
  } else if (!single) {
    for (const f of failures) process.stdout.write(`${f.message}\n\n`);
    process.stdout.write(catalogueTable(outcomes, failures) + '\n');
    process.stdout.write(`\n${met} of ${plan.files.length} specs met their expectation${plan.summaryNote ? ` ${plan.summaryNote}` : ''}${met === plan.files.length ? '' : `; exit code ${code}`}\n`);
  }
  if (interrupted) process.stdout.write(`interrupted${notRun ? `: ${notRun} spec${notRun === 1 ? '' : 's'} not run` : ''}\n`);
  return code;
}

/** Trace file names within one run: a second spec of the same name gets `.2` before `.trace.yaml`, rather than overwriting the first's. */
class TraceNames {
  private readonly taken = new Set<string>();
  fresh(path: string): string {
    let p = path;
    for (let k = 2; this.taken.has(p); k++) p = path.replace(/\.trace\.yaml$/, `.${k}.trace.yaml`);
    this.taken.add(p);
    return p;
  }
}
