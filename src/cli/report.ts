import type { PorStats } from '../core/search.ts';
import type { SpecOutcome } from '../spec/run.ts';
import type { SymmetryGroup } from '../system/symmetry.ts';
import { traceToText } from '../trace/format.ts';
import { EXIT } from './exit.ts';
import { int, seconds, table } from './format.ts';

/** The exit code of one outcome: expectations decide when the spec has them. */
export function exitCodeOf(o: SpecOutcome, useExpectations: boolean): number {
  const { result } = o;
  if (o.badInput) return EXIT.usage;
  if (useExpectations && o.expectation) {
    if (o.expectation.met) return EXIT.ok;
    return result.verdict === 'inconclusive' ? EXIT.inconclusive : EXIT.violation;
  }
  if (result.verdict === 'ok') return EXIT.ok;
  if (result.verdict === 'inconclusive') return EXIT.inconclusive;
  return EXIT.violation;
}

/** Several outcomes: bad input wins, then a violation or unmet expectation, then inconclusive. */
export function combineExitCodes(codes: number[]): number {
  for (const c of [EXIT.usage, EXIT.violation, EXIT.inconclusive]) if (codes.includes(c)) return c;
  return EXIT.ok;
}

function verdictLine(o: SpecOutcome): string {
  const r = o.result;
  if (r.verdict === 'ok') {
    const safety = o.properties.filter((p) => !o.liveness.includes(p));
    const parts: string[] = [];
    if (safety.length) parts.push(`${safety.join(', ')} hold${safety.length === 1 ? 's' : ''} in every reachable state`);
    if (o.liveness.length) {
      const fc = o.fairCycles;
      const q = fc ? fc.quiescent : (r.stats.quiescent ?? 0);
      const holds = `${o.liveness.join(', ')} hold${o.liveness.length === 1 ? 's' : ''}`;
      if (fc) {
        const cycles = fc.components === 0 ? 'no cycle of the state graph leaves it unsettled' : `${int(fc.components)} cycle component${fc.components === 1 ? '' : 's'} where it is unsettled, all unfair`;
        const lifted = fc.unfolded !== undefined ? `; up to renaming, ${int(fc.unfolded)} real state${fc.unfolded === 1 ? '' : 's'} rebuilt to read fairness` : '';
        parts.push(`${holds} on every fair run (${int(q)} quiescent state${q === 1 ? '' : 's'}; ${cycles}${lifted}; fairness: ${o.fairness ?? "the model's"})`);
      } else if (q > 0) parts.push(`${holds} in all ${int(q)} quiescent states (where nothing fair is left to do); runs that go on forever were not judged`);
      else parts.push(`${o.liveness.join(', ')}: no quiescent state was reached and fair cycles were not checked, so liveness was checked nowhere`);
    }
    return `✓ ok: ${parts.join('; ') || 'no property to check'} (complete search)`;
  }
  if (r.verdict === 'inconclusive') return `? inconclusive: ${r.limit?.message}; no violation in the ${int(r.stats.distinct)} states explored`;
  const v = r.violation!;
  const what = v.kind === 'safety' ? 'safety property (a finite bad prefix: no extension repairs it)' : v.kind === 'liveness' ? 'liveness property (an infinite fair run in which the good thing never happens)' : v.kind === 'deadlock' ? 'deadlock (a reachable state with no successor)' : 'error in the model';
  const fairness = v.kind === 'liveness' && o.fairness ? `\n    fairness assumed: ${o.fairness}` : '';
  return `✗ violation of ${v.property}, a ${what}:\n    ${v.message}${fairness}`;
}

function expectationText(o: SpecOutcome): string | undefined {
  const e = o.spec.expect;
  if (!e || !o.expectation) return undefined;
  const want = e.verdict === 'ok' ? `ok${e.states !== undefined ? `, ${int(e.states)} states` : ''}` : `violation${e.property ? ` of ${e.property}` : ''}${e.steps !== undefined ? ` in ${e.steps} steps` : ''}`;
  const hint = o.spec.overrides.length ? '\n    (parameters were overridden with --set; --no-expect ignores the expectation)' : '';
  return o.expectation.met ? `expected ${want}: met` : `expected ${want}: NOT MET\n    ${o.expectation.differences.join('\n    ')}${hint}`;
}

