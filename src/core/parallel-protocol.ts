/** The messages between a parallel search's coordinator and its workers, and how a worker gets its model. */
import { importUserModule } from '../loader/import.ts';
import type { Model } from './model.ts';
import type { SharedTables } from './parallel-table.ts';
import type { ActionCoverage, SearchLimits } from './search.ts';
import type { Finding } from './verdict.ts';
import type { LimitKind } from './limits.ts';

/**
 * Where a worker gets the model: a module, the export to call, and its argument (structured-
 * cloneable). The export is a function returning a Model (or an object with a `model`, such as
 * runSpec's buildModel), or an object with `build(args)` such as a defineModel default export.
 */
export interface ModelSource {
  /** A file path or URL. */
  module: string;
  /** Default: `default`. */
  export?: string;
  args?: unknown;
}

/** A worker's port to a peer: node:worker_threads' MessagePort, written structurally so that the package's published types need no @types/node. */
export interface PeerPort {
  postMessage(value: unknown): void;
}

export async function loadModel(source: ModelSource): Promise<Model<unknown, unknown>> {
  const mod = await importUserModule(source.module);
  const name = source.export ?? 'default';
  const f = mod[name] as ((args: unknown) => unknown) | { build?: (args: unknown) => unknown } | undefined;
  let made: unknown;
  if (typeof f === 'function') made = await f(source.args);
  else if (f && typeof f.build === 'function') made = await f.build(source.args);
  else throw new Error(`${source.module} has no export '${name}' that builds a model`);
  const model = isModel(made) ? made : isModel((made as { model?: unknown })?.model) ? (made as { model: unknown }).model : undefined;
  if (!model) throw new Error(`${source.module}: '${name}' did not give a model`);
  return model as Model<unknown, unknown>;
}

function isModel(m: unknown): boolean {
  return typeof m === 'object' && m !== null && typeof (m as Model<unknown>).initialStates === 'function' && typeof (m as Model<unknown>).actions === 'function';
}

export interface WorkerInit {
  index: number;
  count: number;
  source: ModelSource;
  options: Pick<SearchLimits, 'maxStates'> & { checkDeadlock?: boolean };
  control: SharedArrayBuffer;
  /** Per worker: generated, expanded, queued, quiescent (Float64, written by the worker, read for progress). */
  figures: SharedArrayBuffer;
  tables: SharedTables;
  /** [worker index, port to it] for every other worker. */
  peers: [number, PeerPort][];
}

export type ToWorker =
  | { type: 'initial' }
  | { type: 'level'; depth: number; expand: boolean }
  | { type: 'resume'; tables?: SharedTables; run: boolean }
  | { type: 'give'; to: number; count: number }
  | { type: 'final' };

export type ToCoordinator =
  | { type: 'ready'; liveness: boolean }
  | { type: 'failed'; message: string }
  | { type: 'done'; next: number; truncated: boolean }
  | { type: 'paused' }
  | { type: 'stopped' }
  | { type: 'resumed' }
  | { type: 'violation'; finding: Finding; id: number; depth: number }
  | { type: 'limit'; limit: { kind: LimitKind; message: string } }
  | { type: 'gave'; next: number }
  | { type: 'got'; next: number }
  | { type: 'final'; coverage: Record<string, ActionCoverage>; generated: number; expanded: number; quiescent: number; queued: number };
