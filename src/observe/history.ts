/**
 * A recorded history held in memory, as the `History` properties read, and any prefix of it:
 * the view of the first k events is what the system's history recorder would have held after
 * k steps, so a property's verdict on it is its verdict at that point of the run. Only the
 * properties that need the whole history (those without a streaming monitor) make the engine
 * keep one.
 */
import type { History, HistoryEvent } from '../system/history.ts';
import type { ProcessTable } from './events.ts';

/** What a recorded history cannot give: the processes' states. A property that reads them cannot be judged here. */
export class StateUnavailable extends Error {
  constructor() {
    super("this property reads the processes' states (h.state), which a recorded history does not hold: check it with the model checker");
    this.name = 'StateUnavailable';
  }
}

export class HistoryStore {
  private readonly events: HistoryEvent[][] = [];
  /** The position (1-based) of each of a process's events among all events. */
  private readonly at: number[][] = [];
  /** Per process, the positions of its crashes and recoveries, alternating from a crash. */
  private readonly downs: { at: number; down: boolean }[][] = [];
  total = 0;

  constructor(readonly processes: ProcessTable) {}

  add(p: number, e: HistoryEvent, event: number): void {
    while (this.events.length <= p) {
      this.events.push([]);
      this.at.push([]);
      this.downs.push([]);
    }
    this.events[p].push(e);
    this.at[p].push(event);
    if (e.k === 'crash' || e.k === 'recover') this.downs[p].push({ at: event, down: e.k === 'crash' });
    this.total = event;
  }

  /** The history of the first k events (all of them by default). */
  view(k = this.total): History {
    const n = this.processes.n;
    const roles = this.processes.roles;
    const lists: HistoryEvent[][] = [];
    const down: boolean[] = [];
    const faulty: number[] = [];
    for (let p = 0; p < n; p++) {
      const es = this.events[p] ?? [];
      const at = this.at[p] ?? [];
      lists.push(es.slice(0, countUpTo(at, k)));
      const ds = (this.downs[p] ?? []).filter((d) => d.at <= k);
      down.push(ds.length > 0 && ds[ds.length - 1].down);
      if (ds.some((d) => d.down)) faulty.push(p);
    }
    return {
      n,
      events: (p) => lists[p] ?? [],
      isDown: (p) => down[p] ?? false,
      correct: () => down.flatMap((d, p) => (d ? [] : [p])),
      faulty: () => faulty.slice(),
      byzantine: () => [],
      roleOf: (p) => roles[p] ?? 'process',
      state: () => {
        throw new StateUnavailable();
      },
    };
  }
}

/** How many of the sorted positions are at most k. */
function countUpTo(sorted: readonly number[], k: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
