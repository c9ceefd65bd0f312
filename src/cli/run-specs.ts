/**
 * Running a list of specs from the command line (check, simulate): each spec's outcome as it
 * completes, its counterexample written as a trace file, the exit codes combined, then the
 * catalogue table or the JSON report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RandomSettings } from '../core/random.ts';
import type { SearchStats } from '../core/search.ts';
import { runSpec, type SpecOutcome } from '../spec/run.ts';
import { SpecError } from '../schema/schema.ts';
import { loadSpec, type CheckSettings } from '../spec/spec.ts';
import { toData, traceToYaml } from '../trace/format.ts';
import type { TraceFile } from '../trace/trace.ts';
import { checkShardSeed } from './args.ts';
import { EXIT, UserError } from './exit.ts';
import { ProgressLine } from './format.ts';
import { catalogueTable, combineExitCodes, exitCodeOf } from './report.ts';

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
    stats: r.stats,
    ...(o.fairCycles ? { fairCycles: o.fairCycles } : {}),
    ...(o.symmetry ? { symmetry: o.symmetry } : {}),
    ...(o.spec.expect ? { expected: o.spec.expect, met: o.expectation?.met ?? false, differences: o.expectation?.differences ?? [] } : {}),
    exitCode: code,
  };
}

/** Runs the specs and prints their reports; resolves to the combined exit code. */
export async function runSpecs(plan: SpecRun): Promise<number> {
  const single = plan.files.length === 1;
  const progress = new ProgressLine();
  const outcomes: SpecOutcome[] = [];
  const failures: { file: string; message: string }[] = [];
  const codes: number[] = [];
  const json: unknown[] = [];
  for (const file of plan.files) {
    let o: SpecOutcome;
    try {
      // the spec's check.seed counts too
      if (plan.settings.shard && plan.settings.seed === undefined) checkShardSeed(plan.settings.shard, loadSpec(file, plan.overrides).check.seed, file);
      o = await runSpec(file, { overrides: plan.overrides, settings: plan.settings, onProgress: (s) => progress.update(plan.progressText(file, s)) });
    } catch (err) {
      progress.clear();
      if (!(err instanceof SpecError)) throw err;
      if (single && !plan.json) throw new UserError(err.message, EXIT.usage);
      failures.push({ file, message: err.message });
      codes.push(EXIT.usage);
      json.push({ file, verdict: 'error', error: err.message, exitCode: EXIT.usage });
      continue;
    }
    progress.clear();
    let tracePath: string | undefined;
    if (o.trace) {
      mkdirSync(plan.traceDir, { recursive: true });
      tracePath = join(plan.traceDir, `${safeName(o.spec.name)}.${safeName(o.trace.property)}${plan.traceSuffix}.trace.yaml`);
      writeFileSync(tracePath, traceToYaml(o.trace));
      await plan.onTrace?.(o.trace, tracePath);
      if (plan.saveTraces && o.spec.expect?.verdict === 'violation' && o.expectation?.met) {
        mkdirSync(plan.saveTraces, { recursive: true });
        writeFileSync(join(plan.saveTraces, `${safeName(o.spec.name)}.trace.yaml`), traceToYaml(o.trace));
      }
    }
    const code = exitCodeOf(o, plan.expect);
    codes.push(code);
    outcomes.push(o);
    json.push(jsonOf(o, code, tracePath));
    if (!plan.json && (single || code !== EXIT.ok)) process.stdout.write(plan.outcomeText(o, tracePath) + '\n\n');
  }
  const code = combineExitCodes(codes);
  if (plan.json) {
    process.stdout.write(JSON.stringify(toData({ specs: json, summary: { total: plan.files.length, met: codes.filter((c) => c === EXIT.ok).length, exitCode: code } }), null, 2) + '\n');
  } else if (!single) {
    for (const f of failures) process.stdout.write(`${f.message}\n\n`);
    process.stdout.write(catalogueTable(outcomes, failures) + '\n');
    const met = codes.filter((c) => c === EXIT.ok).length;
    process.stdout.write(`\n${met} of ${plan.files.length} specs met their expectation${plan.summaryNote ? ` ${plan.summaryNote}` : ''}${met === plan.files.length ? '' : `; exit code ${code}`}\n`);
  }
  return code;
}
