/**
 * The history of one world, as properties read it (a class: one is made per state and
 * property). It notes whether a property read a process's state: a property that did not
 * depends on the history and on who is down only.
 */
import type { History, HistoryEvent } from './history.ts';
import type { Pid } from './protocol.ts';
import type { World } from './world.ts';

export class HistoryView implements History {
  constructor(
    private readonly w: World,
    private readonly all: readonly Pid[],
    private readonly roles: readonly string[],
    private readonly byz: readonly Pid[] = [],
  ) {}

  get n(): number {
    return this.all.length;
  }

  events(p: Pid): readonly HistoryEvent[] {
    return this.w.history[p];
  }

  isDown(p: Pid): boolean {
    return this.w.down[p];
  }

  correct(): Pid[] {
    return this.byz.length ? this.all.filter((p) => !this.w.down[p] && !this.byz.includes(p)) : this.all.filter((p) => !this.w.down[p]);
  }

  byzantine(): Pid[] {
    return this.byz.slice();
  }

  faulty(): Pid[] {
    // an index loop over each history: some() over a frozen array is V8's slow path
    return this.all.filter((p) => {
      const es = this.w.history[p];
      for (let i = 0; i < es.length; i++) if (es[i].k === 'crash') return true;
      return false;
    });
  }

  roleOf(p: Pid): string {
    return this.roles[p];
  }

  /** Whether `state` was called. */
  readState = false;

  state(p: Pid): unknown {
    this.readState = true;
    return this.w.procs[p];
  }
}
