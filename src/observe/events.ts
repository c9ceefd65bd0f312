/**
 * Observed histories: what a real system recorded, one event a line, read by `protocheck
 * observe` and judged by the same properties the model checker uses. An event is what the
 * system model's history recorder would have written for the same run (a request a process
 * received from above, an indication it emitted, a crash, a recovery), plus where it stands
 * in the file and, optionally, when it happened.
 */
import type { HistoryEvent } from '../system/history.ts';

export type ObservedKind = 'request' | 'indication' | 'crash' | 'recover';

/** One event as a log format gives it (a JSON Lines event line has exactly this shape). */
export interface ObservedEventInput {
  /** The process: its index (0, 1, ...), or one of the ids the header names. */
  process: number | string;
  kind: ObservedKind;
  /** The request or indication, tagged by `type` (none for crash and recover). */
  value?: { type: string; [field: string]: unknown };
  /** Wall-clock or logical time; never decreasing along the file. */
  time?: number;
  /** The process's vector clock at this event, for the properties that read happens-before. */
  vc?: number[];
}

/** Where an event stands: the file and line it was read from, and its position among the history's events. */
export interface Position {
  file: string;
  line: number;
  /** 1 for the first event of the history. */
  event: number;
  time?: number;
}

/** An event as the engine sees it: the process index and the history event properties read. */
export interface ObservedEvent {
  p: number;
  e: HistoryEvent;
  at: Position;
}

/** A property named with its parameters: `agreement`, `{ agreement: { uniform: true } }`, `./props.ts#name`. */
export interface PropertyRef {
  name: string;
  params: Record<string, unknown>;
  /** The file a `./file.ts#name` is relative to, and the line that names it, for messages. */
  base: string;
  line?: number;
}

/** The processes of a history: how many, with their roles, and the ids the events may use. */
export interface ProcessTable {
  n: number;
  roles: string[];
  /** id → index, for histories that name processes by id. */
  ids: Map<string, number>;
  /** The processes were not named: each new integer id (or string id, in order of appearance) adds one. */
  open: boolean;
}

/** What a history says about itself (the JSON Lines header; a log format may supply one). */
export interface ObserveHeader {
  processes?: ProcessTable;
  properties?: PropertyRef[];
  /** Stamp every request with which operations had completed (the register properties need it); on for them anyway. */
  realTime?: boolean;
  /** The history ends with the system at rest: a liveness property not satisfied at the end is violated, not pending. */
  settled?: boolean;
}

/**
 * A log format: how to read a system's own log lines as events. `event` is called once per
 * line with the line's text; it returns the events the line records (none, for a line to skip)
 * and throws (any Error; its message is shown at the file and line) for a line it cannot read.
 */
export interface LogFormat {
  /** For messages: "nginx access log", "my-raft log". */
  readonly name?: string;
  /** The processes, properties and settings, when the log does not carry a header (`--properties` and `--processes` override them). */
  readonly header?: {
    processes?: number | string[] | Record<string, number>;
    properties?: (string | Record<string, Record<string, unknown>>)[];
    realTime?: boolean;
    settled?: boolean;
  };
  event(line: string, at: { file: string; line: number }): ObservedEventInput | readonly ObservedEventInput[] | null | undefined;
}

/** Bad input in a history: the file and line are named, never a stack trace. */
export class ObserveError extends Error {
  constructor(
    readonly detail: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(`${file === undefined ? '' : line === undefined ? `${file}: ` : `${file}:${line}: `}${detail}`);
    this.name = 'ObserveError';
  }
}

/** `file:line (event 7, time 12.5)` */
export function describePosition(at: Position): string {
  return `${at.file}:${at.line} (event ${at.event.toLocaleString('en-US')}${at.time === undefined ? '' : `, time ${at.time}`})`;
}
