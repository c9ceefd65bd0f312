/**
 * Why a partition cannot be linearized, in the words of its operations: the longest prefix
 * of the history (cut in time) that can be linearized, the state one linearization of it
 * leaves, the operation whose return no linearization gets past, and what each operation
 * that could come next runs into.
 */
import { ILLEGAL, UNKNOWN, type Model } from './model.ts';
import type { Operation } from './history.ts';
import type { PartitionResult, StuckOperation } from './result.ts';

export function outOf(op: Operation): unknown {
  return op.ret === Infinity ? UNKNOWN : op.output;
}

/**
 * `prefix`: positions in `ops` of a linearization reaching the failing return; `deadline`:
 * the position of the operation returning there (-1 when the search did not say).
 */
export function explain(
  model: Model<any>,
  ops: readonly Operation[],
  prefix: readonly number[],
  deadline: number,
): Pick<PartitionResult, 'longestPrefix' | 'stateAfterPrefix' | 'stuck' | 'deadline' | 'linearizableUntil'> {
  let state = model.init();
  const done = new Set(prefix);
  for (const i of prefix) {
    const ns = model.step(state, ops[i].input, outOf(ops[i]));
    if (ns === ILLEGAL) throw new Error('internal: the longest prefix does not replay');
    state = ns;
  }
  if (deadline < 0) {
    ops.forEach((o, i) => {
      if (!done.has(i) && o.ret !== Infinity && (deadline < 0 || o.ret < ops[deadline].ret)) deadline = i;
    });
  }
  const limit = deadline < 0 ? Infinity : ops[deadline].ret;
  const stuck: StuckOperation[] = [];
  ops.forEach((o, i) => {
    if (done.has(i) || o.call > limit) return;
    const legal = model.step(state, o.input, outOf(o)) !== ILLEGAL;
    stuck.push({
      id: o.id,
      reason: legal ? 'could take effect here, but no order of the remaining operations works after it' : `impossible in state ${model.describeState(state)}`,
    });
  });
  // the operation that must take effect first among the stuck ones leads the list
  stuck.sort((a, b) => (a.id === ops[deadline]?.id ? -1 : b.id === ops[deadline]?.id ? 1 : 0));
  return {
    longestPrefix: prefix.map((i) => ops[i].id),
    stateAfterPrefix: model.describeState(state),
    stuck,
    ...(deadline >= 0 ? { deadline: ops[deadline].id, linearizableUntil: ops[deadline].ret } : {}),
  };
}

/**
 * Why no order keeps each process's own: after the longest valid order found (`prefix`,
 * the operations that took effect), what each process's next known operation runs into.
 */
export function explainSequential(
  model: Model<any>,
  ops: readonly Operation[],
  prefix: readonly number[],
  /** An operation known to be impossible in every order (position), or -1. */
  impossible = -1,
): Pick<PartitionResult, 'longestPrefix' | 'stateAfterPrefix' | 'stuck' | 'deadline'> {
  let state = model.init();
  for (const i of prefix) {
    const ns = model.step(state, ops[i].input, outOf(ops[i]));
    if (ns === ILLEGAL) throw new Error('internal: the longest valid prefix does not replay');
    state = ns;
  }
  const done = new Set(prefix);
  // per process, the earliest known operation not placed (unknown ones before it never took effect)
  const next = new Map<Operation['process'], number>();
  ops.forEach((o, i) => {
    if (done.has(i) || o.ret === Infinity) return;
    const j = next.get(o.process);
    if (j === undefined || o.call < ops[j].call) next.set(o.process, i);
  });
  const stuck: StuckOperation[] = [...next.values()]
    .sort((a, b) => a - b)
    .map((i) => ({
      id: ops[i].id,
      reason:
        i === impossible
          ? 'impossible in any order: no operation gives the state it needs'
          : model.step(state, ops[i].input, outOf(ops[i])) !== ILLEGAL
          ? 'could take effect here, but no order of the remaining operations works after it'
          : `impossible in state ${model.describeState(state)}`,
    }));
  stuck.sort((a, b) => (a.id === ops[impossible]?.id ? -1 : b.id === ops[impossible]?.id ? 1 : 0));
  return { longestPrefix: prefix.map((i) => ops[i].id), stateAfterPrefix: model.describeState(state), stuck, ...(impossible >= 0 ? { deadline: ops[impossible].id } : {}) };
}
