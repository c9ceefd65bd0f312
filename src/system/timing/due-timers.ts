/**
 * How many timers are due per process, kept per world for random runs (step-picker.ts): most
 * steps change no timer, and one that does changes one process's, so the counts are carried
 * from a world to its successor and only that process is counted again. Keyed by the array the
 * counts are read from (`due` in timed models, where a tick changes it; else `timers`), which is
 * frozen: an array made elsewhere gets its counts afresh when first asked.
 */
import type { Pid } from '../protocol.ts';
import { noneDownTracker, type World } from '../world.ts';

interface Counts {
  readonly per: Int32Array;
  total: number;
}

type Timed = Pick<World, 'timers' | 'due'>;

/** Whether p's pending timer fires now: at once without time (asynchronous), else when its ticks are down to 0. */
export const isDue = (w: Timed, p: Pid, name: string): boolean => !w.due || w.due[p][name] === 0;

export class DueTimers {
  private readonly known = new WeakMap<object, Counts>();
  private readonly allUp = noneDownTracker();

  constructor(
    private readonly n: number,
    private readonly timed: boolean,
  ) {}

  private key(w: Timed): object {
    return this.timed ? w.due! : w.timers;
  }

  /** The timers of p due now. */
  private dueOf(w: Timed, p: Pid): number {
    const names = w.timers[p];
    let k = 0;
    for (let i = 0; i < names.length; i++) if (isDue(w, p, names[i])) k++;
    return k;
  }

  private of(w: Timed): Counts {
    const key = this.key(w);
    let c = this.known.get(key);
    if (c === undefined) {
      const per = new Int32Array(this.n);
      let total = 0;
      for (let p = 0; p < this.n; p++) total += per[p] = this.dueOf(w, p);
      this.known.set(key, (c = { per, total }));
    }
    return c;
  }

  /** `after` is `before` with the timers of p changed (and nothing else); its counts follow when `before`'s are known. */
  changed(before: Timed, after: Timed, p: Pid): void {
    const c = this.known.get(this.key(before));
    if (c === undefined) return;
    const per = c.per.slice();
    const v = this.dueOf(after, p);
    const next: Counts = { per, total: c.total - per[p] + v };
    per[p] = v;
    this.known.set(this.key(after), next);
  }

  /** The timers due now at processes that are up. */
  count(w: World): number {
    const c = this.of(w);
    if (this.allUp(w)) return c.total;
    let k = 0;
    for (let p = 0; p < this.n; p++) if (!w.down[p]) k += c.per[p];
    return k;
  }

  /** The k-th of them, in pid order and then the order of each process's timers. */
  at(w: World, k: number): { p: Pid; name: string } | undefined {
    const per = this.of(w).per;
    for (let p = 0; p < this.n; p++) {
      if (w.down[p] || k >= per[p]) {
        if (!w.down[p]) k -= per[p];
        continue;
      }
      for (const name of w.timers[p]) if (isDue(w, p, name) && k-- === 0) return { p, name };
    }
    return undefined;
  }
}
