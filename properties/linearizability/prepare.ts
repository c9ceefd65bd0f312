/** Shared front half of the checkers: resolve the model, validate, drop what cannot matter. */
import { HistoryError, validateHistory, type History, type Operation } from './history.ts';
import type { Model } from './model.ts';
import { getModel } from './models/index.ts';

export function resolveModel(model: Model<any> | string): Model<any> {
  return typeof model === 'string' ? getModel(model) : model;
}

/** The model the searches use: without its static check when `prune` is false. */
export function searchModel(model: Model<any>, prune: boolean | undefined): Model<any> {
  return prune === false && model.impossible ? { ...model, impossible: undefined } : model;
}

export function asHistory(h: History | readonly Operation[]): History {
  return Array.isArray(h) ? { operations: h as Operation[] } : (h as History);
}

/**
 * Validates the history against the model and returns the operations the
 * search needs: an unknown-outcome operation that never changes the state
 * (a timed-out read) constrains nothing, so it is left out.
 */
export function prepareOperations(history: History, model: Model<any>): Operation[] {
  validateHistory(history);
  const out: Operation[] = [];
  for (const op of history.operations) {
    const problem = model.validate?.(op);
    if (problem !== undefined) throw new HistoryError(`operation ${op.id} (process ${String(op.process)}): ${problem}`, history.source, op.line);
    if (op.ret === Infinity && model.readOnly?.(op.input)) continue;
    out.push(op);
  }
  return out;
}

/** Milliseconds since an arbitrary origin. */
export const now = (): number => performance.now();

export function formatSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}

/** A measured duration for reports: milliseconds below a second. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${+ms.toFixed(ms < 10 ? 2 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
