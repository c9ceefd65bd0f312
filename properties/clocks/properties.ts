/**
 * Logical clocks, judged against the happens-before relation the system computes from the run
 * (`causality: true` in the spec stamps every recorded event with its true vector clock; see
 * src/system/causality.ts). A protocol's clocks are what it reports: an indication
 * `{ type: event, c }` (Lamport) or `{ type: event, vc }` (vector clocks) for each event it
 * timestamps, and, where it compares timestamps, a judgement `{ type: order, a, b, order }` on
 * two of its events named by their `id` (order: before, after or concurrent). Every name is a
 * parameter.
 */
import { defineProperty, happenedBefore, type History, type HistoryEvent } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';
import { eventText } from '../../src/system/world.ts';

/** One timestamped event the protocol reported: where, the recorded event, and what it said. */
interface Stamped {
  p: Pid;
  ev: HistoryEvent;
  v: { readonly type: string; readonly [f: string]: unknown };
}

function reported(h: History, type: string): Stamped[] {
  const out: Stamped[] = [];
  for (let p = 0; p < h.n; p++) for (const ev of h.events(p)) if (ev.k === 'indication' && ev.v.type === type) out.push({ p, ev, v: ev.v });
  return out;
}

const text = (e: Stamped) => `p${e.p}'s ${eventText(e.v)}`;

/** Pointwise order of two timestamps: a < b (below or equal everywhere, not equal). */
function below(a: readonly number[], b: readonly number[]): boolean {
  let less = false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    if (x > y) return false;
    if (x < y) less = true;
  }
  return less;
}

const stampOf = (e: Stamped, field: string): readonly number[] => {
  const v = e.v[field];
  if (!Array.isArray(v)) throw new Error(`${text(e)} carries no vector timestamp in its field '${field}'`);
  return v as number[];
};

export const clockCondition = defineProperty({
  name: 'clock-condition',
  kind: 'safety',
  description: "Lamport's clock condition: if event a happened before event b (computed from the run: needs causality: true), then C(a) < C(b); the events are the protocol's `event` indications, C their `c` field",
  params: { event: 'event', clock: 'c' },
  make: (p) => (h) => {
    const evs = reported(h, p.event);
    for (const a of evs) {
      for (const b of evs) {
        if (a === b || !happenedBefore(a.ev, b.ev)) continue;
        const ca = a.v[p.clock] as number, cb = b.v[p.clock] as number;
        if (!(ca < cb)) return `${text(a)} happened before ${text(b)}, but its clock ${ca} is not below ${cb}`;
      }
    }
    return null;
  },
});

export const vectorClockOrder = defineProperty({
  name: 'vector-clock-order',
  kind: 'safety',
  description: 'vector clocks characterise happens-before: a happened before b exactly when V(a) < V(b) pointwise (so a and b are concurrent exactly when their timestamps are incomparable); happens-before is computed from the run (needs causality: true), V is the `vc` field of the protocol\'s `event` indications',
  params: { event: 'event', clock: 'vc' },
  make: (p) => (h) => {
    const evs = reported(h, p.event);
    for (const a of evs) {
      for (const b of evs) {
        if (a === b) continue;
        const hb = happenedBefore(a.ev, b.ev);
        const lt = below(stampOf(a, p.clock), stampOf(b, p.clock));
        if (hb && !lt) return `${text(a)} happened before ${text(b)}, but its timestamp is not below`;
        if (!hb && lt) return `${text(a)} has a timestamp below ${text(b)}'s, but it did not happen before it${happenedBefore(b.ev, a.ev) ? ' (it happened after)' : ' (they are concurrent)'}`;
      }
    }
    return null;
  },
});

const ORDERS = ['before', 'after', 'concurrent'];

export const concurrencyDetection = defineProperty({
  name: 'concurrency-detection',
  kind: 'safety',
  description: "a process's judgement of two events — `order` indications naming them by id (a, b) with order before, after or concurrent — is what happened: a before b, b before a, or neither, in the happens-before relation computed from the run (needs causality: true)",
  params: { event: 'event', id: 'id', judgement: 'order', first: 'a', second: 'b', order: 'order' },
  make: (p) => (h) => {
    const byId = new Map<string, Stamped>();
    for (const e of reported(h, p.event)) byId.set(JSON.stringify(e.v[p.id]), e);
    for (const j of reported(h, p.judgement)) {
      const a = byId.get(JSON.stringify(j.v[p.first])), b = byId.get(JSON.stringify(j.v[p.second]));
      if (!a || !b) return `${text(j)} names an event that was not reported`;
      const said = j.v[p.order] as string;
      if (!ORDERS.includes(said)) return `${text(j)}: ${p.order} must be one of ${ORDERS.join(', ')}`;
      const truth = happenedBefore(a.ev, b.ev) ? 'before' : happenedBefore(b.ev, a.ev) ? 'after' : 'concurrent';
      if (said !== truth) return `${text(j)} says ${text(a)} is ${said === 'concurrent' ? 'concurrent with' : `${said}`} ${text(b)}, but it ${truth === 'concurrent' ? 'is concurrent with it' : `happened ${truth} it`}`;
    }
    return null;
  },
});
