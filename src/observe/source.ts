/**
 * Opening a recorded history: its format (protocheck's JSON Lines, Jepsen EDN, or a log format
 * a user module defines), its header, and its events one at a time, each with the file, line
 * and position it came from. Lines are read as a stream, so a history is never held as text.
 * Process ids become indices here; time must never go back.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { importUserModule } from '../loader/import.ts';
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
  /** The events, once, a batch at a time. */
  batches: AsyncIterable<ObservedEvent[]>;
}

/** Reads a user module's LogFormat (its default export, or an export named `format`). */
export async function loadLogFormat(path: string): Promise<LogFormat> {
  const full = resolve(path);
  if (!existsSync(full)) throw new ObserveError(`--format ${path}: no such module`);
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(full);
  } catch (e) {
    throw new ObserveError(`--format ${path}: cannot load it: ${(e as Error).message.split('\n')[0]}`);
  }
  const f = (mod.default ?? mod.format) as LogFormat | undefined;
  if (!f || typeof f.event !== 'function') throw new ObserveError(`--format ${path}: its default export must be a log format, an object with event(line, at) (see README: Checking real systems)`);
  return f;
}

/** The file's lines, a batch per chunk read (an async step per line would cost more than parsing it). */
async function* batches(file: string): AsyncGenerator<Line[]> {
  let rest = '';
  let line = 0;
  const cut = (t: string): Line => ({ text: t.endsWith('\r') ? t.slice(0, -1) : t, line: ++line });
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop()!;
    yield parts.map(cut);
  }
  if (rest !== '') yield [cut(rest)];
}

type Line = { text: string; line: number };
type Input = { ev: ObservedEventInput; line: number };

/** The format a file is in, from its name, else from its first character. */
async function sniff(file: string): Promise<'jsonl' | 'edn'> {
  const ext = extname(file);
  if (ext === '.edn') return 'edn';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  for await (const batch of batches(file)) {
    const first = batch.find((l) => l.text.trim() !== '');
    if (!first) continue;
    const t = first.text.trim();
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
  const it = batches(file)[Symbol.asyncIterator]();
  let first: Line[] = [];
  let header: ObserveHeader = custom ? formatHeader(custom.header, file) : {};
  if (format === 'jsonl') {
    // the header, if any, is the first non-blank line
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const i = r.value.findIndex((l) => l.text.trim() !== '');
      if (i < 0) continue;
      let v: unknown;
      try {
        v = JSON.parse(r.value[i].text);
      } catch {
        v = undefined;
      }
      first = r.value.slice(isHeader(v) ? i + 1 : i);
      if (isHeader(v)) header = headerOf(v, file, r.value[i].line);
      break;
    }
  }
  const processes = options.processes ?? header.processes ?? { n: 0, roles: [], ids: new Map(), open: true };
  const read = format === 'edn' ? ednReader(file) : lineReader(file, custom ?? jsonLines, format === 'jsonl');
  const place = positioner(file, processes);
  async function* events(): AsyncGenerator<ObservedEvent[]> {
    if (first.length) yield place(read(first));
    for (let r = await it.next(); !r.done; r = await it.next()) yield place(read(r.value));
    yield place(read(undefined));
  }
  return { file, format, header, processes, batches: events() };
}

/** Lines to events, one line at a time (undefined: the end). */
function lineReader(file: string, format: LogFormat, strict: boolean): (batch: Line[] | undefined) => Input[] {
  return (batch) => {
    const out: Input[] = [];
    for (const { text, line } of batch ?? []) {
      if (strict && text.trim() === '') continue;
      let got: ReturnType<LogFormat['event']>;
      try {
        got = format.event(text, { file, line });
      } catch (e) {
        if (e instanceof ObserveError) throw e;
        throw new ObserveError(`${format.name ?? 'the log format'} cannot read this line: ${(e as Error).message}`, file, line);
      }
      if (got === null || got === undefined) continue;
      for (const ev of Array.isArray(got) ? got : [got]) out.push({ ev: checkEvent(ev, { file, line }), line });
    }
    return out;
  };
}

/** Jepsen EDN: a form may span lines, and a whole history may sit inside one vector. */
function ednReader(file: string): (batch: Line[] | undefined) => Input[] {
  let pending = '';
  let startLine = 0;
  return (batch) => {
    const out: Input[] = [];
    const emit = (form: Edn, line: number) => {
      for (const ev of jepsenEvents(form, file, line)) out.push({ ev, line });
    };
    if (batch === undefined) {
      if (pending !== '') throw new ObserveError('bad EDN: the last form is not finished', file, startLine);
      return out;
    }
    for (const { text, line } of batch) {
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
        if (Array.isArray(form)) for (const x of form) emit(x, startLine - 1 + ((x !== null && typeof x === 'object' && reader.lineOf.get(x)) || l));
        else emit(form, startLine + l - 1);
      }
    }
    return out;
  };
}

/** Process indices, positions, and time that never goes back. */
function positioner(file: string, table: ProcessTable): (inputs: Input[]) => ObservedEvent[] {
  let event = 0;
  let lastTime = -Infinity;
  return (inputs) =>
    inputs.map(({ ev, line }) => {
      const p = pidOf(ev.process, table, file, line);
      if (ev.time !== undefined) {
        if (ev.time < lastTime) throw new ObserveError(`time goes back (${ev.time} after ${lastTime}): events must be in the order they happened`, file, line);
        lastTime = ev.time;
      }
      const e: HistoryEvent = ev.kind === 'request' || ev.kind === 'indication' ? { k: ev.kind, v: ev.value!, ...(ev.vc ? { vc: ev.vc } : {}) } : { k: ev.kind };
      return { p, e, at: { file, line, event: ++event, ...(ev.time === undefined ? {} : { time: ev.time }) } };
    });
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
