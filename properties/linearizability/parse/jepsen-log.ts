/**
 * Jepsen text logs, as in the etcd histories of the linearizability-checker
 * and Porcupine projects:
 *
 *   INFO  jepsen.util - 3	:invoke	:cas	[1 4]
 *
 * Fields are separated by tabs or spaces; the value is EDN. Lines without
 * `jepsen.util` are ignored. Porcupine's reading of :fail is kept: a
 * `:fail ... :timed-out` has an unknown outcome, a failed :cas returned
 * false (the value differed), any other :fail did not happen.
 */
import { HistoryError, type History } from '../history.ts';
import { EdnError, Keyword, readEdn, toPlain } from './edn.ts';
import { fromJepsenEvents, type EventType, type FailRule, type JepsenEvent } from './jepsen.ts';

const LINE = /jepsen\.util\s+-\s+(\S+)\s+:(\S+)\s+:(\S+)\s*(.*?)\s*$/;
const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

/** Recognises a log line, for format detection. */
export const JEPSEN_LOG_LINE = /jepsen\.util\s+-\s+\S+\s+:(invoke|ok|fail|info)\s+:\S+/;

export const porcupineFailRule: FailRule = (invoke, fail) => {
  if (fail.value === 'timed-out') return 'unknown';
  if (invoke.f === 'cas') return { output: false };
  return 'dropped';
};

/** The values etcd logs are made of (nil, an integer, a pair of integers, a keyword), read without the EDN reader. */
const SIMPLE = /^(?:(nil)|(-?\d{1,15})|\[(-?\d{1,15}) (-?\d{1,15})\]|:([a-zA-Z][\w-]*))$/;

export function parseJepsenLog(text: string, source?: string): History {
  const events: JepsenEvent[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.includes('jepsen.util')) return;
    const m = LINE.exec(raw);
    if (!m) throw new HistoryError(`cannot read this jepsen.util line: expected "<process> :<type> :<f> <value>", got ${JSON.stringify(raw.trim())}`, source, line);
    const [, proc, type, f, valueText] = m;
    if (!TYPES.has(type)) throw new HistoryError(`unknown event type ":${type}" (expected :invoke, :ok, :fail or :info)`, source, line);
    // nemesis and other non-client processes are not part of the history
    if (!/^-?\d+$/.test(proc)) return;
    let value: unknown = null;
    const simple = valueText === '' ? null : SIMPLE.exec(valueText);
    if (simple) {
      if (simple[2] !== undefined) value = Number(simple[2]);
      else if (simple[3] !== undefined) value = [Number(simple[3]), Number(simple[4])];
      else if (simple[5] !== undefined) value = simple[5];
    } else if (valueText !== '') {
      let forms;
      try {
        forms = readEdn(valueText);
      } catch (e) {
        if (e instanceof EdnError) throw new HistoryError(`bad value ${JSON.stringify(valueText)}: ${e.detail}`, source, line);
        throw e;
      }
      if (forms.length !== 1) throw new HistoryError(`expected one value, got ${JSON.stringify(valueText)}`, source, line);
      value = forms[0] instanceof Keyword ? forms[0].name : toPlain(forms[0]);
    }
    events.push({ process: Number(proc), type: type as EventType, f, value, line });
  });
  return fromJepsenEvents(events, source, porcupineFailRule);
}
