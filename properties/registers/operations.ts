/**
 * From a system history to register operations with real-time intervals: the adapter between
 * the per-process history that the system model records and the linearizability checker's
 * `Operation` list (properties/linearizability).
 *
 * The convention (the register protocols in specs/registers/ follow it):
 * - requests `{ type: write, v }`, `{ type: read }`, `{ type: cas, v: [old, new] }` (the
 *   type names and the value field are parameters; a kv store adds a `key` field);
 * - every operation is answered by one indication of the response type (`respond`), at the
 *   process that got the request, in the order of the requests: a read's response carries the
 *   value read in the value field (`{ type: respond, v }`), a cas's carries true or false.
 *
 * An operation is a request plus the next unmatched response at the same process. A request
 * never answered (the process crashed, or the run has not got there yet) has an unknown outcome
 * (`ret: Infinity`); a crash closes every open operation of the process that way.
 *
 * Real time comes from the system option `realTime: true`: each request event records how many
 * indications each process had emitted by then (`before`). Operation A precedes operation B iff
 * A's response is among those counted in B's `before`. Times are positions in a topological
 * order of all history events under these constraints: each process's local order; for a
 * request with `before[q] = c`, q's c-th indication (counting from 1) comes before the request
 * and q's (c+1)-th after it. A real run satisfies all of them (so there is no cycle), and under
 * any such order A.ret < B.call holds exactly when A precedes B: numeric call/return times that
 * the checker can use as they are.
 */
