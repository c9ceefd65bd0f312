/**
 * checkLinearizability: split the history by key when the model allows
 * (P-compositionality), search each partition (WGL, just-in-time linearization, or both
 * interleaved: the portfolio), and stop at the first partition that cannot be linearized.
 * See schedule.ts for the order of work, search/ for the searches.
 */
import type { History, Operation } from './history.ts';
import type { Model } from './model.ts';
import type { Algorithm, CheckOptions, CheckResult } from './result.ts';
import { asHistory, now, prepareOperations, resolveModel, searchModel } from './prepare.ts';
import { MemoryBudget } from './search/budget.ts';
import { runPartitions } from './schedule.ts';
import { assemble, internalFailure, type Part } from './assemble.ts';
import { defaultMemoryLimit, stopper } from './limits.ts';
import { linEngine } from './engines.ts';

export { outOf } from './explain.ts';

export function algorithmsOf(choice: CheckOptions['algorithm']): Algorithm[] {
  return choice === 'wgl' ? ['wgl'] : choice === 'jit' ? ['jit'] : ['wgl', 'jit'];
}

/** Checks in this thread; with the default portfolio, both searches take turns. */
export function checkLinearizability(
  history: History | readonly Operation[],
  modelOrName: Model<any> | string,
  options: CheckOptions & { maxRssBytes?: number } = {},
): CheckResult {
  const start = now();
  const model = resolveModel(modelOrName);
  const h = asHistory(history);
  const parts = partition(prepareOperations(h, model), options.partition === false ? undefined : model);
  const budget = new MemoryBudget(options.maxMemoryBytes ?? defaultMemoryLimit());
  try {
    const sched = runPartitions(
      searchModel(model, options.prune),
      parts.map((p) => p.ops),
      linEngine,
      { algorithms: algorithmsOf(options.algorithm), budget, stop: stopper(start, options) },
    );
    return assemble('linearizability', model, h, parts, sched, start, { limitBytes: budget.limitBytes, peakBytes: budget.peak });
  } catch (e) {
    return internalFailure('linearizability', model, h, parts, e, start, budget.limitBytes);
  }
}

export function partition(ops: Operation[], model: Model<any> | undefined): Part[] {
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
