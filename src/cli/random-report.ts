/** The report of a random search (simulate, check --strategy random): progress, verdict, coverage, how to reproduce it. */
import { DEFAULT_RUNS, type RandomSearchStats } from '../core/random.ts';
import type { SearchStats } from '../core/search.ts';
import type { Violation } from '../core/verdict.ts';
import type { SpecOutcome } from '../spec/run.ts';
import { traceToText } from '../trace/format.ts';
import { hasChart, traceToMsc } from '../trace/msc.ts';
import type { TraceFile } from '../trace/trace.ts';
import { int, seconds } from './format.ts';
import { outcomeText } from './report.ts';

/** One line of progress for a random search. */
export function randomProgress(file: string, s: SearchStats): string {
  const r = s.random;
  if (!r) return `${file}: ${int(s.distinct)} distinct states, ${int(s.generated)} generated, ${seconds(s.timeMs)}`;
  return `${file}: ${int(r.runs)}${r.requestedRuns !== undefined ? ` of ${int(r.requestedRuns)}` : ''} runs, ${int(r.steps)} steps, ${int(s.distinct)} distinct states, ${int(r.stepsPerSecond)} steps/s, ${seconds(s.timeMs)}`;
}

/** The chart of a trace when its model has processes, else the numbered steps. */
export function traceReport(t: TraceFile): string {
  return hasChart(t) ? `${traceToText(t)}\n\n${traceToMsc(t)}` : traceToText(t);
}

function pct(part: number, whole: number): string {
  if (whole === 0) return '-';
  const p = (100 * part) / whole;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** The coverage of a random search, per action kind, with the kinds never taken. */
export function coverageText(s: SearchStats): string[] {
  const r = s.random;
  const rows = Object.entries(s.coverage).sort((a, b) => a[0].localeCompare(b[0]));
  if (!r || rows.length === 0) return [];
  const states = r.steps + r.runs;
  const w = Math.max(4, ...rows.map(([k]) => k.length));
  const lines = [`  coverage per action kind (enabled in how many of the ${int(states)} states visited; taken in how many steps; in how many of the ${int(r.runs)} runs):`];
  for (const [k, c] of rows) {
    lines.push(`    ${k.padEnd(w)}  enabled ${int(c.enabled ?? 0).padStart(8)} (${pct(c.enabled ?? 0, states).padStart(4)})   taken ${int(c.taken).padStart(8)}   in ${int(c.runs ?? 0).padStart(6)} runs (${pct(c.runs ?? 0, r.runs).padStart(4)})   new states ${int(c.distinct)}`);
  }
  const never = rows.filter(([, c]) => c.taken === 0).map(([k]) => k);
  if (never.length) lines.push(`  ⚠ never taken: ${never.join(', ')} — enabled but never chosen; try more runs, a deeper --depth or another --walk`);
  return lines;
}

/** The report of a spec explored by random search (check --strategy random, simulate). */
export function randomOutcomeText(o: SpecOutcome, tracePath?: string): string {
  const s = o.result.stats;
  // a search that never ran (its initial states threw) or was stopped from outside has no random figures
  if (!s.random) return outcomeText(o, tracePath);
  const r = s.random;
  const params = Object.entries(o.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const reproduce = `--seed ${r.seed}${r.requestedRuns !== undefined ? ` --runs ${r.shard ? o.settings.runs ?? DEFAULT_RUNS : r.requestedRuns}` : ''} --depth ${r.maxDepth} --walk ${r.walk}${r.shard ? ` --shard ${r.shard.index}/${r.shard.count}` : ''}`;
  const lines = [
    `${o.spec.name}  (${o.spec.file})`,
    `  model ${o.model}${params ? `  · params ${params}` : ''}  · strategy random, ${r.walk} walk${r.shard ? `, shard ${r.shard.index} of ${r.shard.count}` : ''}`,
  ];
  const res = o.result;
  if (res.verdict === 'ok') {
    lines.push(`  ✓ no violation of ${o.properties.join(', ') || 'any property'} in ${int(r.runs)} random runs of up to ${r.maxDepth} steps — evidence, not a proof (bfs explores every reachable state)`);
  } else if (res.verdict === 'inconclusive') {
    lines.push(`  ? inconclusive: ${res.limit?.message}; no violation in the runs done`);
  } else {
    const v = res.violation!;
    const what = v.kind === 'safety' ? 'safety property (a finite bad prefix: no extension repairs it)' : v.kind === 'liveness' ? 'liveness property (a fair run in which the good thing never happens)' : v.kind === 'deadlock' ? 'deadlock (a reachable state with no successor)' : 'error in the model';
    lines.push(`  ✗ violation of ${v.property}, a ${what}:\n    ${v.message}`);
    lines.push(`  found in run ${int(r.runs)}${r.requestedRuns !== undefined ? ` of ${int(r.requestedRuns)}` : ''}${r.shrinkRuns ? `, shrunk by fast-check in ${int(r.shrinkRuns)} executions` : ''}`);
    if (v.kind === 'liveness') lines.push(`  ${lassoText(v, r.shrinkRuns > 0)}`);
  }
  lines.push(`  ${int(r.runs)} runs, ${int(r.steps)} steps, ${int(s.distinct)} distinct states visited, longest run ${s.depth} steps, ${seconds(s.timeMs)}, ${int(r.stepsPerSecond)} steps/s, peak ${s.peakMemoryMB} MiB`);
  lines.push(`  seed ${r.seed}: reproduce with ${reproduce}`);
  lines.push(...coverageText(s));
  if (o.liveness.length > 0 && o.result.violation?.kind !== 'liveness') lines.push(`  ${randomLivenessText(o.liveness, r)}`);
  if (o.trace) {
    lines.push('', traceReport(o.trace).replace(/^/gm, '  '), '');
    if (tracePath) lines.push(`  trace written to ${tracePath} (replay: protocheck replay ${tracePath}; smaller: protocheck shrink ${tracePath})`);
  }
  const e = o.spec.expect;
  if (e && o.expectation) {
    const want = e.verdict === 'ok' ? 'ok' : `violation${e.property ? ` of ${e.property}` : ''}`;
    lines.push(o.expectation.met ? `  expected ${want}: met` : `  expected ${want}: NOT MET\n    ${o.expectation.differences.join('\n    ')}`);
  }
  return lines.join('\n');
}

/** What random mode judged of liveness when it found no violation of it: never a proof. */
function randomLivenessText(names: string[], r: RandomSearchStats): string {
  const c = r.cycles;
  const cycles = c ? `${int(c.closed)} cycle${c.closed === 1 ? '' : 's'} closed by the runs, ${int(c.judged)} judged, none fair with the goal unsettled all along` : 'no cycle judged';
  return `liveness (${names.join(', ')}): judged in the quiescent states and on the cycles the runs closed (${cycles}); no violation found, which proves nothing: a fair cycle the runs did not close may still exist (bfs checks every one)`;
}

/** How a liveness violation of random mode was found and shrunk. */
function lassoText(v: Violation, shrunk: boolean): string {
  const how = shrunk ? 'fast-check shrank the run that found it and the lasso was rebuilt from the shrunk run' : 'not shrunk';
  if (v.quiescent) return `a quiescent state: nothing fair leads out of it (${how})`;
  return `a fair cycle closed by the run: it comes back to the state of step ${v.loopStart}, judged as the exhaustive check judges fair cycles (${how}; protocheck shrink keeps the loop and shortens the prefix)`;
}

