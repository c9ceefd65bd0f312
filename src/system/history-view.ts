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
    return this.all.filter((p) => this.w.history[p].some((e) => e.k === 'crash'));
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
