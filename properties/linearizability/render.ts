/** Text rendering of a check result, for people. */
import type { Operation } from './history.ts';
import type { Model } from './model.ts';
import { UNKNOWN } from './model.ts';
import type { CheckResult, PartitionResult } from './result.ts';
import { formatDuration } from './prepare.ts';

const NAMES = { linearizability: 'linearizable', sequential: 'sequentially consistent' } as const;

export function renderResult(r: CheckResult, model: Model<any>): string {
  const name = NAMES[r.check];
  const stats = `${r.operations.length} operations, ${r.partitions.length} partition${r.partitions.length === 1 ? '' : 's'}, ${r.steps} steps, ${formatDuration(r.elapsedMs)}`;
  if (r.verdict === 'ok') return `${name.toUpperCase()} (model ${r.model}; ${stats})\n`;
  if (r.verdict === 'unknown') {
    const done = r.partitions.filter((p) => p.verdict === 'ok').length;
    const progress = r.partitions.length > 1 ? `${done} of ${r.partitions.length} partitions ${name}; ` : '';
    const lines = [`UNKNOWN: ${r.reason ?? 'the search did not finish'} before deciding whether the history is ${name} (model ${r.model}; ${progress}${stats})`];
    lines.push(...renderProgress(r));
    return lines.join('\n') + '\n';
  }
  const p = r.failed!;
  const lines = [`NOT ${name.toUpperCase()} (model ${r.model}${p.key === undefined ? '' : `, key ${JSON.stringify(p.key)}`}; ${stats})`];
  lines.push(...renderFailure(p, r.operations, model, r.check));
  return lines.join('\n') + '\n';
}

/** How far each undecided search got, one line per partition and search. */
export function renderProgress(r: CheckResult): string[] {
  const out: string[] = [];
  for (const p of r.partitions) {
    for (const g of p.progress ?? []) {
      const key = p.key === undefined ? '' : `key ${JSON.stringify(p.key)}: `;
      const where = g.time === Infinity ? 'to the end of the history' : `to time ${g.time}`;
      const what = r.check === 'sequential' ? `${g.linearized} of ${g.of} operations placed in one order` : `every operation that returned before it has a place in one linearization (${g.linearized} of ${g.of} operations placed)`;
      out.push(`  ${key}${g.algorithm} got ${where}: ${what}; ${g.configurations} configurations ${g.algorithm === 'jit' ? 'in its frontier' : 'memoised'}`);
    }
  }
  return out;
}

export function renderFailure(p: PartitionResult, ops: readonly Operation[], model: Model<any>, check: CheckResult['check']): string[] {
  const prefix = p.longestPrefix ?? [];
  const rows = (ids: number[]) => table(ids.map((id) => ops[id]), model);
  const out: string[] = [];
  const total = p.operations.length;
  if (p.linearizableUntil !== undefined && check === 'linearizability')
    out.push(
      `The history is linearizable up to time ${p.linearizableUntil} (its longest linearizable prefix), where operation #${p.deadline} returns: no linearization of what came before lets it take effect${p.decidedBy ? ` (found by ${p.decidedBy})` : ''}.`,
    );
  if (prefix.length === 0) out.push(`No operation of the ${total} can take effect first.`);
  else {
    out.push(`${check === 'sequential' ? 'The longest valid prefix found' : 'One linearization of that prefix'} has ${prefix.length} of ${total} operations; the state after it is ${p.stateAfterPrefix}.`);
    const shown = prefix.length > 8 ? prefix.slice(-8) : prefix;
    out.push(prefix.length > 8 ? `Its last ${shown.length} operations, in the order they took effect:` : 'In the order they took effect:');
    out.push(...rows(shown));
  }
  const stuck = p.stuck ?? [];
  out.push(`Then none of the operations that could come next can take effect:`);
  const stuckOps = stuck.map((s) => ops[s.id]);
  const cells = table(stuckOps, model);
  stuck.forEach((s, i) => out.push(`${cells[i]}   ${s.reason}`));
  if (p.deadline !== undefined) {
    const d = ops[p.deadline];
    out.push(`and operation #${d.id} must take effect before it returns at time ${d.ret}.`);
  }
  return out;
}

/** One aligned line per operation: id, process, [call, return], what it did. */
export function table(list: readonly Operation[], model: Model<any>): string[] {
  const cols = list.map((o) => [
    `#${o.id}`,
    `p${String(o.process)}`,
    `[${o.call}, ${o.ret === Infinity ? '∞' : o.ret}]`,
    model.describeOperation(o.input, o.ret === Infinity ? UNKNOWN : o.output) + (o.line === undefined ? '' : `  (line ${o.line})`),
  ]);
  const widths = [0, 1, 2].map((c) => Math.max(0, ...cols.map((r) => r[c].length)));
  return cols.map((r) => '  ' + r.map((x, c) => (c < 3 ? x.padEnd(widths[c]) : x)).join('  '));
}
