/**
 * Checking properties that have no streaming monitor: the history is kept in memory and each
 * property's own definition is asked on prefixes of it. A safety property is asked at
 * exponentially spaced prefixes (after 1, 2, 4, 8, ... events) and, once one fails, the last
 * interval is bisected to the first prefix that fails: O(N log N) work for N events, not the
 * O(N²) of asking after every event. That finds the first violating event exactly when the
 * property stays violated once violated (as a safety property over a growing history does,
 * unless it reads which processes are up, or forgives a delivery once its send is recorded:
 * then the event found is one where it fails, not necessarily the first). Liveness is judged
 * on the whole history at its end.
 */
import { ModelError } from '../core/model.ts';
import { regular, safe } from '../../properties/registers/properties.ts';
import type { HistoryEvent } from '../system/history.ts';
import type { ObservedEvent, Position, ProcessTable } from './events.ts';
import { HistoryStore, StateUnavailable } from './history.ts';
import type { ObservedProperty } from './resolve.ts';

export interface Judgement {
  verdict: 'holds' | 'violated' | 'pending' | 'error';
  message?: string;
  at?: Position;
}

/** Whether these properties read real time (which operations had completed when each request came). */
export const needsRealTime = (props: readonly ObservedProperty[]): boolean => props.some((p) => p.def === regular || p.def === safe);

export class WholeHistory {
  private readonly store: HistoryStore;
  private readonly lines: number[] = [];
  private readonly times: (number | undefined)[] = [];
  private readonly results = new Map<ObservedProperty, Judgement>();
  /** Per safety property, the longest prefix known to satisfy it. */
  private readonly clean = new Map<ObservedProperty, number>();
  private next = 1;
  private readonly counts: number[] = [];
  private before: number[] | undefined;

  constructor(
    private readonly props: readonly ObservedProperty[],
    table: ProcessTable,
    private readonly realTime: boolean,
    private readonly file: string,
  ) {
    this.store = new HistoryStore(table);
    for (const p of props) if (p.kind === 'safety') this.clean.set(p, 0);
  }

  add({ p, e, at }: ObservedEvent): void {
    let ev: HistoryEvent = e;
    if (this.realTime) {
      if (e.k === 'indication') {
        this.counts[p] = (this.counts[p] ?? 0) + 1;
        this.before = undefined;
      } else if (e.k === 'request') {
        // one snapshot shared by the requests between two indications
        this.before ??= Array.from({ length: this.store.processes.n }, (_, q) => this.counts[q] ?? 0);
        ev = { ...e, before: this.before };
      }
    }
    this.store.add(p, ev, at.event);
    this.lines.push(at.line);
    this.times.push(at.time);
    if (at.event >= this.next) {
      this.next *= 2;
      this.checkSafety(at.event);
    }
  }

  /** The verdicts at the end of the history. */
  finish(): Map<ObservedProperty, Judgement> {
    const total = this.store.total;
    this.checkSafety(total);
    const h = this.store.view(total);
    for (const p of this.props) {
      if (this.results.has(p)) continue;
      if (p.kind === 'safety') this.results.set(p, { verdict: 'holds' });
      else {
        const r = this.ask(p, total, h);
        this.results.set(p, r === null ? { verdict: 'holds' } : typeof r === 'object' ? r : { verdict: 'pending', message: r });
      }
    }
    return this.results;
  }

  private position(k: number): Position {
    const time = this.times[k - 1];
    return { file: this.file, line: this.lines[k - 1], event: k, ...(time === undefined ? {} : { time }) };
  }

  /** The property's verdict on the first k events, or an error judgement. */
  private ask(p: ObservedProperty, k: number, h = this.store.view(k)): string | null | Judgement {
    try {
      return p.check(h);
    } catch (e) {
      if (e instanceof StateUnavailable || (e instanceof ModelError && e.exitCode === 2)) return { verdict: 'error', message: e.message };
      return { verdict: 'error', message: `the property threw on the first ${k} events: ${(e as Error).message}` };
    }
  }

  private checkSafety(k: number): void {
    const open = this.props.filter((p) => p.kind === 'safety' && !this.results.has(p) && this.clean.get(p)! < k);
    if (open.length === 0 || k === 0) return;
    const h = this.store.view(k);
    for (const p of open) {
      const r = this.ask(p, k, h);
      if (typeof r === 'object' && r !== null) this.results.set(p, r);
      else if (r === null) this.clean.set(p, k);
      else this.results.set(p, this.bisect(p, this.clean.get(p)!, k, r));
    }
  }

  /** The first prefix in (lo, hi] that fails, hi failing with `message`. */
  private bisect(p: ObservedProperty, lo: number, hi: number, message: string): Judgement {
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const r = this.ask(p, mid);
      if (typeof r === 'object' && r !== null) return r;
      if (r === null) lo = mid;
      else {
        hi = mid;
        message = r;
      }
    }
    return { verdict: 'violated', message, at: this.position(hi) };
  }
}
