/**
 * A trace as a text message sequence chart: one lane per process, one row per step, an arrow
 * from the sender's lane to the receiver's where a message is delivered, and marks for the
 * process that acts (*), requests (?), crashes (X), recoveries (R), indications (!) and dropped
 * messages (x at the end of the arrow). The notes on the right say what happened; the
 * violation closes the chart. Traces without processes (a hand-written core Model such as
 * TwoPhase) fall back to the numbered step list.
 *
 * Only ASCII is drawn inside the lanes so that columns line up in any terminal.
 */
import type { ProcessInfo } from '../core/model.ts';
import { brief, traceHeading, traceToText } from './format.ts';
import type { TraceFile, TraceStep } from './trace.ts';

export interface MscOptions {
  /** Width of one lane (default: fits the names, at least 12). */
  laneWidth?: number;
  /** Longest note (default 120 characters). */
  noteWidth?: number;
}

/** True when the trace carries what a chart needs: processes and per-step info. */
export function hasChart(t: TraceFile): boolean {
  return Array.isArray(t.processes) && t.processes.length > 0;
}

/** A message, request or indication in a note: `TYPE(field: value, ...)` when it has a `type`. */
export function describe(m: unknown, max = 60): string {
  if (m !== null && typeof m === 'object' && !Array.isArray(m) && typeof (m as { type?: unknown }).type === 'string') {
    const { type, ...rest } = m as Record<string, unknown>;
    const fields = Object.entries(rest).filter(([, v]) => v !== undefined);
    const s = fields.length ? `${type}(${fields.map(([k, v]) => `${k}: ${brief(v, max)}`).join(', ')})` : String(type);
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }
  return brief(m, max);
}

/** A short name for a message in an arrow: its `type` when it has one. */
export function messageName(m: unknown): string {
  if (m !== null && typeof m === 'object' && !Array.isArray(m) && typeof (m as { type?: unknown }).type === 'string') {
    return (m as { type: string }).type;
  }
  return brief(m, 16);
}

function laneTitle(p: ProcessInfo): string {
  return p.role && p.role !== p.name ? `${p.name}:${p.role}` : p.name;
}

/** The chart, or the numbered step list when the trace has no processes. */
export function traceToMsc(t: TraceFile, opts: MscOptions = {}): string {
  if (!hasChart(t)) return traceToText(t);
  const procs = t.processes!;
  const col = new Map<number, number>();
  procs.forEach((p, i) => col.set(p.id, i));
  const titles = procs.map(laneTitle);
  const W = Math.max(opts.laneWidth ?? 12, ...titles.map((s) => s.length + 2));
  const noteWidth = opts.noteWidth ?? 120;
  const gutter = 6;
  const width = procs.length * W;
  const center = (i: number) => Math.floor(W / 2) + i * W;
  const name = (pid: number) => procs[col.get(pid) ?? -1]?.name ?? `p${pid}`;

  const lanes = (): string[] => {
    const row = new Array<string>(width).fill(' ');
    for (let i = 0; i < procs.length; i++) row[center(i)] = '|';
    return row;
  };
  const out: string[] = [];
  const line = (label: string, row: string[], note: string) => {
    const n = note.length > noteWidth ? note.slice(0, noteWidth - 1) + '…' : note;
    out.push((label.padStart(4) + ' '.repeat(gutter - 4) + row.join('') + (n ? '  ' + n : '')).trimEnd());
  };

  const head = new Array<string>(width).fill(' ');
  titles.forEach((s, i) => {
    const start = Math.max(0, center(i) - Math.floor(s.length / 2));
    for (let k = 0; k < s.length && start + k < width; k++) head[start + k] = s[k];
  });
  const n = t.steps.length - 1;
  out.push(traceHeading(t, 'Message sequence chart'));
  line('', head, '');
  line('', lanes(), '');

  for (const s of t.steps) {
    if (s.step === 0) continue;
    const row = lanes();
    const notes: string[] = [s.action];
    drawStep(s, row, col, center, notes, name);
    if (t.loopStart === s.step && t.loopStart < n) notes.push('◀ the loop comes back to the state after this step');
    line(String(s.step), row, notes.join('; '));
  }
  if (t.loopStart !== undefined) {
    const last = t.steps.length - 1;
    line('', lanes(), t.loopStart === last ? `… and nothing fair is left to do: the run stays here forever` : `… then the steps after ${t.loopStart} again, forever`);
  }
  if (t.failingAction) line(String(n + 1), lanes(), `${t.failingAction}  ✗ threw`);
  out.push(`      ✗ violation of ${t.property}: ${t.message}`);
  return out.join('\n');
}

function typeOf(m: unknown): string | undefined {
  return m !== null && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string' ? (m as { type: string }).type : undefined;
}

function drawStep(
  s: TraceStep,
  row: string[],
  col: Map<number, number>,
  center: (i: number) => number,
  notes: string[],
  name: (pid: number) => string,
): void {
  const me = s.process !== undefined ? col.get(s.process) : undefined;
  const kind = s.kind ?? '';
  if (s.received && col.has(s.received.from) && me !== undefined) {
    const from = col.get(s.received.from)!;
    const msg = messageName(s.received.message);
    const dropped = kind === 'drop';
    if (from === me) {
      row[center(me)] = '@';
      const t = typeOf(s.received.message);
      if (!(t && s.action.includes(t))) notes.push(`${name(s.process!)} receives ${describe(s.received.message)} from itself`);
    } else {
      const a = center(from);
      const b = center(me);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      for (let k = lo + 1; k < hi; k++) row[k] = '-';
      row[a] = '+';
      if (b > a) row[b - 1] = dropped ? 'x' : '>';
      else row[b + 1] = dropped ? 'x' : '<';
      row[b] = dropped ? '|' : '*';
      // the message's name inside the arrow when it fits
      const span = hi - lo - 3;
      if (msg.length <= span) {
        const start = lo + 2 + Math.floor((span - msg.length) / 2);
        for (let k = 0; k < msg.length; k++) row[start + k] = msg[k];
      }
      if (msg.length > span) notes.push(`${dropped ? 'lost' : 'receives'} ${describe(s.received.message)} from ${name(s.received.from)}`);
    }
  } else if (me !== undefined) {
    const mark = kind === 'crash' ? 'X' : kind === 'recover' ? 'R' : kind === 'request' ? '?' : s.indications?.length ? '!' : '*';
    row[center(me)] = mark;
  }
  // the label often names the request already (e.g. `request p0 broadcast(m=a)`)
  const reqType = typeOf(s.request);
  if (s.request !== undefined && !(reqType && s.action.includes(reqType))) notes.push(`request ${describe(s.request)}`);
  if (s.sent && s.sent.length > 0) {
    const byMsg = new Map<string, string[]>();
    for (const m of s.sent) {
      const key = describe(m.message);
      const to = byMsg.get(key) ?? [];
      to.push(name(m.to));
      byMsg.set(key, to);
    }
    for (const [m, to] of byMsg) notes.push(`sends ${m} to ${to.join(', ')}`);
  }
  if (s.indications && s.indications.length > 0) {
    if (me !== undefined && row[center(me)] === '*') row[center(me)] = '!';
    notes.push(`indicates ${s.indications.map((x) => describe(x, 40)).join(', ')}`);
  }
  if (kind === 'crash' && me !== undefined && !/crash/i.test(s.action)) notes.push(`${name(s.process!)} crashes`);
}