/** The full report of one spec. */
export function outcomeText(o: SpecOutcome, tracePath?: string): string {
  const s = o.result.stats;
  const params = Object.entries(o.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const lines = [
    `${o.spec.name}  (${o.spec.file})`,
    `  model ${o.model}${params ? `  · params ${params}` : ''}  · strategy ${s.strategy}`,
    `  ${verdictLine(o)}`,
    `  ${int(s.distinct)} distinct states, ${int(s.generated)} generated, depth ${s.depth}, ${seconds(s.timeMs)}, ${int(s.statesPerSecond)} states/s, peak ${s.peakMemoryMB} MiB`,
    `  fingerprint collision probability: ${s.collisionProbability.toExponential(1)} (distinct × (generated − distinct) / 2^64, as TLC reports it)`,
  ];
  if (o.adversary) lines.push(`  adversary: ${o.adversary}`);
  if (s.por) lines.push(`  ${porText(s.por)}`);
  const fc = o.fairCycles;
  if (fc?.inferred !== undefined && !(s.por?.applied && s.por.method === 'diamonds')) lines.push(`  fair-cycle graph: ${int(fc.states)} states, ${int(fc.edges)} edges, ${int(fc.inferred)} of them taken from diamonds of independent steps instead of computed (${int(fc.checked ?? 0)} more computed as well, to check them)`);
  if (o.symmetry) lines.push(`  ${symmetryText(o.symmetry, s.distinct, s.represented)}`);
  else if (s.represented !== undefined && s.represented !== s.distinct) lines.push(`  symmetry: ${int(s.distinct)} states up to renaming${standingFor(s.distinct, s.represented)}`);
  if (o.result.verdict === 'ok' && Object.keys(s.coverage).length) {
    const never = Object.entries(s.coverage).filter(([, c]) => c.taken === 0).map(([k]) => k);
    lines.push(`  coverage: ${Object.entries(s.coverage).map(([k, c]) => `${k} ${int(c.distinct)}/${int(c.taken)}`).join(', ')} (new states / taken)${never.length ? `; never taken: ${never.join(', ')}` : ''}`);
  }
  if (o.trace) {
    lines.push('', traceToText(o.trace).replace(/^/gm, '  '), '');
    if (tracePath) lines.push(`  trace written to ${tracePath} (replay: protocheck replay ${tracePath})`);
  }
  const exp = expectationText(o);
  if (exp) lines.push(`  ${exp}`);
  return lines.join('\n');
}

/** The symmetry reduction in force, in one line. */
export function symmetryText(groups: readonly SymmetryGroup[], distinct: number, represented?: number): string {
  const names = groups.map((g) => `${g.pids.map((p) => `p${p}`).join(', ')} (${g.role})`).join('; ');
  const renamings = groups.reduce((n, g) => n * factorial(g.pids.length), 1);
  const standFor = represented !== undefined ? standingFor(distinct, represented) : ' (--no-symmetry counts them all)';
  return `symmetry: ${names} interchangeable (${int(renamings)} renamings): ${int(distinct)} states up to renaming${standFor}`;
}

function standingFor(distinct: number, represented: number): string {
  return `, standing for ${int(represented)} states (${(represented / Math.max(1, distinct)).toFixed(1)}× fewer)`;
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** What partial-order reduction did, in one line. */
export function porText(por: PorStats): string {
  if (!por.applied) return `partial-order reduction: not used (${por.reason})`;
  const all = por.explored + por.pruned;
  const share = all > 0 ? ` (${((100 * por.pruned) / all).toFixed(0)}% of ${int(all)})` : '';
  if (por.method === 'dpor') return `partial-order reduction (dynamic, depth-first): ${int(por.explored)} successors computed, ${int(por.pruned)} enabled actions of the expanded states never taken`;
  if (por.method === 'diamonds') return `partial-order reduction (diamonds; the search kept the fair-cycle graph, every transition in it): ${int(por.explored)} successors computed, ${int(por.pruned)} transitions taken from diamonds of independent steps instead${share}`;
  const extra = [por.reexpanded ? `${int(por.reexpanded)} states expanded again` : '', por.outOfOrder ? `${int(por.outOfOrder)} states found after their breadth-first level: the trace may not be the shortest` : ''].filter(Boolean);
  return `partial-order reduction (sleep sets): ${int(por.explored)} successors computed, ${int(por.pruned)} transitions pruned${share}${extra.length ? `; ${extra.join('; ')}` : ''}`;
}

/** The table of every column (`--wide`): spec, property, expected, got, states, time, each in full. */
export function catalogueTable(outcomes: SpecOutcome[], failures: { file: string; message: string }[]): string {
  const rows = outcomes.map((o) => {
    const r = o.result;
    const e = o.spec.expect;
    const property = r.violation ? r.violation.property : o.properties.join(', ');
    const expected = e ? (e.verdict === 'violation' ? `violation${e.property ? ` (${e.property})` : ''}` : 'ok') : '-';
    const got = r.verdict === 'violation' ? `violation (${r.violation!.property})` : o.stopped === 'interrupted' ? 'interrupted' : r.verdict;
    const mark = !o.expectation ? ' ' : o.expectation.met ? '✓' : '✗';
    return [mark, o.spec.name, property, expected, got, int(r.stats.distinct), seconds(r.stats.timeMs)];
  });
  for (const f of failures) rows.push(['✗', f.file, '-', '-', 'bad input', '-', '-']);
  return table(['', 'spec', 'property', 'expected', 'got', 'states', 'time'], rows);
}
