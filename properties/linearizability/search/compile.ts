/**
 * One partition's operations compiled for the searches: operation classes, the calls and
 * returns in time order, a slot per known operation (no two operations in flight at once
 * share one, so a configuration names its pending operations by slot), and the twin of each
 * operation that the searches use to try only one of several interchangeable operations.
 */
import { UNKNOWN, type Model } from '../model.ts';
import type { Operation } from '../history.ts';
import type { MemoryBudget } from './budget.ts';
import { Transitions } from './transitions.ts';
import { orderBy } from './order.ts';

export interface Problem<S = unknown> {
  readonly model: Model<S>;
  /** The partition's operations; the searches refer to them by position. */
  readonly ops: readonly Operation[];
  readonly n: number;
  /** Class of each operation (equal input and output: interchangeable for the model). */
  readonly cls: Int32Array;
  /** 1 when the outcome is known (the operation must take effect before it returns). */
  readonly known: Uint8Array;
  /** 1 when known and, whenever legal, leaving the state unchanged (a read, a failed cas). */
  readonly pure: Uint8Array;
  /** Events in time order (calls before returns at equal times): the operation, and 1 for a return. */
  readonly evOp: Int32Array;
  readonly evRet: Uint8Array;
  readonly callEv: Int32Array;
  /** Return event of each operation; -1 for an unknown outcome (it never returns). */
  readonly retEv: Int32Array;
  /** Slot of each known operation; -1 for an unknown outcome. */
  readonly slot: Int32Array;
  /** Number of slots: the most known operations in flight at once. */
  readonly width: number;
  /** Unknown-outcome classes: the index of an unknown operation's class among them, else -1. */
  readonly ucls: Int32Array;
  readonly uclasses: number;
  /** weaker[u * uclasses + w] = 1 when unknown class u subsumes w (Model.subsumes), u != w. */
  readonly weaker: Uint8Array;
  /**
   * Twin of each operation, or -1. Known: the operation of the same class that returns
   * last before it (taking the earlier-returning of two pending twins first loses nothing).
   * Unknown: the same-class operation called last before it (they are taken in call order).
   */
  readonly twin: Int32Array;
  /** Known operations in call order, and each known operation's position in it. */
  readonly byCall: Int32Array;
  readonly callRank: Int32Array;
  /** Known operations called before each event. */
  readonly knownCalledBefore: Int32Array;
  readonly knownCount: number;
  readonly trans: Transitions<S>;
  readonly initial: number;
  /**
   * The return event of the first operation the model's static check found impossible
   * (Model.impossible), or the number of events when none: no configuration gets past it.
   */
  readonly doomedEv: number;
}

/** Below this many operations the model's static check (Model.impossible) is skipped. */
const SMALL = 512;

/** A fast canonical text for JSON-like values (object keys sorted). */
export function keyOf(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'symbol':
      return v === UNKNOWN ? '?' : String(v);
    default:
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + keyOf(v[i]);
        return out + ']';
      }
      {
        const o = v as Record<string, unknown>;
        // the common shapes of register and kv inputs, keys in sorted order without sorting
        if ('f' in o && typeof o.f === 'string' && !/["\\\u0000-\u001f]/.test(o.f)) {
          const n = Object.keys(o).length;
          if (n === 2 && 'value' in o) return `{"f":"${o.f}","value":${keyOf(o.value)}}`;
          if (n === 3 && 'value' in o && 'key' in o) return `{"f":"${o.f}","key":${keyOf(o.key)},"value":${keyOf(o.value)}}`;
        }
        const keys = Object.keys(v as object);
        for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) keys.sort();
        let out = '{';
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          out += (i ? ',' : '') + (/["\\\u0000-\u001f]/.test(k) ? JSON.stringify(k) : '"' + k + '"') + ':' + keyOf((v as Record<string, unknown>)[k]);
        }
        return out + '}';
      }
  }
}

