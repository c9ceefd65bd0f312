/**
 * protocheck's history format, JSON Lines: an optional header on the first line, then one
 * event a line.
 *
 *   {"protocheck": 1, "processes": 3, "properties": ["agreement", {"total-order": {"uniform": true}}]}
 *   {"process": 0, "kind": "request", "value": {"type": "broadcast", "m": "a"}, "time": 1.5}
 *   {"process": 1, "kind": "indication", "value": {"type": "deliver", "src": 0, "m": "a"}, "time": 2}
 *   {"process": 2, "kind": "crash", "time": 3}
 *
 * Unknown fields are errors (a typo must not pass silently). Every check here names the file
 * and line.
 */
import { ObserveError, type LogFormat, type ObserveHeader, type ObservedEventInput, type ProcessTable, type PropertyRef } from './events.ts';

const KINDS = new Set(['request', 'indication', 'crash', 'recover']);
const EVENT_FIELDS = new Set(['process', 'kind', 'value', 'time', 'vc']);
const HEADER_FIELDS = new Set(['protocheck', 'processes', 'properties', 'realTime', 'settled']);

type Where = { file: string; line?: number };
const fail = (w: Where, msg: string): never => {
  throw new ObserveError(msg, w.file, w.line);
};
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `3`, `{"server": 3, "client": 2}` (indices by role, in that order), `["n1", "n2"]` or `[{"id": "n1", "role": "server"}]`. */
export function processTable(v: unknown, w: Where): ProcessTable {
  const ids = new Map<string, number>();
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 1000) fail(w, `processes: a whole number from 1 to 1000, got ${v}`);
    return { n: v, roles: Array(v).fill('process'), ids, open: false };
  }
  if (Array.isArray(v)) {
    const roles: string[] = [];
    v.forEach((x, i) => {
      const id = typeof x === 'string' ? x : isRecord(x) && typeof x.id === 'string' ? x.id : fail(w, `processes[${i}]: an id ("n1") or { "id": "n1", "role": "server" }, got ${JSON.stringify(x)}`);
      if (isRecord(x) && Object.keys(x).some((k) => k !== 'id' && k !== 'role')) fail(w, `processes[${i}]: only "id" and "role", got ${Object.keys(x).join(', ')}`);
      if (ids.has(id)) fail(w, `processes: ${JSON.stringify(id)} is named twice`);
      ids.set(id, i);
      roles.push(isRecord(x) && typeof x.role === 'string' ? x.role : 'process');
    });
    if (roles.length === 0) fail(w, 'processes: the list is empty');
    return { n: roles.length, roles, ids, open: false };
  }
  if (isRecord(v)) {
    const roles: string[] = [];
    for (const [role, count] of Object.entries(v)) {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) fail(w, `processes.${role}: a whole number of processes, got ${JSON.stringify(count)}`);
      for (let i = 0; i < (count as number); i++) roles.push(role);
    }
    if (roles.length === 0 || roles.length > 1000) fail(w, `processes: from 1 to 1000 in all, got ${roles.length}`);
    return { n: roles.length, roles, ids, open: false };
  }
  return fail(w, `processes: a number, a count per role ({"server": 3}) or a list of ids, got ${JSON.stringify(v)}`);
}

/** `["agreement", {"agreement": {"uniform": true}}, "./props.ts#name"]`, file names relative to `base`. */
export function propertyRefs(v: unknown, base: string, w: Where): PropertyRef[] {
  if (!Array.isArray(v)) return fail(w, `properties: a list of names (or { name: { parameters } }), got ${JSON.stringify(v)}`);
  return v.map((x, i) => {
    const line = w.line === undefined ? {} : { line: w.line };
    if (typeof x === 'string' && x.trim() !== '') return { name: x.trim(), params: {}, base, ...line };
    if (isRecord(x) && Object.keys(x).length === 1) {
      const [name, params] = Object.entries(x)[0];
      if (params === null || params === undefined) return { name, params: {}, base, ...line };
      if (isRecord(params)) return { name, params, base, ...line };
    }
    return fail(w, `properties[${i}]: a name or { "name": { parameters } }, got ${JSON.stringify(x)}`);
  });
}

