/**
 * The timers due now (and pending), counted and indexed by a scan of the processes, for random
 * runs (step-picker.ts) and for whether time may pass: the last count is remembered by the
 * three arrays it read (frozen: a world that changes timers, times or crashes has new ones).
 * Counts carried from world to world (a weak map of per-process counts, copied at every timer
 * change) cost more than the scan: the copies and the weak map's entries kept the garbage
 * collector busy (bench/README.md, gossip speed).
 */
import type { Pid } from '../protocol.ts';
import { noneDownTracker, type World } from '../world.ts';

type Timed = Pick<World, 'timers' | 'due'>;

/** Whether p's pending timer fires now: at once without time (asynchronous), else when its ticks are down to 0. */
export const isDue = (w: Timed, p: Pid, name: string): boolean => !w.due || w.due[p][name] === 0;

export class DueTimers {
  private readonly allUp = noneDownTracker();

  constructor(private readonly n: number) {}

  // the last count, by the three arrays it read: most steps of a run keep all three
  private seenTimers: World['timers'] | undefined;
  private seenDue: World['due'];
  private seenDown: World['down'] | undefined;
  private seenCount = 0;
  private seenPending = 0;

  /** The timers due now at processes that are up. */
  count(w: World): number {
    this.counted(w);
    return this.seenCount;
  }

  /** The timers pending (due or not) at processes that are up. */
  pending(w: World): number {
    this.counted(w);
    return this.seenPending;
  }

  /** Counts again unless the last count read the same three arrays. */
  private counted(w: World): void {
    if (w.timers === this.seenTimers && w.due === this.seenDue && w.down === this.seenDown) return;
    const up = this.allUp(w);
    let due = 0;
    let pending = 0;
    for (let p = 0; p < this.n; p++) {
      if (!up && w.down[p]) continue;
      const names = w.timers[p];
      pending += names.length;
      if (!w.due) due += names.length;
      else for (let i = 0; i < names.length; i++) if (w.due[p][names[i]] === 0) due++;
    }
    this.seenTimers = w.timers;
    this.seenDue = w.due;
    this.seenDown = w.down;
    this.seenCount = due;
    this.seenPending = pending;
  }

  /** The k-th of them, in pid order and then the order of each process's timers. */
  at(w: World, k: number): { p: Pid; name: string } | undefined {
    for (let p = 0; p < this.n; p++) {
      if (w.down[p]) continue;
      // an index loop: for-of over a frozen array allocates an iterator result per element
      const names = w.timers[p];
      for (let i = 0; i < names.length; i++) if (isDue(w, p, names[i]) && k-- === 0) return { p, name: names[i] };
    }
    return undefined;
  }
}
