/**
 * What a trace page shows, computed on the Node side and embedded as JSON: the lanes, one row
 * per step with what the step did, the arrows from each send to its delivery (or drop, or
 * nothing: still in flight), the variables each step changed, the history as events appended,
 * and every property's verdict at every step, judged on the replayed states.
 */
import type { Model, ProcessInfo } from '../core/model.ts';
import { toData } from '../trace/format.ts';
import { describe, messageName } from '../trace/msc.ts';
import { variablesOf, type TraceFile, type TraceStep } from '../trace/trace.ts';
import { delta, type Delta } from './delta.ts';

export interface RowData {
  action: string;
  kind?: string;
  process?: number;
  /** What the step received, in words, and from whom. */
  received?: { from: number; text: string; name: string };
  request?: string;
  indications?: string[];
  /** Top-level variables whose value changed, with their new values (all of them at step 0; for steps not replayed, as recorded). */
  changes: Record<string, unknown>;
  /** For replayed steps after the first: how the variables that changed differ from the step before (delta.ts). */
  deltas?: Record<string, Delta>;
  /** History events this step added, per process; `reset` replaces the process's list. */
  history?: { p: number; add?: string[]; reset?: string[] }[];
  /** Per property (in `properties` order): an index into `texts` when it does not hold here, -1 when it does. */
  verdicts?: number[];
}

export interface ArrowData {
  from: number;
  to: number;
  /** The step that sent it. */
  send: number;
  /** The step that delivered or dropped it; absent while it is in flight at the end. */
  end?: number;
  fate: 'delivered' | 'dropped' | 'in-flight';
  /** A copy made by the network's duplication (or a second delivery of one send). */
  duplicate?: boolean;
  /** Sent by a Byzantine process as the adversary chose (a `forge` step): it has no send of its own. */
  byzantine?: boolean;
  name: string;
  text: string;
}

export interface PropertyData {
  name: string;
  kind: 'safety' | 'liveness';
  /** The property this trace violates. */
  violated: boolean;
  /** Liveness: eventually-always ("for good") rather than always-eventually. */
  forGood?: boolean;
}

export interface TracePageData {
  title: string;
  spec: string;
  model: string;
  property: string;
  kind: string;
  message: string;
  loopStart?: number;
  failingAction?: string;
  processes: ProcessInfo[];
  rows: RowData[];
  arrows: ArrowData[];
  properties: PropertyData[];
  /** Verdict texts, shared by the rows. */
  texts: string[];
  /** The first step at which the violated safety property fails. */
  firstFailure?: number;
  /** Said above the chart: a replay that did not reproduce, steps without verdicts. */
  notes: string[];
}

export interface TraceInput<S> {
  trace: TraceFile;
  /** The model, to judge every property at every state; without it the page has no verdicts. */
  model?: Model<S, any>;
  /** The states after each step (states[0] is the initial one), from replayOnModel. */
  states?: S[];
  notes?: string[];
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** One history event as a line: `request broadcast(m: a)`, `deliver(src: 0, m: a)`, `crash`. */
function eventText(e: unknown): string {
  if (!isObj(e)) return describe(e, 80);
  if (e.k === 'request') return `request ${describe(e.v, 80)}`;
  if (e.k === 'indication') return describe(e.v, 80);
  return String(e.k ?? describe(e, 80));
}

/**
 * The history kept in a system model's world (`history`: per process, its events), which the
 * trace's variables leave out; the states of other models have none.
 */
function historyOf(state: unknown): string[][] | undefined {
  const h = isObj(state) ? state.history : undefined;
  if (!Array.isArray(h) || !h.every(Array.isArray)) return undefined;
  return h.map((events: unknown[]) => events.map(eventText));
}

function historyDelta(prev: string[][] | undefined, now: string[][]): RowData['history'] {
  const out: NonNullable<RowData['history']> = [];
  now.forEach((events, p) => {
    const before = prev?.[p] ?? [];
    if (prev && events.length === before.length && events.every((e, i) => e === before[i])) return;
    const extends_ = events.length >= before.length && before.every((e, i) => e === events[i]);
    if (extends_ && events.length > before.length) out.push({ p, add: events.slice(before.length) });
    else if (!extends_ || !prev) out.push({ p, reset: events });
  });
  return out.length ? out : undefined;
}

/** Each variable that changed since `prev`, as a delta from its value there (a variable that is new, as its value). */
function deltasOf(prev: Record<string, unknown>, vars: Record<string, unknown>): { changes: Record<string, unknown>; deltas: Record<string, Delta> } {
  const changes: Record<string, unknown> = {};
  const deltas: Record<string, Delta> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in prev)) changes[k] = v;
    else {
      const d = delta(prev[k], v);
      if (d) deltas[k] = d;
    }
  }
  return { changes, deltas };
}

/**
 * Pairs each send with the step that delivers or drops it: the earliest copy in flight with the
 * same sender, receiver and content, or else with the same kind of message (a system model
 * renumbers ballots and the like by rank, so a message may read differently when it arrives).
 */