/** Operation classes: equal input and output (or, for an unknown outcome, equal input). */
export function classify(model: Model<any>, ops: readonly Operation[]) {
  const n = ops.length;
  // a loop, not Uint8Array.from(ops, f): the iterator protocol costs more than the rest on small histories
  const known = new Uint8Array(n);
  for (let i = 0; i < n; i++) known[i] = ops[i].ret === Infinity ? 0 : 1;
  // by the input's text, then the output itself when it is a primitive that keyOf tells
  // apart exactly as Map's SameValueZero does (null for undefined), else the output's text:
  // the classes (and their numbering) of one map keyed by input and output text, cheaper
  const classOf = new Map<string, { prim: Map<unknown, number>; text?: Map<string, number> }>();
  // inputs { f, value } with a primitive value (keyOf's first shape) by f and the value itself:
  // their texts differ exactly when f or the value (SameValueZero, null for undefined) does,
  // and no other input has such a text (another value's text starts with [, {, ? or Symbol)
  const byF = new Map<string, Map<unknown, { prim: Map<unknown, number>; text?: Map<string, number> }>>();
  const byShape = (input: unknown) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
    const x = input as Record<string, unknown>;
    if (!('f' in x) || typeof x.f !== 'string' || !('value' in x) || Object.keys(x).length !== 2 || /["\\\u0000-\u001f]/.test(x.f)) return undefined;
    const v = x.value;
    const t = typeof v;
    if (!(v === null || v === undefined || t === 'number' || t === 'string' || t === 'boolean')) return undefined;
    let byValue = byF.get(x.f);
    if (byValue === undefined) byF.set(x.f, (byValue = new Map()));
    let r = byValue.get(v ?? null);
    if (r === undefined) byValue.set(v ?? null, (r = { prim: new Map() }));
    return r;
  };
  const inputs: unknown[] = [];
  const outputs: unknown[] = [];
  const cls = new Int32Array(n);
  const pure = new Uint8Array(n);
  const classPure: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const o = ops[i];
    const out = known[i] ? o.output : UNKNOWN;
    let byOut = byShape(o.input);
    if (byOut === undefined) {
      const ik = keyOf(o.input);
      byOut = classOf.get(ik);
      if (byOut === undefined) classOf.set(ik, (byOut = { prim: new Map() }));
    }
    let map: Map<unknown, number>;
    let ok: unknown;
    const t = typeof out;
    if (!known[i]) (map = byOut.prim), (ok = UNKNOWN); // no known output is the symbol UNKNOWN in this map: symbols go by text
    else if (out === null || out === undefined) (map = byOut.prim), (ok = null);
    else if (t === 'number' || t === 'string' || t === 'boolean') (map = byOut.prim), (ok = out);
    else (map = byOut.text ??= new Map()), (ok = keyOf(out));
    let c = map.get(ok);
    if (c === undefined) {
      c = inputs.length;
      map.set(ok, c);
      inputs.push(o.input);
      outputs.push(out);
      classPure.push(known[i] === 1 && (model.pure ? model.pure(o.input, out) : model.readOnly?.(o.input) === true));
    }
    cls[i] = c;
    pure[i] = classPure[c] ? 1 : 0;
  }
  return { known, cls, pure, inputs, outputs };
}

