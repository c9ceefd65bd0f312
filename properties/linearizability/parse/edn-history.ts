/**
 * Jepsen EDN histories: one map per line, or maps inside one vector/list:
 * `{:process 0, :type :invoke, :f :write, :value 3}`; `:key` is kept for
 * keyed models. A :fail completion means the operation did not happen.
 */
import { HistoryError, type History } from '../history.ts';
import { EdnError, EdnReader, Keyword, kw, toPlain, type Edn, type EdnMap } from './edn.ts';
import { failMeansDropped, fromJepsenEvents, type EventType, type JepsenEvent } from './jepsen.ts';

const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

export function parseEdnHistory(text: string, source?: string): History {
  const reader = new EdnReader(text);
  let forms: { form: Edn; line: number }[];
  try {
    forms = reader.all();
  } catch (e) {
    if (e instanceof EdnError) throw new HistoryError(`bad EDN: ${e.detail} (column ${e.column})`, source, e.line);
    throw e;
  }
  let maps = forms;
  if (forms.length === 1 && Array.isArray(forms[0].form)) {
    maps = forms[0].form.map((form) => ({ form, line: (form !== null && typeof form === 'object' && reader.lineOf.get(form)) || forms[0].line }));
  }
  const events = maps.map(({ form, line }) => toEvent(form, line, source));
  return fromJepsenEvents(events, source, failMeansDropped);
}

function toEvent(form: Edn, line: number, source: string | undefined): JepsenEvent {
  const bad = (msg: string): never => {
    throw new HistoryError(msg, source, line);
  };
  if (!(form instanceof Map)) return bad(`expected an operation map like {:process 0, :type :invoke, :f :read}, got ${describe(form)}`);
  const m = form as EdnMap;
  const type = m.get(kw('type'));
  if (!(type instanceof Keyword) || !TYPES.has(type.name))
    return bad(`:type must be one of :invoke, :ok, :fail, :info, got ${type === undefined ? 'nothing' : describe(type)}`);
  const process = m.get(kw('process'));
  if (typeof process !== 'number' && typeof process !== 'string' && !(process instanceof Keyword))
    return bad(`:process must be an integer (or a keyword such as :nemesis), got ${process === undefined ? 'nothing' : describe(process)}`);
  const f = m.get(kw('f'));
  if (!(f instanceof Keyword) && typeof f !== 'string') return bad(`:f must be a keyword such as :read, got ${f === undefined ? 'nothing' : describe(f)}`);
  const ev: JepsenEvent = {
    process: process instanceof Keyword ? `:${process.name}` : process,
    type: type.name as EventType,
    f: f instanceof Keyword ? f.name : f,
    value: toPlain(m.get(kw('value')) ?? null),
    line,
  };
  if (m.has(kw('key'))) ev.key = toPlain(m.get(kw('key')) ?? null);
  return ev;
}

function describe(v: Edn): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'a vector';
  if (v instanceof Map) return 'a map';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
