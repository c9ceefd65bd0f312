/**
 * Driving an implementation through a trace (model-based testing): each step of the trace is
 * taken by the implementation through its adapter, in order, and what the implementation
 * indicates in the step must be what the model indicated: the same indications, at the step's
 * process, in the same order (the order properties read). When the adapter reports sends, the
 * messages sent in the step must be the model's too, in any order (the network does not keep
 * one), and a delivery needs its message to have been sent and not yet delivered or dropped.
 *
 * Steps with no counterpart in an implementation are passed over and listed: clock ticks,
 * the global stabilisation time, partitions and their healing (the driver simply delivers
 * nothing it should not), a detector stabilising. A protocol's own random choices are not
 * driven: an implementation that draws differently will differ, and the report says where.
 */
import type { TraceFile, TraceStep } from '../trace/trace.ts';
import type { DriveAdapter, DriveSink, StepEffects } from './adapter.ts';

export interface Effects {
  indications: { p: number; v: unknown }[];
  sent: { from: number; to: number; message: unknown }[];
}

export interface DriveResult {
  trace: string;
  property: string;
  /** match: every step agreed; mismatch: a step's effects differ; stuck: the implementation could not take a step. */
  verdict: 'match' | 'mismatch' | 'stuck';
  /** Steps the implementation took (after the initial state). */
  steps: number;
  total: number;
  /** The step where it stopped, with the trace's and the implementation's effects. */
  at?: { step: number; action: string; reason: string; expected?: Effects; actual?: Effects };
  skipped: { step: number; action: string }[];
}

/** A trace that cannot be driven as written (bad input, exit 2). */
export class DriveInputError extends Error {
  override name = 'DriveInputError';
}

const SKIPPED = new Set(['tick', 'gst', 'partition', 'heal', 'stabilize']);

/** JSON with sorted keys, so that equal values compare equal whatever their key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

const msgText = (from: number, to: number, m: unknown) => `${canonical(m)} p${from}→p${to}`;

function processesOf(trace: TraceFile): { id: number; name: string; role: string }[] {
  if (trace.processes?.length) return trace.processes.map((p) => ({ id: p.id, name: p.name, role: p.role ?? 'process' }));
  const ids = Object.keys(trace.steps[0]?.changes ?? {}).flatMap((k) => (/^p\d+$/.test(k) ? [Number(k.slice(1))] : []));
  for (const s of trace.steps) if (s.process !== undefined) ids.push(s.process);
  const n = ids.length ? Math.max(...ids) + 1 : 0;
  return Array.from({ length: n }, (_, id) => ({ id, name: `p${id}`, role: 'process' }));
}

/** The process a detector step is about, from its label (`suspect p0 p1`, `detect p0 crash(p1)`). */
function subjectOf(step: TraceStep): number {
  const m = /p(\d+)\)?(?: ⟨.*⟩)?$/.exec(step.action);
  if (!m) throw new DriveInputError(`step ${step.step} (${step.action}): cannot tell which process the detector reports`);
  return Number(m[1]);
}

