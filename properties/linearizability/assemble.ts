/**
 * From the searches' outcomes to a CheckResult: witnesses checked independently of the
 * search that found them (a linearization that does not replay, or breaks real time, is an
 * internal error and the verdict becomes unknown, never ok), failures explained.
 */
import type { History, Operation } from './history.ts';
import { ILLEGAL, type Model } from './model.ts';
import type { CheckResult, Consistency, PartitionResult } from './result.ts';
import type { ScheduleResult } from './schedule.ts';
import { explain, explainSequential, outOf } from './explain.ts';
import { now } from './prepare.ts';

export interface Part {
  key?: string;
  ops: Operation[];
}

/** Throws when `order` is not a linearization of the partition's known operations. */
export function verifyOrder(model: Model<any>, ops: readonly Operation[], order: readonly number[]): void {
  const seen = new Uint8Array(ops.length);
  let state = model.init();
  let latestCall = -Infinity;
  for (const i of order) {
    const o = ops[i];
    if (o === undefined || seen[i]) throw new Error(`internal: the witness names operation ${i} twice or out of range`);
    seen[i] = 1;
    if (o.ret < latestCall) throw new Error(`internal: the witness puts operation #${o.id} after one called after it returned`);
    latestCall = Math.max(latestCall, o.call);
    const ns = model.step(state, o.input, outOf(o));
    if (ns === ILLEGAL) throw new Error(`internal: the witness does not replay at operation #${o.id}`);
    state = ns;
  }
  ops.forEach((o, i) => {
    if (o.ret !== Infinity && !seen[i]) throw new Error(`internal: the witness leaves out operation #${o.id}`);
  });
}

/** Throws when `order` breaks a process's own order, does not replay, or leaves out a known operation. */
export function verifySequential(model: Model<any>, ops: readonly Operation[], order: readonly number[]): void {
  const seen = new Uint8Array(ops.length);
  const last = new Map<Operation['process'], number>();
  let state = model.init();
  for (const i of order) {
    const o = ops[i];
    if (o === undefined || seen[i]) throw new Error(`internal: the witness names operation ${i} twice or out of range`);
    seen[i] = 1;
    const j = last.get(o.process);
    if (j !== undefined && (ops[j].call > o.call || (ops[j].call === o.call && j > i))) throw new Error(`internal: the witness breaks process ${String(o.process)}'s order`);
    last.set(o.process, i);
    const ns = model.step(state, o.input, outOf(o));
    if (ns === ILLEGAL) throw new Error(`internal: the witness does not replay at operation #${o.id}`);
    state = ns;
  }
  ops.forEach((o, i) => {
    if (o.ret !== Infinity && !seen[i]) throw new Error(`internal: the witness leaves out operation #${o.id}`);
  });
}

export function assemble(
  check: Consistency,
  model: Model<any>,
  h: History,
  parts: readonly Part[],
  sched: ScheduleResult,
  start: number,
  memory: { limitBytes: number; peakBytes: number },
): CheckResult {
  const partitions: PartitionResult[] = parts.map(({ key, ops }, i) => {
    const o = sched.outcomes[i];
    // built by assignment, in the order the spreads gave (key?, operations, steps, verdict,
    // decidedBy?, ...): object spreads cost a tenth of a small many-key check
    const operations = new Array<number>(ops.length);
    for (let j = 0; j < ops.length; j++) operations[j] = ops[j].id;
    const r: Record<string, unknown> = key === undefined ? { operations, steps: o.steps } : { key, operations, steps: o.steps };
    r.verdict = o.verdict;
    if (o.verdict === 'ok' || o.verdict === 'illegal') {
      if (o.decidedBy) r.decidedBy = o.decidedBy;
    }
    if (o.verdict === 'ok') {
      (check === 'sequential' ? verifySequential : verifyOrder)(model, ops, o.order!);
      r.witness = o.order!.map((j) => ops[j].id);
    } else if (o.verdict === 'illegal') {
      const why = check === 'sequential' ? explainSequential(model, ops, o.prefix!, o.deadline ?? -1) : explain(model, ops, o.prefix!, o.deadline ?? -1);
      Object.assign(r, why);
    } else if (o.verdict === 'unknown' && o.progress?.length) r.progress = o.progress;
    return r as unknown as PartitionResult;
  });
  const verdict = sched.failed !== undefined ? 'illegal' : sched.reason ? 'unknown' : 'ok';
  return {
    check,
    model: model.name,
    verdict,
    ...(verdict === 'unknown' ? { reason: sched.reason } : {}),
    operations: h.operations,
    partitions,
    ...(sched.failed !== undefined ? { failed: partitions[sched.failed] } : {}),
    steps: sched.outcomes.reduce((a, o) => a + o.steps, 0),
    configurations: sched.outcomes.reduce((a, o) => a + o.configurations, 0),
    elapsedMs: now() - start,
    memory,
  };
}

/** The result of a check that failed inside: unknown, with the reason; never a verdict. */
export function internalFailure(check: Consistency, model: Model<any>, h: History, parts: readonly Part[], error: unknown, start: number, limitBytes: number): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    check,
    model: model.name,
    verdict: 'unknown',
    reason: `internal error (please report it): ${message}`,
    operations: h.operations,
    partitions: parts.map(({ key, ops }) => ({ ...(key === undefined ? {} : { key }), operations: ops.map((x) => x.id), verdict: 'unknown', steps: 0 })),
    steps: 0,
    configurations: 0,
    elapsedMs: now() - start,
    memory: { limitBytes, peakBytes: 0 },
  };
}
