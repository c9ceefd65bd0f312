/**
 * The observation engine: one pass over a recorded history, each event given to every
 * property's monitor as it is read; the history is kept in memory only when some property has
 * no monitor (whole.ts), and read a second time only for a monitor that could not follow it.
 * Safety properties are reported at the first event that violates them; liveness properties
 * are judged at the end: pending ("not yet satisfied") unless the history says the system had
 * settled, when what is still owed will never come and the property is violated.
 */
import type { Position, ProcessTable, PropertyRef } from './events.ts';
import { ObserveError } from './events.ts';
import { LinearizableRoute } from './linearizable.ts';
import { BAIL, monitors, type EndState, type Monitor, type MonitorSystem } from './monitors/index.ts';
import { resolveProperties, type ObservedProperty, type Route } from './resolve.ts';
import { openHistory, type HistorySource } from './source.ts';
import { needsRealTime, WholeHistory, type Judgement } from './whole.ts';

export interface ObserveOptions {
  /** `jsonl`, `edn`, or a log format module; default: from the file. */
  format?: string;
  /** Override the history's header (`--processes`, `--properties`, `--settled`). */
  processes?: ProcessTable;
  properties?: PropertyRef[];
  settled?: boolean;
  /** false: check every property on the whole history, as if none had a monitor (to compare). */
  stream?: boolean;
}

export interface PropertyOutcome {
  name: string;
  kind: 'safety' | 'liveness';
  /** holds; violated (safety, or liveness on a settled history); pending: liveness not yet satisfied at the end; unknown: the checker gave up; error: it cannot be judged here. */
  verdict: 'holds' | 'violated' | 'pending' | 'unknown' | 'error';
  message?: string;
  /** A safety violation: the first event that breaks it; liveness: the end. */
  at?: Position;
  /** stream: checked event by event in bounded memory; linearizability: the operations kept for the checker; whole: the history kept in memory. */
  route: Route;
  /** Why a property with a monitor needed the whole history after all. */
  note?: string;
}

export interface Observation {
  file: string;
  format: HistorySource['format'];
  events: number;
  processes: number;
  settled: boolean;
  properties: PropertyOutcome[];
  /** Whether any property needed the history held in memory. */
  wholeHistory: boolean;
  elapsedMs: number;
}

const BAILED = 'its monitor cannot follow this history (a message delivered before its send was recorded, sent twice, or delivered twice by one process): checked on the whole history, in a second pass';

function endState(table: ProcessTable): EndState & { event(p: number, k: string): void } {
  const down: boolean[] = [];
  const faulty = new Set<number>();
  return {
    get n() {
      return table.n;
    },
    event(p, k) {
      if (k === 'crash') {
        down[p] = true;
        faulty.add(p);
      } else if (k === 'recover') down[p] = false;
    },
    isDown: (p) => down[p] ?? false,
    correct: () => Array.from({ length: table.n }, (_, p) => p).filter((p) => !down[p]),
    faulty: () => [...faulty].sort((a, b) => a - b),
    roleOf: (p) => table.roles[p] ?? 'process',
  };
}

export function systemOf(table: ProcessTable): MonitorSystem {
  return {
    get n() {
      return table.n;
    },
    get roles() {
      return [...new Set(table.roles)];
    },
    fixed: !table.open,
    roleOf: (p) => table.roles[p] ?? 'process',
  };
}

export async function observe(file: string, options: ObserveOptions = {}): Promise<Observation> {
  const start = performance.now();
  const source = await openHistory(file, { format: options.format, processes: options.processes });
  const refs = options.properties ?? source.header.properties;
  if (!refs?.length) throw new ObserveError('no properties to check: name them in the header ("properties": [...]) or with --properties', file);
  const settled = options.settled ?? source.header.settled ?? false;
  const system = systemOf(source.processes);
  const props = await resolveProperties(refs, system, { stream: options.stream });
  const realTime = source.header.realTime === true || needsRealTime(props);

  const live = new Map<ObservedProperty, { m: Monitor; result?: Judgement }>();
  const lins = new Map<ObservedProperty, LinearizableRoute>();
  const whole: ObservedProperty[] = [];
  const notes = new Map<ObservedProperty, string>();
  for (const p of props) {
    const m = p.route === 'stream' ? monitors.get(p.def)!(p.params, system) : undefined;
    if (m) live.set(p, { m });
    else if (p.route === 'linearizability') lins.set(p, new LinearizableRoute(p.params, source.format === 'edn'));
    else {
      if (p.route === 'stream') notes.set(p, 'no streaming monitor for these parameters: checked on the whole history');
      p.route = 'whole';
      whole.push(p);
    }
  }
  const bailed: ObservedProperty[] = [];
  const keeper = whole.length ? new WholeHistory(whole, source.processes, realTime, file) : undefined;
  const end = endState(source.processes);
  let events = 0;
  let last: Position | undefined;
  for await (const batch of source.batches) {
    for (const ev of batch) {
      events++;
      last = ev.at;
      end.event(ev.p, ev.e.k);
      for (const [p, s] of live) {
        if (s.result) continue;
        const r = s.m.event(ev.p, ev.e);
        if (r === null) continue;
        if (r === BAIL) {
          live.delete(p);
          bailed.push(p);
        } else s.result = { verdict: 'violated', message: r, at: ev.at };
      }
      for (const route of lins.values()) route.event(ev.p, ev.e, ev.at);
      keeper?.add(ev);
    }
  }
  const atEnd = last ?? { file, line: 0, event: 0 };
  const results = new Map<ObservedProperty, PropertyOutcome>();
  const outcome = (p: ObservedProperty, j: Judgement | { verdict: PropertyOutcome['verdict']; message?: string; at?: Position }, note?: string): PropertyOutcome => {
    const liveness = p.kind === 'liveness';
    const verdict = liveness && j.verdict === 'pending' && settled ? 'violated' : j.verdict;
    return { name: p.name, kind: p.kind, verdict, ...(j.message ? { message: j.message } : {}), ...(j.at ? { at: j.at } : liveness && j.verdict !== 'holds' ? { at: atEnd } : {}), route: p.route, ...(note ? { note } : {}) };
  };
  for (const [p, s] of live) {
    if (s.result) results.set(p, outcome(p, s.result));
    else if (p.kind === 'liveness') {
      const r = s.m.end?.(end) ?? null;
      results.set(p, outcome(p, r === null ? { verdict: 'holds' } : { verdict: 'pending', message: r }));
    } else results.set(p, outcome(p, { verdict: 'holds' }));
  }
  for (const [p, route] of lins) {
    const r = route.finish();
    results.set(p, outcome(p, r));
  }
  if (keeper) for (const [p, j] of keeper.finish()) results.set(p, outcome(p, j, notes.get(p)));
  if (bailed.length) {
    // a second pass, for the monitors that could not follow
    const again = await openHistory(file, { format: options.format, processes: options.processes });
    const k = new WholeHistory(bailed, again.processes, realTime, file);
    for (const p of bailed) p.route = 'whole';
    for await (const batch of again.batches) for (const ev of batch) k.add(ev);
    for (const [p, j] of k.finish()) results.set(p, outcome(p, j, BAILED));
  }
  return {
    file,
    format: source.format,
    events,
    processes: source.processes.n,
    settled,
    properties: props.map((p) => results.get(p)!),
    wholeHistory: whole.length > 0 || bailed.length > 0,
    elapsedMs: performance.now() - start,
  };
}
