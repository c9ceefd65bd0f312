/**
 * The history a consistency checker reads: completed operations with their
 * real-time interval, plus operations whose outcome is unknown.
 */

/** One operation of a client process, as observed from outside the system. */
export interface Operation {
  /** Position in `History.operations` (ids are 0..n-1). */
  id: number;
  process: number | string;
  /** What the client asked for; its shape is the model's (e.g. `{ f: 'write', value: 3 }`). */
  input: unknown;
  /** What the client got back; ignored when the outcome is unknown. */
  output?: unknown;
  /** Time of the invocation. Only the order of times matters. */
  call: number;
  /**
   * Time of the response. `Infinity` when the outcome is unknown (crashed,
   * timed out, Jepsen `:info`, still open at the end): such an operation may
   * take effect at any time after its invocation, or never.
   */
  ret: number;
  /** Source line of the invocation, for messages. */
  line?: number;
}

export interface History {
  operations: Operation[];
  /** A model named by the history file itself (JSON format), if any. */
  model?: string;
  /** File name, for messages. */
  source?: string;
}

/** True when the operation's outcome is unknown. */
export function isUnknown(op: Operation): boolean {
  return op.ret === Infinity;
}

/** Real-time order: `a` returned before `b` was invoked. Equal times count as concurrent. */
export function precedes(a: Operation, b: Operation): boolean {
  return a.ret < b.call;
}

/**
 * Bad input: a history file that cannot be read, or an operation a model
 * does not know. The message names the file and line when they are known.
 */
export class HistoryError extends Error {
  constructor(
    readonly detail: string,
    readonly source?: string,
    readonly line?: number,
  ) {
    super(where(source, line) + detail);
    this.name = 'HistoryError';
  }
}

function where(source?: string, line?: number): string {
  if (source === undefined && line === undefined) return '';
  if (line === undefined) return `${source}: `;
  return `${source ?? '<input>'}:${line}: `;
}

/** Checks the invariants the checkers rely on; throws a HistoryError naming the operation. */
export function validateHistory(h: History): void {
  const ops = h.operations;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.id !== i) invalid(h, i, `id is ${op.id}, expected ${i} (ids must be the positions 0..n-1)`);
    if (typeof op.call !== 'number' || !Number.isFinite(op.call)) invalid(h, i, `call time must be a finite number, got ${String(op.call)}`);
    if (typeof op.ret !== 'number' || Number.isNaN(op.ret)) invalid(h, i, `return time must be a number or Infinity, got ${String(op.ret)}`);
    if (op.ret < op.call) invalid(h, i, `returns (${op.ret}) before it is called (${op.call})`);
    if (typeof op.process !== 'number' && typeof op.process !== 'string') invalid(h, i, 'process must be a number or a string');
  }
}

function invalid(h: History, i: number, msg: string): never {
  throw new HistoryError(`operation ${i}: ${msg}`, h.source, h.operations[i].line);
}
