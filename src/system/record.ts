/**
 * Recording the observable history (history.ts): the requests a process takes, the
 * indications it emits, its crashes and recoveries (and, under churn, when it left and joined),
 * per process in its local order. A status indication (`statusIndications` in defineProtocol)
 * replaces the earlier ones of its group.
 * With `realTime: true` a request also records how many indications every process had
 * emitted by then (what linearizability needs); it then reads every process, so a request
 * commutes with no other step.
 */
import type { ComponentFactory } from './component.ts';
import type { Effects } from './handlers/context.ts';
import type { HistoryEvent } from './history.ts';
import { copyOf, withSlot } from './world.ts';

/** How many indications a history holds (an index loop: reduce over a frozen array is V8's slow path). */
function indicationCount(h: readonly HistoryEvent[]): number {
  let c = 0;
  for (let i = 0; i < h.length; i++) if (h[i].k === 'indication') c++;
  return c;
}

const CRASH: HistoryEvent = Object.freeze({ k: 'crash' });
const RECOVER: HistoryEvent = Object.freeze({ k: 'recover' });
const LEAVE: HistoryEvent = Object.freeze({ k: 'leave' });
const JOIN: HistoryEvent = Object.freeze({ k: 'join' });

/** The list a step's effects last made from a process's list (one entry per effects object, which handlers memoise). */
interface Made {
  readonly before: readonly HistoryEvent[];
  readonly request: unknown;
  readonly after: readonly HistoryEvent[];
}

export const history: ComponentFactory = (sys) => {
  const made = new WeakMap<Effects, Made>();
  const groups = sys.protocol.statusIndications;
  const realTime = sys.config.realTime === true;
  return {
    name: 'history',
    kinds: [],
    // each process's events are frozen: properties read them (History.events)
    init: () => ({ history: sys.all.map(() => Object.freeze([])) }),
    effects(out, p, fx, event) {
      const request = event.request;
      if (!request && !fx.indications.length) return;
      const before = out.history[p];
      // memoised effects (the same object) on the same list make the same list: share it
      const known = realTime ? undefined : made.get(fx);
      if (known && known.before === before && known.request === request) {
        out.history = withSlot(out.history, p, known.after);
        return;
      }
      const events: HistoryEvent[] = copyOf(before);
      if (request) {
        if (realTime) {
          const before = Object.freeze(out.history.map(indicationCount));
          events.push(Object.freeze({ k: 'request', v: request, before }));
        } else events.push(Object.freeze({ k: 'request', v: request }));
      }
      for (const v of fx.indications) {
        const group = groups?.find((g) => g.types.includes(v.type));
        if (group) {
          const same = (e: HistoryEvent) => e.k === 'indication' && group.types.includes(e.v.type) && (!group.key || e.v[group.key] === v[group.key]);
          for (let i = events.length - 1; i >= 0; i--) if (same(events[i])) events.splice(i, 1);
        }
        events.push(Object.freeze({ k: 'indication', v }));
      }
      const after = Object.freeze(events);
      if (!realTime) made.set(fx, { before, request, after });
      out.history = withSlot(out.history, p, after);
    },
    onCrash(out, p, cause) {
      out.history = withSlot(out.history, p, Object.freeze([...out.history[p], cause === 'leave' ? LEAVE : CRASH]));
    },
    onRecover(out, p, cause) {
      out.history = withSlot(out.history, p, Object.freeze([...out.history[p], cause === 'join' ? JOIN : RECOVER]));
    },
    dependent: (a, b) => realTime && (a.t === 'request' || b.t === 'request'),
    touches: (a) => (realTime && a.t === 'request' ? null : undefined),
  };
};
