/**
 * Jepsen EDN histories as observed events, for every property (not only linearizability):
 *
 *   {:process 0, :type :invoke, :f :write, :value 3}  → request    { type: 'write', v: 3 }
 *   {:process 0, :type :ok,     :f :write, :value 3}  → indication { type: 'ok', f: 'write', v: 3 }
 *   {:process 1, :type :fail,   :f :cas, ...}         → indication { type: 'fail', f: 'cas', v: ... }
 *   {:process 2, :type :info,   :f :read}             → indication { type: 'info', f: 'read', v: nil }, then a crash of p2
 *
 * `:key` is kept as `key`, `:time` (Jepsen's nanoseconds) as the event's time. A process that
 * gets `:info` is abandoned by Jepsen (its next operation comes from a new process id), so it
 * is recorded as crashed. Events of `:nemesis` (or any keyword process) are skipped. Process
 * ids are the indices: a history of processes 0..9 has ten.
 *
 * `linearizable` over such a history reads the Jepsen events directly (a `:fail` did not
 * happen; `:info` may have), as `protocheck lin` does; other properties read the events above,
 * so name their vocabulary accordingly (`consensus-agreement: { decide: ok }`).
 */
import { Keyword, kw, toPlain, type Edn, type EdnMap } from '../../properties/linearizability/parse/edn.ts';
import { ObserveError, type ObservedEventInput } from './events.ts';

const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

const name = (v: Edn | undefined): string | undefined => (v instanceof Keyword ? v.name : typeof v === 'string' ? v : undefined);

/** The events one Jepsen operation map records. */
export function jepsenEvents(form: Edn, file: string, line: number): ObservedEventInput[] {
  const bad = (msg: string): never => {
    throw new ObserveError(msg, file, line);
  };
  if (!(form instanceof Map)) return bad('expected an operation map like {:process 0, :type :invoke, :f :read}');
  const m = form as EdnMap;
  const type = name(m.get(kw('type')));
  if (type === undefined || !TYPES.has(type)) return bad(':type must be one of :invoke, :ok, :fail, :info');
  const process = m.get(kw('process'));
  if (process instanceof Keyword) return []; // the nemesis, or another side process
  if (typeof process !== 'number' || !Number.isInteger(process) || process < 0) return bad(':process must be a whole number (or a keyword such as :nemesis)');
  const f = name(m.get(kw('f')));
  if (f === undefined) return bad(':f must be a keyword such as :read');
  const v = toPlain(m.get(kw('value')) ?? null);
  const key = m.has(kw('key')) ? { key: toPlain(m.get(kw('key')) ?? null) } : {};
  const t = m.get(kw('time'));
  const time = typeof t === 'number' ? { time: t } : {};
  if (type === 'invoke') return [{ process, kind: 'request', value: { type: f, v, ...key }, ...time }];
  const done: ObservedEventInput = { process, kind: 'indication', value: { type, f, v, ...key }, ...time };
  return type === 'info' ? [done, { process, kind: 'crash', ...time }] : [done];
}

/** An EDN error that more lines may complete (a map spread over several lines). */
export const unfinished = (detail: string): boolean => /unexpected end of input|missing for the collection|unterminated string|nothing to discard/.test(detail);
