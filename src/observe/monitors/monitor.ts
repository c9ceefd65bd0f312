/**
 * Streaming monitors: a built-in property checked event by event, holding a summary of the
 * history (the messages still owed, the decisions so far) rather than the history. A monitor
 * must give, on every prefix, the verdict its property's definition gives on that prefix: the
 * test in test/observe/monitors.test.ts holds each one to its definition on random histories.
 */
import { StateUnavailable } from '../history.ts';
import type { History, HistoryEvent, PropertyDef, SystemInfo } from '../../system/history.ts';

/** The monitor cannot follow this history exactly (say, a message delivered before it was sent): the engine checks the property on the whole history instead. */
export const BAIL = Symbol('bail');

export interface Monitor {
  /** Safety: null while the history so far satisfies the property; what is wrong, the first time it does not. */
  event(p: number, e: HistoryEvent): string | null | typeof BAIL;
  /** Liveness: the verdict at the end of the history. */
  end?(h: EndState): string | null;
}

/** What a monitor may know of the system; `n` grows when the history does not name its processes (`fixed` false). */
export interface MonitorSystem extends SystemInfo {
  readonly fixed: boolean;
}

/** The end of the history, for liveness. */
export type EndState = Pick<History, 'n' | 'isDown' | 'correct' | 'faulty' | 'roleOf'>;

export type MonitorFactory = (params: Record<string, unknown>, system: MonitorSystem) => Monitor | undefined;

export const show = (x: unknown): string => JSON.stringify(x);
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * A monitor that keeps only the events a property reads (and crashes and recoveries) and asks
 * the property's own definition at each of them: exact, and cheap when such events are few
 * (the decisions of a consensus run), quadratic in them otherwise.
 */
export function recheck(def: PropertyDef, params: Record<string, unknown>, system: MonitorSystem, relevant: (e: HistoryEvent) => boolean): Monitor {
  const check = def.make({ ...def.params, ...params }, system);
  const lists: HistoryEvent[][] = [];
  const down: boolean[] = [];
  const faulty = new Set<number>();
  const h: History = {
    get n() {
      return system.n;
    },
    events: (p) => lists[p] ?? [],
    isDown: (p) => down[p] ?? false,
    correct: () => range(system.n).filter((p) => !down[p]),
    faulty: () => [...faulty].sort((a, b) => a - b),
    byzantine: () => [],
    roleOf: (p) => system.roleOf(p),
    state: () => {
      throw new StateUnavailable();
    },
  };
  return {
    event(p, e) {
      if (e.k === 'crash' || e.k === 'recover') {
        down[p] = e.k === 'crash';
        if (e.k === 'crash') faulty.add(p);
      } else if (!relevant(e)) return null;
      (lists[p] ??= []).push(e);
      return check(h);
    },
  };
}
