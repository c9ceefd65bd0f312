/**
 * Reads (and successful cas) that no linearization can place, told from real time alone.
 *
 * A read of v needs the state to be v when it takes effect. A writer of v (a write of v, a
 * cas to v, completed or of unknown outcome, or the initial nil) can supply it only if it
 * is called before the read returns and is not certainly overwritten before the read is
 * called: that is, unless some completed write or cas of another value z was called after
 * the writer returned and returned before the read was called (then the writer comes before
 * z, and z before the read, in every linearization). When no writer of v is left, the read
 * is impossible: the history is not linearizable, and its longest linearizable prefix ends
 * before that read returns. The check is sound (it only ever names operations that are
 * impossible) and far from complete: anything it misses is left to the search.
 *
 * It is sound for prefixes too (the history cut just after the read returns, where what is
 * still in flight has an unknown outcome), which the searches rely on to report where the
 * longest linearizable prefix ends: so a cas that failed, but was still in flight when the
 * read returned, counts as a writer of its new value.
 */
import type { Operation } from '../history.ts';
import { keyOf } from '../search/compile.ts';
import { orderBy } from '../search/order.ts';

interface Setter {
  value: string;
  call: number;
  ret: number;
  /** A cas that failed: a writer only for reads that return before it does. */
  failed?: boolean;
}

/** What an operation needs the state to be before it (read, successful cas), as a key. */
function needs(o: Operation): string | undefined {
  const { f, value } = o.input as { f: string; value?: unknown };
  if (o.ret === Infinity) return undefined;
  if (f === 'read') return keyOf(o.output ?? null);
  if (f === 'cas' && o.output === true && Array.isArray(value)) return keyOf(value[0] ?? null);
  return undefined;
}

/** The value an operation may leave in the register, if it writes one. */
function sets(o: Operation): string | undefined {
  const { f, value } = o.input as { f: string; value?: unknown };
  if (f === 'write') return keyOf(value ?? null);
  // a cas that failed writes nothing; one of unknown outcome may write
  if (f === 'cas' && Array.isArray(value) && o.output !== false) return keyOf(value[1] ?? null);
  return undefined;
}

/** Positions in `ops` of the operations no linearization can place. */
export function impossibleReads(ops: readonly Operation[]): number[] {
  const NIL = keyOf(null);
  const setters: Setter[] = [];
  const writers = new Map<string, Setter[]>();
  ops.forEach((o) => {
    const { f, value } = o.input as { f: string; value?: unknown };
    if (f === 'cas' && o.output === false && Array.isArray(value)) {
      const s = { value: keyOf(value[1] ?? null), call: o.call, ret: o.ret, failed: true };
      let list = writers.get(s.value);
      if (!list) writers.set(s.value, (list = []));
      list.push(s);
      return;
    }
    const v = sets(o);
    if (v === undefined) return;
    const s = { value: v, call: o.call, ret: o.ret };
    if (o.ret !== Infinity) setters.push(s);
    let list = writers.get(v);
    if (!list) writers.set(v, (list = []));
    list.push(s);
  });
  const queries = ops.map((o, i) => ({ i, o, need: needs(o) })).filter((q) => q.need !== undefined);
  if (queries.length === 0) return [];

  // M(q): the latest call among completed setters of another value that returned before q's call
  const latest = new Map<number, number>();
  const sortedBy = <T>(list: T[], key: (x: T) => number): T[] => Array.from(orderBy(list.map(key)), (i) => list[i]);
  const byRet = sortedBy(setters, (x) => x.ret);
  const byCall = sortedBy(queries, (q) => q.o.call);
  let top: Setter | undefined; // the latest-called setter so far
  let second: Setter | undefined; // the latest-called setter of another value than top's
  let k = 0;
  for (const q of byCall) {
    for (; k < byRet.length && byRet[k].ret < q.o.call; k++) {
      const s = byRet[k];
      if (!top || s.call > top.call) {
        if (top && top.value !== s.value) second = top;
        top = s;
      } else if (s.value !== top.value && (!second || s.call > second.call)) second = s;
    }
    const m = top && top.value !== q.need ? top.call : second ? second.call : -Infinity;
    latest.set(q.i, m);
  }

  // a writer of the needed value, called by the time q returns, returning at or after M(q):
  // sweep the queries by return, keeping per value the latest return of a writer called so far
  const allWriters = sortedBy([...writers.values()].flat(), (x) => x.call);
  const latestRet = new Map<string, number>();
  const latestFailed = new Map<string, number>();
  const out: number[] = [];
  let w = 0;
  for (const q of sortedBy(queries, (x) => x.o.ret)) {
    for (; w < allWriters.length && allWriters[w].call <= q.o.ret; w++) {
      const x = allWriters[w];
      const into = x.failed ? latestFailed : latestRet;
      into.set(x.value, Math.max(into.get(x.value) ?? -Infinity, x.ret));
    }
    const m = latest.get(q.i)!;
    if (q.need === NIL && m === -Infinity) continue; // the initial nil is still there
    if ((latestFailed.get(q.need!) ?? -Infinity) > q.o.ret) continue; // a cas in flight may still write it
    if (!latestRet.has(q.need!) || latestRet.get(q.need!)! < m) out.push(q.i);
  }
  return out.sort((a, b) => a - b);
}