export async function driveTrace(trace: TraceFile, file: string, adapter: DriveAdapter): Promise<DriveResult> {
  const processes = processesOf(trace);
  const n = processes.length;
  const result: DriveResult = { trace: file, property: trace.property, verdict: 'match', steps: 0, total: trace.steps.length - 1, skipped: [] };
  let current: Effects = { indications: [], sent: [] };
  const sink: DriveSink = {
    indicate: (p, v) => void current.indications.push({ p, v }),
    send: (from, to, message) => void current.sent.push({ from, to, message }),
  };
  const inFlight: string[] = [];
  const take = (key: string): boolean => {
    const i = inFlight.indexOf(key);
    if (i < 0) return false;
    inFlight.splice(i, 1);
    return true;
  };
  const stop = (verdict: 'mismatch' | 'stuck', step: TraceStep, reason: string, extra: Partial<NonNullable<DriveResult['at']>> = {}): DriveResult => {
    result.verdict = verdict;
    result.at = { step: step.step, action: step.action, reason, ...extra };
    return result;
  };
  for (const s of trace.steps.slice(1)) {
    if (s.kind === undefined) throw new DriveInputError(`step ${s.step} (${s.action}) has no kind: the trace was recorded from a model without step information (a hand-written core Model), which drive cannot take to an implementation`);
    if ((s.process ?? 0) >= n) throw new DriveInputError(`step ${s.step} names p${s.process}, but the trace has ${n} processes`);
  }
  try {
    await adapter.start({ n, processes, params: trace.params, trace: file }, sink);
    for (const s of trace.steps.slice(1)) {
      const p = s.process!;
      const kind = s.kind!;
      if (SKIPPED.has(kind)) {
        result.skipped.push({ step: s.step, action: s.action });
        continue;
      }
      const received = s.received;
      const key = received ? msgText(received.from, p, received.message) : '';
      if (adapter.reportsSends && (kind === 'deliver' || kind === 'drop' || kind === 'duplicate') && !inFlight.includes(key))
        return stop('stuck', s, `the implementation never sent ${key} (or it was delivered or dropped already), which this step ${kind === 'deliver' ? 'delivers' : kind === 'drop' ? 'drops' : 'duplicates'}`);
      if (kind === 'drop' || kind === 'duplicate') {
        if (adapter.reportsSends) kind === 'drop' ? take(key) : inFlight.push(key);
        result.steps++;
        continue;
      }
      const call = callFor(adapter, s, p, kind);
      if (typeof call === 'string') return stop('stuck', s, call);
      current = { indications: [], sent: [] };
      let returned: StepEffects | void;
      try {
        returned = await call();
      } catch (e) {
        return stop('stuck', s, `the implementation could not take the step: ${(e as Error).message ?? String(e)}`);
      }
      const actual = current;
      for (const v of returned?.indications ?? []) actual.indications.push({ p, v });
      for (const m of returned?.sent ?? []) actual.sent.push({ from: p, to: m.to, message: m.message });
      if (kind === 'deliver' && adapter.reportsSends) take(key);
      const expected: Effects = { indications: (s.indications ?? []).map((v) => ({ p, v })), sent: (s.sent ?? []).map((m) => ({ from: p, to: m.to, message: m.message })) };
      if (!adapter.reportsSends) {
        expected.sent = [];
        actual.sent = [];
      }
      const diff = difference(expected, actual);
      if (diff) return stop('mismatch', s, diff, { expected, actual });
      for (const m of actual.sent) inFlight.push(msgText(m.from, m.to, m.message));
      result.steps++;
    }
    return result;
  } finally {
    await adapter.stop?.();
  }
}

function callFor(adapter: DriveAdapter, s: TraceStep, p: number, kind: string): (() => ReturnType<DriveAdapter['request']>) | string {
  const missing = (what: string) => `the adapter has no ${what}, which this step needs`;
  switch (kind) {
    case 'request':
      return () => adapter.request(p, s.request);
    case 'deliver':
      return () => adapter.deliver(s.received!.from, p, s.received!.message);
    case 'timer': {
      const name = /^timer p\d+ (.+?)(?: ⟨.*⟩)?$/.exec(s.action)?.[1];
      if (name === undefined) throw new DriveInputError(`step ${s.step} (${s.action}): cannot read the timer's name from the action`);
      return adapter.timer ? () => adapter.timer!(p, name) : missing('timer(p, name)');
    }
    case 'crash':
      return adapter.crash ? () => adapter.crash!(p) : missing('crash(p)');
    case 'recover':
      return adapter.recover ? () => adapter.recover!(p) : missing('recover(p)');
    case 'detect':
    case 'suspect':
    case 'restore':
    case 'trust': {
      const type = kind === 'detect' ? 'crash' : kind;
      const q = subjectOf(s);
      return adapter.detector ? () => adapter.detector!(p, { type, process: q }) : missing('detector(p, event)');
    }
    default:
      return `drive does not take ${kind} steps (Byzantine forgeries, churn and the like have no counterpart in an implementation's adapter)`;
  }
}

/** What differs between the model's effects and the implementation's, in words; null when they agree. */
export function difference(expected: Effects, actual: Effects): string | null {
  const ind = (x: Effects) => x.indications.map((i) => `p${i.p} ${canonical(i.v)}`);
  const [e, a] = [ind(expected), ind(actual)];
  if (e.join('\n') !== a.join('\n')) {
    const show = (l: string[]) => (l.length ? l.join(', ') : 'nothing');
    return `the model indicated ${show(e)}; the implementation indicated ${show(a)}`;
  }
  const sends = (x: Effects) => x.sent.map((m) => msgText(m.from, m.to, m.message)).sort();
  const [es, as] = [sends(expected), sends(actual)];
  if (es.join('\n') !== as.join('\n')) {
    const missing = es.filter((m) => !as.includes(m));
    const extra = as.filter((m) => !es.includes(m));
    const parts = [missing.length ? `did not send ${missing.join(', ')}` : '', extra.length ? `sent ${extra.join(', ')}, which the model did not` : ''].filter(Boolean);
    return `the implementation ${parts.join(' and ') || `sent a message a different number of times (model: ${es.join(', ')}; implementation: ${as.join(', ')})`}`;
  }
  return null;
}
