/**
 * Opening a recorded history: its format (protocheck's JSON Lines, Jepsen EDN, or a log format
 * a user module defines), its header, and its events one at a time, each with the file, line
 * and position it came from. Lines are read as a stream, so a history is never held as text.
 * Process ids become indices here; time must never go back.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { EdnError, EdnReader, type Edn } from '../../properties/linearizability/parse/edn.ts';
import type { HistoryEvent } from '../system/history.ts';
import { ObserveError, type LogFormat, type ObserveHeader, type ObservedEvent, type ObservedEventInput, type ProcessTable } from './events.ts';
import { jepsenEvents, unfinished } from './jepsen.ts';
import { checkEvent, formatHeader, headerOf, isHeader, jsonLines } from './jsonl.ts';

export const FORMATS = ['jsonl', 'edn'] as const;

export interface OpenOptions {
  /** `jsonl`, `edn`, or a module (`./my-log.ts`) whose default export is a LogFormat; default: from the file. */
  format?: string;
  /** Overrides the header's processes (`--processes`). */
  processes?: ProcessTable;
}

export interface HistorySource {
  file: string;
  format: 'jsonl' | 'edn' | 'module';
  header: ObserveHeader;
  /** The processes; grows as new ids appear when the history does not name them. */
  processes: ProcessTable;
  /** The events, once. */
  events: AsyncIterable<ObservedEvent>;
}

/** Reads a user module's LogFormat (its default export, or an export named `format`). */
export async function loadLogFormat(path: string): Promise<LogFormat> {
  const full = resolve(path);
  if (!existsSync(full)) throw new ObserveError(`--format ${path}: no such module`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ObserveError(`--format ${path}: cannot load it: ${(e as Error).message.split('\n')[0]}`);
  }
  const f = (mod.default ?? mod.format) as LogFormat | undefined;
  if (!f || typeof f.event !== 'function') throw new ObserveError(`--format ${path}: its default export must be a log format, an object with event(line, at) (see README: Checking real systems)`);
  return f;
}

async function* lines(file: string): AsyncGenerator<{ text: string; line: number }> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) yield { text, line: ++line };
}

