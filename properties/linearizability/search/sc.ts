/**
 * A history compiled for the sequential-consistency searches: each process's operations in
 * program order, processes numbered by their first call (so that configurations that have
 * finished the early processes share a short key), operation classes and the step memo.
 */
import type { Model } from '../model.ts';
import type { Operation } from '../history.ts';
import type { MemoryBudget } from './budget.ts';
import { classify } from './compile.ts';
import { Transitions } from './transitions.ts';

export interface ScProblem<S = unknown> {
  readonly model: Model<S>;
  readonly ops: readonly Operation[];
  readonly n: number;
  readonly cls: Int32Array;
  readonly known: Uint8Array;
  readonly pure: Uint8Array;
  readonly procs: number;
  /** Process p's operations are qOps[qStart[p] .. qStart[p + 1]), in program order. */
  readonly qStart: Int32Array;
  readonly qOps: Int32Array;
  /** Known operations from each queue position to the end of its queue. */
  readonly knownFrom: Int32Array;
  readonly knownCount: number;
  readonly trans: Transitions<S>;
  readonly initial: number;
  /**
   * Operations no order can place (Model.impossible, with time left out), first of each
   * process: its queue is cut there, so the searches look for the longest order of the rest,
   * and the history is not sequentially consistent whatever they find.
   */
  readonly cut: number[];
}

export function compileSc<S>(model: Model<S>, ops: readonly Operation[], budget: MemoryBudget): ScProblem<S> {
  const { known, cls, pure, inputs, outputs } = classify(model, ops);
  const byProc = new Map<number | string, number[]>();
  ops.forEach((o, i) => {
    let q = byProc.get(o.process);
    if (!q) byProc.set(o.process, (q = []));
    q.push(i);
  });
  // the static check without real time: a call at 0 and a return at 1 for every known operation
  const timeless = ops.map((o) => ({ ...o, call: 0, ret: o.ret === Infinity ? Infinity : 1 }));
  const impossible = new Set(ops.length >= 64 ? (model.impossible?.(timeless) ?? []) : []);
  const cut: number[] = [];
  const queues = [...byProc.values()].map((q) => {
    q.sort((a, b) => ops[a].call - ops[b].call || a - b);
    const at = q.findIndex((i) => impossible.has(i));
    if (at < 0) return q;
    cut.push(q[at]);
    return q.slice(0, at);
  });
  for (let p = queues.length - 1; p >= 0; p--) if (queues[p].length === 0) queues.splice(p, 1);
  queues.sort((a, b) => ops[a[0]].call - ops[b[0]].call || a[0] - b[0]);
  const procs = queues.length;
  const qStart = new Int32Array(procs + 1);
  const qOps = new Int32Array(ops.length);
  const knownFrom = new Int32Array(ops.length + 1);
  let at = 0;
  queues.forEach((q, p) => {
    qStart[p] = at;
    for (const i of q) qOps[at++] = i;
  });
  qStart[procs] = at;
  for (let p = 0; p < procs; p++) {
    let k = 0;
    for (let j = qStart[p + 1] - 1; j >= qStart[p]; j--) knownFrom[j] = k += known[qOps[j]];
    knownFrom[qStart[p + 1]] = 0;
  }
  const trans = new Transitions<S>(model, inputs, outputs, budget);
  return {
    model, ops, n: ops.length, cls, known, pure, procs, qStart, qOps, knownFrom,
    knownCount: queues.reduce((a, q) => a + q.reduce((b, i) => b + known[i], 0), 0), trans, initial: trans.intern(model.init()),
    cut: cut.sort((a, b) => a - b),
  };
}
