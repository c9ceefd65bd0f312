/**
 * Sequential consistency is not compositional: every key of a store can have an order of its
 * own while the store as a whole has none. The converse holds, though: an order of the whole
 * store, kept to the operations of one key, keeps each process's order and replays for that
 * key alone (a model that splits by key is one independent object per key), so a key whose
 * operations have no such order refutes the whole store. refuteByKey checks the keys alone
 * first, smallest first: an illegal history of many keys is refuted by one small search
 * instead of a search of the whole store, which must rule out every order of everything.
 * When every key has an order found by linearizing it, those linearizations merged by real
 * time are an order of the whole store (as search/sc-via-lin.ts makes one), checked like every
 * witness, and the store is decided without searching it again. Otherwise (a key ordered only
 * by the depth-first search, or one left undecided) it says nothing and the caller searches
 * the whole store, which alone can show that one order of everything exists. With a time
 * limit, the keys take at most half of it, so the whole store keeps its chance.
 */
import type { History, Operation } from './history.ts';
import type { Model } from './model.ts';
import type { CheckResult } from './result.ts';
import type { MemoryBudget } from './search/budget.ts';
import { runPartitions } from './schedule.ts';
import { assemble } from './assemble.ts';
import { partition } from './linearizability.ts';
import { scEngine } from './engines.ts';
import { now } from './prepare.ts';
import { mergeLinearizations } from './search/sc-via-lin.ts';

/** The key searches: a linearization first, then depth-first (breadth-first is for the whole store, on the worker). */
const KEY_ALGORITHMS = ['wgl', 'dfs'] as const;

/**
 * An illegal result whose failed partition is the refuting key, an ok one for the whole store
 * when every key was linearized and the linearizations merge, or undefined (one key only, a
 * model that does not split, or neither of those).
 */
export function decideByKey(
  model: Model<any>,
  searched: Model<any>,
  h: History,
  ops: readonly Operation[],
  start: number,
  budget: MemoryBudget,
  stop: () => string | undefined,
  timeoutMs: number | undefined,
): CheckResult | undefined {
  if (!model.partitionKey) return undefined;
  const parts = partition(ops as Operation[], model);
  if (parts.length < 2) return undefined;
  const share = timeoutMs === undefined ? Infinity : start + timeoutMs / 2;
  const keysStop = () => stop() ?? (now() >= share ? 'the keys had half of the time' : undefined);
  const sched = runPartitions(searched, parts.map((p) => p.ops), scEngine, { algorithms: KEY_ALGORITHMS, budget, stop: keysStop });
  const memory = { limitBytes: budget.limitBytes, peakBytes: budget.peak };
  if (sched.failed !== undefined) return assemble('sequential', model, h, parts, sched, start, memory);
  if (!sched.outcomes.every((o) => o.verdict === 'ok' && o.decidedBy === 'wgl')) return undefined;
  const index = new Map<Operation, number>();
  ops.forEach((o, i) => index.set(o, i));
  const keys = parts.map((p, k) => ({ positions: p.ops.map((o) => index.get(o)!), order: sched.outcomes[k].order! }));
  const order = mergeLinearizations(ops, keys);
  if (!order) return undefined;
  const steps = sched.outcomes.reduce((a, o) => a + o.steps, 0);
  const configurations = sched.outcomes.reduce((a, o) => a + o.configurations, 0);
  return assemble('sequential', model, h, [{ ops: ops as Operation[] }], { outcomes: [{ verdict: 'ok', decidedBy: 'wgl', order, steps, configurations }] }, start, memory);
}