export function compile<S>(model: Model<S>, ops: readonly Operation[], budget: MemoryBudget): Problem<S> {
  const n = ops.length;
  const { known, cls, pure, inputs, outputs } = classify(model, ops);

  // events: by time, calls before returns at equal times, then by operation
  let m = n;
  for (let i = 0; i < n; i++) m += known[i];
  const evOpTmp = new Int32Array(m);
  const evRetTmp = new Uint8Array(m);
  const sortKey = new Float64Array(m); // time * 2 + (1 for a return): ties go by position, which is by operation
  let e = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const { call, ret } = ops[i];
    if (!Number.isInteger(call) || (known[i] && !Number.isInteger(ret))) integral = false;
    evOpTmp[e] = i;
    sortKey[e++] = call * 2;
    if (known[i]) {
      evOpTmp[e] = i;
      evRetTmp[e] = 1;
      sortKey[e++] = ret * 2 + 1;
    }
  }
  let order: ArrayLike<number>;
  if (integral) order = orderBy(sortKey);
  else {
    const time = (x: number) => (evRetTmp[x] ? ops[evOpTmp[x]].ret : ops[evOpTmp[x]].call);
    order = Array.from({ length: m }, (_, x) => x).sort((a, b) => time(a) - time(b) || evRetTmp[a] - evRetTmp[b] || evOpTmp[a] - evOpTmp[b]);
  }
  const evOp = new Int32Array(m);
  const evRet = new Uint8Array(m);
  const callEv = new Int32Array(n);
  const retEv = new Int32Array(n).fill(-1);
  for (let x = 0; x < m; x++) {
    const src = order[x];
    evOp[x] = evOpTmp[src];
    evRet[x] = evRetTmp[src];
    if (evRet[x]) retEv[evOp[x]] = x;
    else callEv[evOp[x]] = x;
  }

  // slots: the lowest free one at each call
  const slot = new Int32Array(n).fill(-1);
  const free: number[] = [];
  let width = 0;
  const byCall = new Int32Array(m - n);
  const callRank = new Int32Array(n).fill(-1);
  const knownCalledBefore = new Int32Array(m + 1);
  let knownCount = 0;
  for (let i = 0; i < m; i++) {
    knownCalledBefore[i] = knownCount;
    const op = evOp[i];
    if (!known[op]) continue;
    if (evRet[i]) free.push(slot[op]);
    else {
      // the lowest free slot
      let best = -1;
      for (let j = 0; j < free.length; j++) if (best < 0 || free[j] < free[best]) best = j;
      if (best < 0) slot[op] = width++;
      else {
        slot[op] = free[best];
        free[best] = free[free.length - 1];
        free.pop();
      }
      callRank[op] = knownCount;
      byCall[knownCount++] = op;
    }
  }
  knownCalledBefore[m] = knownCount;

  // unknown classes and twins
  const ucls = new Int32Array(n).fill(-1);
  const uIndex = new Map<number, number>();
  const twin = new Int32Array(n).fill(-1);
  const lastByClass = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const op = evOp[i];
    if (known[op] || evRet[i]) continue;
    let u = uIndex.get(cls[op]);
    if (u === undefined) uIndex.set(cls[op], (u = uIndex.size));
    ucls[op] = u;
    const prev = lastByClass.get(cls[op]);
    if (prev !== undefined) twin[op] = prev;
    lastByClass.set(cls[op], op);
  }
  lastByClass.clear();
  for (let i = 0; i < m; i++) {
    const op = evOp[i];
    if (!evRet[i]) continue;
    const prev = lastByClass.get(cls[op]);
    if (prev !== undefined) twin[op] = prev;
    lastByClass.set(cls[op], op);
  }

  const U = uIndex.size;
  const weaker = new Uint8Array(model.subsumes && U <= 256 ? U * U : 0);
  if (weaker.length) {
    const rep: unknown[] = [];
    for (let i = 0; i < n; i++) if (ucls[i] >= 0) rep[ucls[i]] = ops[i].input;
    for (let u = 0; u < U; u++) for (let w = 0; w < U; w++) if (u !== w && model.subsumes!(rep[u], rep[w])) weaker[u * U + w] = 1;
  }

  let doomedEv = m;
  // (small partitions are searched faster than checked)
  for (const i of (n >= SMALL ? model.impossible?.(ops) : undefined) ?? []) if (known[i] && retEv[i] < doomedEv) doomedEv = retEv[i];

  const trans = new Transitions<S>(model, inputs, outputs, budget);
  const initial = trans.intern(model.init());
  return {
    model, ops, n, cls, known, pure, evOp, evRet, callEv, retEv, slot, width, ucls, uclasses: uIndex.size, weaker, twin,
    byCall, callRank, knownCalledBefore, knownCount, trans, initial, doomedEv,
  };
}
