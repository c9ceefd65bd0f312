/**
 * checkLinearizability: split the history by key when the model allows
 * (P-compositionality), search each partition with WGL, smallest first and
 * interleaved with growing step budgets, and stop at the first partition
 * that cannot be linearized.
 */
import type { History, Operation } from './history.ts';
import { ILLEGAL, UNKNOWN, type Model } from './model.ts';
import type { CheckOptions, CheckResult, PartitionResult, StuckOperation } from './result.ts';
import { WglSearch } from './wgl.ts';
import { asHistory, now, prepareOperations, resolveModel, stopper } from './prepare.ts';

/** Steps between polls of the time limit. */
const SLICE = 1 << 14;
/** Step budget of each partition in the first round; doubled every round. */
const FIRST_BUDGET = 1 << 12;

export function checkLinearizability(
  history: History | readonly Operation[],
  modelOrName: Model<any> | string,
  options: CheckOptions = {},
): CheckResult {
  const start = now();
  const model = resolveModel(modelOrName);
  const h = asHistory(history);
  const ops = prepareOperations(h, model);
  const parts = partition(ops, options.partition === false ? undefined : model);
  const searches = parts
    .map(({ key, ops }) => ({ key, search: new WglSearch(model, ops) }))
    .sort((a, b) => a.search.ops.length - b.search.ops.length);
  const stop = stopper(start, options.timeoutMs, options.signal);

  let reason: string | undefined;
  let failed: (typeof searches)[number] | undefined;
  let active = searches;
  // Round-robin with doubling budgets: a partition that fails fast is found
  // fast even when another takes long to linearize.
  outer: for (let budget = FIRST_BUDGET; active.length > 0; budget *= 2) {
    for (const p of active) {
      for (let left = budget; left > 0 && p.search.status === 'running'; left -= SLICE) {
        p.search.run(Math.min(left, SLICE));
        reason = p.search.status === 'running' ? stop() : undefined;
        if (reason) break outer;
      }
      if (p.search.status === 'illegal') {
        failed = p;
        break outer;
      }
    }
    active = active.filter((p) => p.search.status === 'running');
  }

  const partitions: PartitionResult[] = searches.map(({ key, search }) => {
    const ids = search.ops.map((o) => o.id);
    const base = { ...(key === undefined ? {} : { key }), operations: ids, steps: search.steps };
    if (search.status === 'ok') return { ...base, verdict: 'ok', witness: search.order.map((i) => search.ops[i].id) };
    if (search.status === 'illegal') return { ...base, verdict: 'illegal', ...explain(model, search.ops, search.order) };
    return { ...base, verdict: reason ? 'unknown' : 'unchecked' };
  });
  const verdict = failed ? 'illegal' : reason ? 'unknown' : 'ok';
  return {
    check: 'linearizability',
    model: model.name,
    verdict,
    ...(verdict === 'unknown' ? { reason } : {}),
    operations: h.operations,
    partitions,
    ...(failed ? { failed: partitions[searches.indexOf(failed)] } : {}),
    steps: searches.reduce((a, p) => a + p.search.steps, 0),
    configurations: searches.reduce((a, p) => a + p.search.cacheSize, 0),
    elapsedMs: now() - start,
  };
}

function partition(ops: Operation[], model: Model<any> | undefined): { key?: string; ops: Operation[] }[] {
  if (!model?.partitionKey) return [{ ops }];
  const byKey = new Map<string, Operation[]>();
  for (const op of ops) {
    const k = model.partitionKey(op.input);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(op);
  }
  return [...byKey].map(([key, ops]) => ({ key, ops }));
}

/**
 * Why a partition cannot be linearized: after the longest linearizable
 * prefix, the operations that could come next (invoked before the earliest
 * pending return) all fail in the state the prefix leaves.
 */
function explain(
  model: Model<any>,
  ops: readonly Operation[],
  prefix: number[],
): Pick<PartitionResult, 'longestPrefix' | 'stateAfterPrefix' | 'stuck' | 'deadline'> {
  let state = model.init();
  const done = new Set(prefix);
  for (const i of prefix) {
    const ns = model.step(state, ops[i].input, outOf(ops[i]));
    if (ns === ILLEGAL) throw new Error('internal: the longest prefix does not replay');
    state = ns;
  }
  let deadline = -1;
  ops.forEach((o, i) => {
    if (!done.has(i) && o.ret !== Infinity && (deadline < 0 || o.ret < ops[deadline].ret)) deadline = i;
  });
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
  return {
    longestPrefix: prefix.map((i) => ops[i].id),
    stateAfterPrefix: model.describeState(state),
    stuck,
    ...(deadline >= 0 ? { deadline: ops[deadline].id } : {}),
  };
}

export function outOf(op: Operation): unknown {
  return op.ret === Infinity ? UNKNOWN : op.output;
}