/** The format a file is in, from its name, else from its first character. */
async function sniff(file: string): Promise<'jsonl' | 'edn'> {
  const ext = extname(file);
  if (ext === '.edn') return 'edn';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  for await (const { text } of lines(file)) {
    const t = text.trim();
    if (t === '') continue;
    if (t.startsWith('{"')) return 'jsonl';
    if (/^[[({;#]/.test(t)) return 'edn';
    break;
  }
  throw new ObserveError('cannot tell the format of this history: not JSON Lines or Jepsen EDN (name it with --format jsonl|edn|./my-format.ts)', file);
}

export async function openHistory(file: string, options: OpenOptions = {}): Promise<HistorySource> {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new ObserveError('no such file', file);
  }
  if (st.isDirectory()) throw new ObserveError('is a directory', file);
  const custom = options.format !== undefined && !(FORMATS as readonly string[]).includes(options.format) ? await loadLogFormat(options.format) : undefined;
  const format = custom ? 'module' : ((options.format as 'jsonl' | 'edn' | undefined) ?? (await sniff(file)));
  const it = lines(file)[Symbol.asyncIterator]();
  let first: { text: string; line: number } | undefined;
  let header: ObserveHeader = custom ? formatHeader(custom.header, file) : {};
  if (format === 'jsonl') {
    // the header, if any, is the first non-blank line
    for (let r = await it.next(); !r.done; r = await it.next()) {
      if (r.value.text.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(r.value.text);
      } catch {
        v = undefined;
      }
      if (isHeader(v)) header = headerOf(v, file, r.value.line);
      else first = r.value;
      break;
    }
  }
  const processes = options.processes ?? header.processes ?? { n: 0, roles: [], ids: new Map(), open: true };
  const source: HistorySource = { file, format, header, processes, events: undefined as unknown as AsyncIterable<ObservedEvent> };
  async function* rest(): AsyncGenerator<{ text: string; line: number }> {
    if (first) yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  const inputs = format === 'edn' ? ednInputs(file, rest()) : lineInputs(file, rest(), custom ?? jsonLines, format === 'jsonl');
  source.events = positioned(file, inputs, processes);
  return source;
}

type Input = { ev: ObservedEventInput; line: number };

async function* lineInputs(file: string, src: AsyncIterable<{ text: string; line: number }>, format: LogFormat, strict: boolean): AsyncGenerator<Input> {
  for await (const { text, line } of src) {
    if (strict && text.trim() === '') continue;
    let out: ReturnType<LogFormat['event']>;
    try {
      out = format.event(text, { file, line });
    } catch (e) {
      if (e instanceof ObserveError) throw e;
      throw new ObserveError(`${format.name ?? 'the log format'} cannot read this line: ${(e as Error).message}`, file, line);
    }
    if (out === null || out === undefined) continue;
    for (const ev of Array.isArray(out) ? out : [out]) yield { ev: checkEvent(ev, { file, line }), line };
  }
}

async function* ednInputs(file: string, src: AsyncIterable<{ text: string; line: number }>): AsyncGenerator<Input> {
  let pending = '';
  let startLine = 0;
  const emit = function* (form: Edn, line: number): Generator<Input> {
    for (const ev of jepsenEvents(form, file, line)) yield { ev, line };
  };
  for await (const { text, line } of src) {
    if (pending === '' && text.trim() === '') continue;
    if (pending === '') startLine = line;
    pending += (pending ? '\n' : '') + text;
    const reader = new EdnReader(pending);
    let forms: { form: Edn; line: number }[];
    try {
      forms = reader.all();
    } catch (e) {
      if (e instanceof EdnError && unfinished(e.detail)) continue;
      if (e instanceof EdnError) throw new ObserveError(`bad EDN: ${e.detail} (column ${e.column})`, file, startLine + e.line - 1);
      throw e;
    }
    pending = '';
    for (const { form, line: l } of forms) {
      // a whole history inside one vector: its maps, each at its own line
      if (Array.isArray(form)) {
        for (const x of form) yield* emit(x, startLine - 1 + ((x !== null && typeof x === 'object' && reader.lineOf.get(x)) || l));
      } else yield* emit(form, startLine + l - 1);
    }
  }
  if (pending !== '') throw new ObserveError('bad EDN: the last form is not finished', file, startLine);
}

async function* positioned(file: string, inputs: AsyncIterable<Input>, table: ProcessTable): AsyncGenerator<ObservedEvent> {
  let event = 0;
  let lastTime = -Infinity;
  for await (const { ev, line } of inputs) {
    const p = pidOf(ev.process, table, file, line);
    if (ev.time !== undefined) {
      if (ev.time < lastTime) throw new ObserveError(`time goes back (${ev.time} after ${lastTime}): events must be in the order they happened`, file, line);
      lastTime = ev.time;
    }
    const e: HistoryEvent =
      ev.kind === 'request' || ev.kind === 'indication'
        ? { k: ev.kind, v: ev.value!, ...(ev.vc ? { vc: ev.vc } : {}) }
        : { k: ev.kind };
    yield { p, e, at: { file, line, event: ++event, ...(ev.time === undefined ? {} : { time: ev.time }) } };
  }
}

function pidOf(id: number | string, t: ProcessTable, file: string, line: number): number {
  if (typeof id === 'string') {
    const p = t.ids.get(id);
    if (p !== undefined) return p;
    if (!t.open) throw new ObserveError(`unknown process ${JSON.stringify(id)} (the header names ${[...t.ids.keys()].map((k) => JSON.stringify(k)).join(', ') || `processes 0..${t.n - 1} by index`})`, file, line);
    t.ids.set(id, t.n);
    t.roles.push('process');
    return t.n++;
  }
  if (id < t.n) return id;
  if (!t.open) throw new ObserveError(`unknown process ${id} (the header names ${t.n} processes: 0..${t.n - 1})`, file, line);
  if (id >= 10_000) throw new ObserveError(`process ${id}: at most 10,000 processes when the header does not name them`, file, line);
  while (t.n <= id) {
    t.roles.push('process');
    t.n++;
  }
  return id;
}