export function matchArrows(steps: readonly TraceStep[]): ArrowData[] {
  const arrows: ArrowData[] = [];
  const pending: { key: string; a: ArrowData }[] = [];
  const lastOf = new Map<string, ArrowData>();
  const keyOf = (from: number, to: number, m: unknown) => `${from}>${to}:${JSON.stringify(toData(m))}`;
  const arrow = (from: number, to: number, send: number, m: unknown, duplicate: boolean): ArrowData => {
    const a: ArrowData = { from, to, send, fate: 'in-flight', name: messageName(m), text: describe(m, 100), ...(duplicate ? { duplicate } : {}) };
    arrows.push(a);
    return a;
  };
  const find = (key: string, from: number, to: number, name: string): number => {
    const exact = pending.findIndex((x) => x.key === key);
    return exact >= 0 ? exact : pending.findIndex((x) => x.a.from === from && x.a.to === to && x.a.name === name);
  };
  for (const s of steps) {
    if (s.step === 0) continue;
    const r = s.received;
    if (r && s.process !== undefined && (s.kind === 'deliver' || s.kind === 'drop' || s.kind === 'duplicate')) {
      const key = keyOf(r.from, s.process, r.message);
      const at = find(key, r.from, s.process, messageName(r.message));
      const orig = at >= 0 ? pending[at].a : lastOf.get(key);
      if (s.kind === 'duplicate') {
        // the network delivers a copy and keeps the message in flight
        const a = arrow(r.from, s.process, orig?.send ?? 0, r.message, true);
        a.end = s.step;
        a.fate = 'delivered';
      } else {
        // a second delivery of one send is a copy; a message in flight since before the trace starts at the top
        const a = at >= 0 ? pending.splice(at, 1)[0].a : arrow(r.from, s.process, orig?.send ?? 0, r.message, orig !== undefined);
        a.end = s.step;
        a.fate = s.kind === 'drop' ? 'dropped' : 'delivered';
        lastOf.set(key, a);
      }
    }
    if (r && s.process !== undefined && s.kind === 'forge') {
      const a = arrow(r.from, s.process, s.step, r.message, false);
      a.end = s.step;
      a.fate = 'delivered';
      a.byzantine = true;
    }
    if (s.process !== undefined) for (const m of s.sent ?? []) pending.push({ key: keyOf(s.process, m.to, m.message), a: arrow(s.process, m.to, s.step, m.message, false) });
  }
  return arrows;
}

function rowOf(s: TraceStep): RowData {
  const row: RowData = { action: s.step === 0 ? 'Init' : s.action, changes: {} };
  if (s.kind !== undefined) row.kind = s.kind;
  if (s.process !== undefined) row.process = s.process;
  if (s.received) row.received = { from: s.received.from, text: describe(s.received.message, 100), name: messageName(s.received.message) };
  if (s.request !== undefined) row.request = describe(s.request, 100);
  if (s.indications?.length) row.indications = s.indications.map((x) => describe(x, 80));
  return row;
}

/** The page's data for a trace, with verdicts when the model and its replayed states are given. */
export function traceData<S>(input: TraceInput<S>): TracePageData {
  const { trace, model, states } = input;
  const notes = [...(input.notes ?? [])];
  const rows = trace.steps.map(rowOf);
  // the variables: recomputed from the states where there are states, else as recorded
  let prevVars: Record<string, unknown> | undefined;
  let prevHistory: string[][] | undefined;
  trace.steps.forEach((s, i) => {
    const state = states?.[i];
    if (state === undefined) {
      rows[i].changes = toData(s.changes) as Record<string, unknown>;
      return;
    }
    const vars = toData(variablesOf(model!, state)) as Record<string, unknown>;
    if (prevVars) {
      const { changes, deltas } = deltasOf(prevVars, vars);
      rows[i].changes = changes;
      if (Object.keys(deltas).length) rows[i].deltas = deltas;
    } else rows[i].changes = vars;
    prevVars = vars;
    const h = historyOf(state);
    if (h) {
      const d = historyDelta(prevHistory, h);
      if (d) rows[i].history = d;
      prevHistory = h;
    }
  });
  const properties: PropertyData[] = [];
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const indexOf = (t: string) => {
    let k = textIndex.get(t);
    if (k === undefined) textIndex.set(t, (k = texts.push(t) - 1));
    return k;
  };
  let firstFailure: number | undefined;
  if (model && states?.length) {
    for (const inv of model.invariants) properties.push({ name: inv.name, kind: 'safety', violated: trace.kind === 'safety' && inv.name === trace.property });
    for (const l of model.liveness ?? []) properties.push({ name: l.name, kind: 'liveness', violated: trace.kind === 'liveness' && l.name === trace.property, ...(l.eventuallyAlways ? { forGood: true } : {}) });
    const judge = (f: () => string | null): number => {
      try {
        const r = f();
        return r === null ? -1 : indexOf(r);
      } catch (err) {
        return indexOf(`throws: ${(err as Error)?.message ?? String(err)}`);
      }
    };
    states.forEach((st, i) => {
      rows[i].verdicts = [...model.invariants.map((inv) => judge(() => inv.check(st))), ...(model.liveness ?? []).map((l) => judge(() => l.settled(st)))];
    });
    const v = properties.findIndex((p) => p.violated && p.kind === 'safety');
    if (v >= 0) {
      const at = rows.findIndex((r) => r.verdicts !== undefined && r.verdicts[v] >= 0);
      if (at >= 0) firstFailure = at;
    }
    if (states.length < rows.length) notes.push(`steps ${states.length} to ${rows.length - 1} were not replayed: they show the recorded variables and no verdicts`);
  } else notes.push('no model to judge the properties on: the page shows the recorded steps and variables only');
  return {
    title: `${trace.property} — ${trace.spec}`,
    spec: trace.spec,
    model: trace.model,
    property: trace.property,
    kind: trace.kind,
    message: trace.message,
    ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}),
    ...(trace.failingAction !== undefined ? { failingAction: trace.failingAction } : {}),
    processes: trace.processes ?? [],
    rows,
    arrows: matchArrows(trace.steps),
    properties,
    texts,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    notes,
  };
}
