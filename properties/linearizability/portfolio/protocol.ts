/** Messages between the portfolio (pool.ts) and its worker threads (worker.ts). */
import type { Operation } from '../history.ts';
import type { Algorithm, Consistency } from '../result.ts';
import type { PartitionOutcome } from '../schedule.ts';

export interface CheckRequest {
  type: 'check';
  id: number;
  check: Consistency;
  algorithm: Algorithm;
  /** A built-in model, by name (a model object cannot cross threads). */
  model: string;
  parts: Operation[][];
  /** Per partition: 0 undecided, 1 decided by the main thread, 2 by the worker. */
  decided: SharedArrayBuffer;
  /** [1] when the check must stop. */
  stop: SharedArrayBuffer;
  /** Memory in use by both workers, in KiB (MemoryBudget.attach), and the limit. */
  memory: SharedArrayBuffer;
  limitBytes: number;
  /** CheckOptions.prune. */
  prune: boolean;
}

export type FromWorker =
  | { type: 'partition'; id: number; index: number; outcome: PartitionOutcome }
  | { type: 'done'; id: number; outcomes: PartitionOutcome[]; reason?: string; peakBytes: number }
  | { type: 'failed'; id: number; message: string };
