/**
 * Replicated data types (CRDTs), judged by what each replica reports: a `{ type: value, v }`
 * indication whenever its state changes (a status indication: the history keeps the latest),
 * and the updates it takes as requests. Which updates a report reflects is not the replica's
 * say: with `causality: true` the system stamps every event with its true vector clock, and
 * the updates in a report's causal past are the ones it has delivered (an update reaches a
 * replica only through a chain of messages from the one that took it). Every name is a
 * parameter.
 */
import { defineProperty, happenedBefore, type History, type HistoryEvent } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';
import { eventText } from '../../src/system/world.ts';

type Event = { readonly type: string; readonly [f: string]: unknown };

interface Report {
  p: Pid;
  ev: HistoryEvent;
  v: unknown;
}

interface Update {
  p: Pid;
  ev: HistoryEvent;
  req: Event;
}

function reports(h: History, type: string, field: string): Report[] {
  const out: Report[] = [];
  for (let p = 0; p < h.n; p++) for (const ev of h.events(p)) if (ev.k === 'indication' && ev.v.type === type) out.push({ p, ev, v: ev.v[field] });
  return out;
}

/** The requests that are updates: those of the listed types (all requests when none are listed). */
function updates(h: History, types: readonly string[]): Update[] {
  const out: Update[] = [];
  for (let p = 0; p < h.n; p++) for (const ev of h.events(p)) if (ev.k === 'request' && (!types.length || types.includes(ev.v.type))) out.push({ p, ev, req: ev.v });
  return out;
}

const typesOf = (s: string): string[] => s.split(',').map((t) => t.trim()).filter(Boolean);

/** The updates a report reflects: those that happened before it. */
const delivered = (r: Report, us: readonly Update[]): Update[] => us.filter((u) => happenedBefore(u.ev, r.ev));

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
const updateText = (us: readonly Update[]) => (us.length ? us.map((u) => `${eventText(u.req)} at p${u.p}`).join(', ') : 'none');

export const strongEventualConsistency = defineProperty({
  name: 'strong-eventual-consistency',
  kind: 'safety',
  description: 'strong eventual consistency: two replicas that have delivered the same updates report the same value — any two `value` reports with the same updates in their causal past are equal (needs causality: true; `updates`: the request types that are updates, comma-separated, all requests when empty)',
  params: { value: 'value', field: 'v', updates: '' },
  make: (p) => (h) => {
    const us = updates(h, typesOf(p.updates));
    const seen = new Map<string, Report>();
    for (const r of reports(h, p.value, p.field)) {
      const past = delivered(r, us);
      const key = past.map((u) => us.indexOf(u)).join(',');
      const other = seen.get(key);
      if (!other) seen.set(key, r);
      else if (JSON.stringify(other.v) !== JSON.stringify(r.v)) return `p${other.p} reports ${show(other.v)} and p${r.p} reports ${show(r.v)}, having delivered the same updates (${updateText(past)})`;
    }
    return null;
  },
});

export const convergence = defineProperty({
  name: 'convergence',
  kind: 'liveness',
  description: 'convergence: under fair delivery the correct replicas eventually report the same value (their latest `value` reports are equal; a replica that reported nothing has not caught up)',
  params: { value: 'value', field: 'v' },
  make: (p) => (h) => {
    const latest = new Map<Pid, unknown>();
    for (const r of reports(h, p.value, p.field)) latest.set(r.p, r.v);
    if (!latest.size) return null;
    const correct = h.correct();
    for (const q of correct) {
      const a = latest.get(correct[0]), b = latest.get(q);
      if (JSON.stringify(a) !== JSON.stringify(b)) return `p${correct[0]} reports ${show(a)} but p${q} ${show(b)}`;
    }
    return null;
  },
});

export const counterValue = defineProperty({
  name: 'counter-value',
  kind: 'safety',
  description: "a counter's value is the sum of the updates it has delivered: every `value` report equals the increments minus the decrements in its causal past (requests `inc` / `dec`, by the amount in `by`, 1 when absent; needs causality: true)",
  params: { value: 'value', field: 'v', increment: 'inc', decrement: 'dec', amount: 'by' },
  make: (p) => (h) => {
    const us = updates(h, [p.increment, p.decrement]);
    for (const r of reports(h, p.value, p.field)) {
      const past = delivered(r, us);
      const sum = past.reduce((s, u) => s + (u.req.type === p.increment ? 1 : -1) * ((u.req[p.amount] as number | undefined) ?? 1), 0);
      if (r.v !== sum) return `p${r.p} reports ${show(r.v)} but the updates it has delivered (${updateText(past)}) sum to ${sum}`;
    }
    return null;
  },
});
