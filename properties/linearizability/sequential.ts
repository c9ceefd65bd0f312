/**
 * checkSequentialConsistency: is there one order of all operations, legal for the model,
 * that keeps each process's own order (real time between processes does not count)? An
 * operation with an unknown outcome takes effect in its place or never. Not compositional:
 * the whole store is searched, after each key alone has had its chance to refute it, or to
 * decide it by linearizations that merge (sequential-keys.ts). Two searches (search/sc-dfs.ts, search/sc-bfs.ts), alone or
 * interleaved as a portfolio, under the same memory budget and limits as linearizability.
 */
import type { History, Operation } from './history.ts';
import type { Model } from './model.ts';
import type { Algorithm, CheckOptions, CheckResult } from './result.ts';
import { asHistory, now, prepareOperations, resolveModel, searchModel } from './prepare.ts';
import { MemoryBudget } from './search/budget.ts';
import { runPartitions } from './schedule.ts';
import { assemble, internalFailure } from './assemble.ts';
import { defaultMemoryLimit, stopper } from './limits.ts';
import { scEngine } from './engines.ts';
import { decideByKey } from './sequential-keys.ts';

export type ScAlgorithm = 'dfs' | 'bfs' | 'portfolio';

/** The portfolio: a linearization (WGL) first, as most histories checked are linearizable, then depth- and breadth-first. */
export function scAlgorithmsOf(choice: ScAlgorithm | undefined): Algorithm[] {
  return choice === 'dfs' ? ['dfs'] : choice === 'bfs' ? ['bfs'] : ['wgl', 'dfs', 'bfs'];
}

export function checkSequentialConsistency(
  history: History | readonly Operation[],
  modelOrName: Model<any> | string,
  options: Omit<CheckOptions, 'partition' | 'algorithm'> & { algorithm?: ScAlgorithm; maxRssBytes?: number } = {},
): CheckResult {
  const start = now();
  const model = resolveModel(modelOrName);
  const h = asHistory(history);
  const parts = [{ ops: prepareOperations(h, model) }];
  const budget = new MemoryBudget(options.maxMemoryBytes ?? defaultMemoryLimit());
  try {
    const searched = searchModel(model, options.prune);
    const stop = stopper(start, options);
    const byKey = options.algorithm === undefined || options.algorithm === 'portfolio' ? decideByKey(model, searched, h, parts[0].ops, start, budget, stop, options.timeoutMs) : undefined;
    if (byKey) return byKey;
    const sched = runPartitions(searched, [parts[0].ops], scEngine, { algorithms: scAlgorithmsOf(options.algorithm), budget, stop });
    return assemble('sequential', model, h, parts, sched, start, { limitBytes: budget.limitBytes, peakBytes: budget.peak });
  } catch (e) {
    return internalFailure('sequential', model, h, parts, e, start, budget.limitBytes);
  }
}
