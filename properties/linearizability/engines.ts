/**
 * What runPartitions needs to know of a kind of check: how to compile a partition, which
 * search each algorithm is, and how to read a search's progress.
 */
import type { Operation } from './history.ts';
import type { Model } from './model.ts';
import type { Algorithm } from './result.ts';
import type { MemoryBudget } from './search/budget.ts';
import { compile, type Problem } from './search/compile.ts';
import { JitSearch } from './search/jit.ts';
import { compileSc, type ScProblem } from './search/sc.ts';
import { ScBfs, MAX_PROCESSES } from './search/sc-bfs.ts';
import { ScDfs } from './search/sc-dfs.ts';
import { ScViaLinearization } from './search/sc-via-lin.ts';
import type { Search } from './search/search.ts';
import { WglSearch } from './search/wgl.ts';

export interface Engine<P = any> {
  compile(model: Model<any>, ops: readonly Operation[], budget: MemoryBudget): P;
  /** The search of an algorithm, or undefined when it does not apply to this problem. */
  make(algorithm: Algorithm, problem: P, budget: MemoryBudget): Search | undefined;
  release(problem: P): void;
  operations(problem: P): number;
  /** The time of an event a search reached (Infinity past the end or when it has none). */
  timeOf(problem: P, event: number): number;
  /** The operation (position) returning at an event, or -1. */
  returning(problem: P, event: number): number;
  /**
   * An operation the compiler found impossible and left out (position), or -1: a search
   * that orders the rest has found the longest prefix, and the verdict is illegal there.
   */
  leftOut?(problem: P): number;
}

export const linEngine: Engine<Problem> = {
  compile: (model, ops, budget) => compile(model, ops, budget),
  make: (a, p, budget) => (a === 'wgl' ? new WglSearch(p, budget) : a === 'jit' ? new JitSearch(p, budget) : undefined),
  release: (p) => p.trans.release(),
  operations: (p) => p.n,
  timeOf: (p, e) => (e >= 0 && e < p.evOp.length ? p.ops[p.evOp[e]].ret : Infinity),
  returning: (p, e) => (e >= 0 && e < p.evOp.length ? p.evOp[e] : -1),
};

export const scEngine: Engine<ScProblem> = {
  compile: (model, ops, budget) => compileSc(model, ops, budget),
  make: (a, p, budget) =>
    a === 'dfs' ? new ScDfs(p, budget) : a === 'bfs' && p.procs <= MAX_PROCESSES ? new ScBfs(p, budget) : a === 'wgl' ? new ScViaLinearization(p, budget) : undefined,
  release: (p) => p.trans.release(),
  operations: (p) => p.n,
  timeOf: () => Infinity,
  returning: () => -1,
  leftOut: (p) => p.cut[0] ?? -1,
};
