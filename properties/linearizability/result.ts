/** What the checkers return. */
import type { Operation } from './history.ts';

export type Verdict = 'ok' | 'illegal' | 'unknown';
export type Consistency = 'linearizability' | 'sequential';

/** An operation that could not take effect right after the longest prefix. */
export interface StuckOperation {
  id: number;
  /** Why, in the model's words: the operation and the state it met. */
  reason: string;
}

export interface PartitionResult {
  /** The partition key (models that decompose by key), else undefined. */
  key?: string;
  /** Ids of the operations in this partition (unknown-outcome reads dropped). */
  operations: number[];
  verdict: Verdict | 'unchecked';
  steps: number;
  /** When ok: the order in which the operations took effect (op ids). */
  witness?: number[];
  /** When illegal: the longest linearizable prefix found (op ids)... */
  longestPrefix?: number[];
  /** ...the model state after it... */
  stateAfterPrefix?: string;
  /** ...and every operation that could have come next, none of which can. */
  stuck?: StuckOperation[];
  /** ...while this one must take effect before it returns... */
  deadline?: number;
  /**
   * ...at this time: the history cut just before it is linearizable (the longest
   * linearizable prefix in time), and no linearization gets past it.
   */
  linearizableUntil?: number;
  /** The algorithm that decided the partition. */
  decidedBy?: Algorithm;
  /** When undecided: how far each search got. */
  progress?: Progress[];
}

/** Linearizability: wgl, jit; sequential consistency: dfs, bfs. */
export type Algorithm = 'wgl' | 'jit' | 'dfs' | 'bfs';

/** How far an undecided search got. */
export interface Progress {
  /** Which search this is. */
  algorithm: Algorithm;
  /** Every operation that returned before this time has a place in one linearization... */
  time: number;
  /** ...of this many operations, */
  linearized: number;
  /** ...out of this many in the partition; */
  of: number;
  /** configurations memoised (wgl) or in the frontier (jit). */
  configurations: number;
}

export interface CheckResult {
  check: Consistency;
  model: string;
  verdict: Verdict;
  /** For `unknown`: which limit was hit. */
  reason?: string;
  /** The operations checked (`:fail` ones were already dropped by the parser). */
  operations: readonly Operation[];
  /**
   * Linearizability: one per key (models with partitionKey), else one. Sequential
   * consistency: the whole store, or, when one key alone refuted it, one per key.
   */
  partitions: PartitionResult[];
  /** The partition that cannot be linearized, when the verdict is illegal. */
  failed?: PartitionResult;
  /** Total search steps, memoised configurations and wall time (measured). */
  steps: number;
  configurations: number;
  elapsedMs: number;
  memory?: MemoryFigures;
}

export interface CheckOptions {
  /** Give up with verdict `unknown` after this many milliseconds. */
  timeoutMs?: number;
  /** Polled during the search; an aborted signal gives verdict `unknown`. */
  signal?: AbortSignal;
  /** Check each key separately when the model allows it (default true). */
  partition?: boolean;
  /**
   * `wgl`, `jit`, or `portfolio` (default): both, interleaved in this thread (or on two
   * worker threads with checkLinearizabilityParallel); the first verdict of each partition wins.
   */
  algorithm?: Algorithm | 'portfolio';
  /**
   * Bytes the search may hold (tables, frontiers, model states; counted exactly, so a limit
   * stops the same history at the same point everywhere). Default: defaultMemoryLimit().
   */
  maxMemoryBytes?: number;
  /**
   * Let the model rule operations out before the search (Model.impossible; default true).
   * Off only to measure what the search alone does.
   */
  prune?: boolean;
}

/** Memory figures of a check. */
export interface MemoryFigures {
  limitBytes: number;
  /** The most the search held at once, as counted. */
  peakBytes: number;
}