import { ModelError } from '../../src/core/model.ts';
import type { History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';
import type { Operation } from '../linearizability/history.ts';

/** How a protocol's requests and responses read as register operations. */
export interface RegisterVocabulary {
  /** The request type of a read (kv: a get). */
  read: string;
  /** The request type of a write (kv: a put). */
  write: string;
  /** The request type of a compare-and-swap (cas-register only). */
  cas: string;
  /** The indication type that answers every operation. */
  response: string;
  /** The field holding the value: written (request), read (response), `[old, new]` of a cas (request), true/false of a cas (response). */
  value: string;
  /** The field holding the key (kv). */
  key: string;
}

export const registerVocabulary: RegisterVocabulary = { read: 'read', write: 'write', cas: 'cas', response: 'respond', value: 'v', key: 'key' };

export type RegisterOpKind = 'read' | 'write' | 'cas';

/** One operation of the history, with its real-time interval. */
export interface RegisterOp {
  id: number;
  process: Pid;
  kind: RegisterOpKind;
  /** The key (kv), or undefined. */
  key: unknown;
  /** A write's value, a cas's [old, new]. */
  arg: unknown;
  /** A read's value, a cas's true/false; undefined when the outcome is unknown. */
  result: unknown;
  call: number;
  /** Infinity: unknown outcome. */
  ret: number;
}

const NO_REAL_TIME = 'register properties need real time: add `realTime: true` to the spec (each request then records which operations had completed)';

/**
 * The operations of a history, ids in call order. Throws a ModelError when the history has no
 * real-time information (the spec lacks `realTime: true`).
 */
export function registerOperations(h: History, voc: RegisterVocabulary = registerVocabulary): RegisterOp[] {
  const n = h.n;
  const events = Array.from({ length: n }, (_, p) => h.events(p));
  // node ids: offset[p] + index of the event at p
  const offset: number[] = [];
  let total = 0;
  for (let p = 0; p < n; p++) {
    offset.push(total);
    total += events[p].length;
  }
  // per process, the node of its k-th indication
  const indicationAt: number[][] = events.map((es, p) => {
    const out: number[] = [];
    // an index loop: forEach over a frozen array (a world's history) is V8's slow path
    for (let i = 0; i < es.length; i++) if (es[i].k === 'indication') out.push(offset[p] + i);
    return out;
  });
  // the edges: local order, and the real-time constraints of each request
  const succ: number[][] = Array.from({ length: total }, () => []);
  const indeg = new Int32Array(total);
  const edge = (a: number, b: number) => {
    succ[a].push(b);
    indeg[b]++;
  };
  const open: { p: Pid; node: number; kind: RegisterOpKind; key: unknown; arg: unknown }[][] = events.map(() => []);
  const found: { p: Pid; node: number; kind: RegisterOpKind; key: unknown; arg: unknown; retNode: number; result: unknown }[] = [];
  const kindOf = (type: string): RegisterOpKind | undefined => (type === voc.read ? 'read' : type === voc.write ? 'write' : type === voc.cas ? 'cas' : undefined);
  for (let p = 0; p < n; p++) {
    const es = events[p];
    for (let i = 0; i < es.length; i++) {
      const e = es[i];
      const node = offset[p] + i;
      if (i > 0) edge(node - 1, node);
      if (e.k === 'request') {
        const kind = kindOf(e.v.type);
        if (kind === undefined) continue;
        const before = e.before;
        if (!before) throw new ModelError(NO_REAL_TIME, 'register-real-time', 2);
        for (let q = 0; q < n; q++) {
          const c = before[q] ?? 0;
          if (c > 0 && c <= indicationAt[q].length) edge(indicationAt[q][c - 1], node);
          if (c < indicationAt[q].length) edge(node, indicationAt[q][c]);
        }
        open[p].push({ p, node, kind, key: e.v[voc.key], arg: e.v[voc.value] });
      } else if (e.k === 'indication') {
        if (e.v.type !== voc.response) continue;
        const op = open[p].shift();
        if (op) found.push({ ...op, retNode: node, result: e.v[voc.value] });
      } else if (e.k === 'crash') {
        for (const op of open[p].splice(0)) found.push({ ...op, retNode: -1, result: undefined });
      }
    }
    for (const op of open[p].splice(0)) found.push({ ...op, retNode: -1, result: undefined });
  }
  // Kahn's algorithm, smallest node first (deterministic)
  const time = new Int32Array(total).fill(-1);
  const ready: number[] = [];
  for (let v = 0; v < total; v++) if (indeg[v] === 0) ready.push(v);
  let t = 0;
  while (ready.length) {
    let k = 0;
    for (let j = 1; j < ready.length; j++) if (ready[j] < ready[k]) k = j;
    const v = ready[k];
    ready[k] = ready[ready.length - 1];
    ready.pop();
    time[v] = t++;
    for (const w of succ[v]) if (--indeg[w] === 0) ready.push(w);
  }
  if (t < total) throw new Error('internal: the real-time constraints of the history have a cycle');
  found.sort((a, b) => time[a.node] - time[b.node]);
  return found.map((o, id) => ({
    id,
    process: o.p,
    kind: o.kind,
    key: o.key,
    arg: o.arg,
    result: o.retNode < 0 ? undefined : o.result,
    call: time[o.node],
    ret: o.retNode < 0 ? Infinity : time[o.retNode],
  }));
}

export type ModelName = 'register' | 'cas-register' | 'kv';

function str(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** The operations as the linearizability checker reads them, for the model named. */
export function checkerOperations(ops: readonly RegisterOp[], model: ModelName): Operation[] {
  return ops.map((o) => {
    let input: unknown;
    let output: unknown;
    if (model === 'kv') {
      const key = str(o.key);
      input = o.kind === 'read' ? { f: 'get', key } : o.kind === 'write' ? { f: 'put', key, value: str(o.arg) } : { f: 'cas', key };
      output = o.kind === 'read' ? str(o.result) : null;
    } else {
      input = o.kind === 'read' ? { f: 'read' } : o.kind === 'write' ? { f: 'write', value: o.arg ?? null } : { f: 'cas', value: o.arg };
      output = o.kind === 'write' ? null : (o.result ?? null);
    }
    return { id: o.id, process: o.process, input, output, call: o.call, ret: o.ret };
  });
}

/** A register operation in a line: `p1 read() -> 1`, `p0 write(1) (no response)`. */
export function describeOp(o: RegisterOp): string {
  const show = (v: unknown) => (v === undefined || v === null ? 'nil' : JSON.stringify(v));
  const key = o.key === undefined ? '' : `${show(o.key)}${o.kind === 'read' ? '' : ', '}`;
  const pending = o.ret === Infinity;
  const body = o.kind === 'read' ? `read(${key})${pending ? '' : ` -> ${show(o.result)}`}` : o.kind === 'write' ? `write(${key}${show(o.arg)})` : `cas(${key}${show(o.arg)})${pending ? '' : ` -> ${show(o.result)}`}`;
  return `p${o.process} ${body}${pending ? ' (no response)' : ''}`;
}

/** True when a returned before b was invoked. */
export function precedes(a: RegisterOp, b: RegisterOp): boolean {
  return a.ret < b.call;
}

/** Neither precedes the other. */
export function concurrent(a: RegisterOp, b: RegisterOp): boolean {
  return !precedes(a, b) && !precedes(b, a);
}

/**
 * Memoises a check on the history's per-process event lists: these are shared, immutable
 * arrays, and most steps (deliveries) leave the history as it was, so most states hit.
 */
export function memoByHistory(check: (h: History) => string | null): (h: History) => string | null {
  const root = new WeakMap<object, unknown>();
  return (h) => {
    let level: WeakMap<object, unknown> = root;
    for (let p = 0; p < h.n - 1; p++) {
      const key = h.events(p) as object;
      let next = level.get(key) as WeakMap<object, unknown> | undefined;
      if (!next) level.set(key, (next = new WeakMap()));
      level = next;
    }
    const last = h.events(h.n - 1) as object;
    const hit = level.get(last) as { r: string | null } | undefined;
    if (hit) return hit.r;
    const r = check(h);
    level.set(last, { r });
    return r;
  };
}