/** Whether a parsed first line is a header (it has the `protocheck` key). */
export const isHeader = (v: unknown): v is Record<string, unknown> => isRecord(v) && 'protocheck' in v;

export function headerOf(v: Record<string, unknown>, file: string, line?: number): ObserveHeader {
  const w = { file, line };
  const unknown = Object.keys(v).filter((k) => !HEADER_FIELDS.has(k));
  if (unknown.length) fail(w, `unknown header field ${unknown.join(', ')} (known: ${[...HEADER_FIELDS].join(', ')})`);
  if (v.protocheck !== 1) fail(w, `"protocheck": 1 is the version of this history format, got ${JSON.stringify(v.protocheck)}`);
  for (const k of ['realTime', 'settled']) if (k in v && typeof v[k] !== 'boolean') fail(w, `${k}: true or false, got ${JSON.stringify(v[k])}`);
  return {
    ...(v.processes === undefined ? {} : { processes: processTable(v.processes, w) }),
    ...(v.properties === undefined ? {} : { properties: propertyRefs(v.properties, file, w) }),
    ...(v.realTime === undefined ? {} : { realTime: v.realTime as boolean }),
    ...(v.settled === undefined ? {} : { settled: v.settled as boolean }),
  };
}

/** A LogFormat's header, in the same terms as a JSON Lines header. */
export function formatHeader(h: LogFormat['header'], file: string): ObserveHeader {
  return h ? headerOf({ protocheck: 1, ...h }, file) : {};
}

/** Checks one event (from a JSON Lines line or a log format) field by field. */
export function checkEvent(v: unknown, w: Where): ObservedEventInput {
  if (!isRecord(v)) return fail(w, `an event is an object like {"process": 0, "kind": "request", "value": {"type": "broadcast", "m": "a"}}, got ${JSON.stringify(v)}`);
  const unknown = Object.keys(v).filter((k) => !EVENT_FIELDS.has(k));
  if (unknown.length) fail(w, `unknown event field ${unknown.join(', ')} (known: ${[...EVENT_FIELDS].join(', ')})`);
  const { process, kind, value, time, vc } = v;
  if (!((typeof process === 'number' && Number.isInteger(process) && process >= 0) || (typeof process === 'string' && process !== '')))
    fail(w, `process: an index (0, 1, ...) or an id the header names, got ${JSON.stringify(process)}`);
  if (typeof kind !== 'string' || !KINDS.has(kind)) fail(w, `kind: request, indication, crash or recover, got ${JSON.stringify(kind)}`);
  if (kind === 'request' || kind === 'indication') {
    if (!isRecord(value) || typeof value.type !== 'string') fail(w, `value: the ${kind}, an object tagged by "type" ({"type": "deliver", ...}), got ${JSON.stringify(value)}`);
  } else if (value !== undefined) fail(w, `a ${kind} has no value`);
  if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) fail(w, `time: a number, got ${JSON.stringify(time)}`);
  if (vc !== undefined && !(Array.isArray(vc) && vc.every((c) => Number.isInteger(c) && c >= 0))) fail(w, `vc: a vector clock, a list of whole numbers, got ${JSON.stringify(vc)}`);
  return v as unknown as ObservedEventInput;
}

/** The JSON Lines format as a LogFormat (the header line is read by the source before it). */
export const jsonLines: LogFormat = {
  name: 'JSON Lines history',
  event(line, at) {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      return fail(at, `not JSON: ${(e as Error).message}`);
    }
    if (isHeader(v)) return fail(at, 'a header ({"protocheck": 1, ...}) belongs on the first line');
    return v as ObservedEventInput;
  },
};
