/**
 * Recording the observable history (history.ts): the requests a process takes, the
 * indications it emits, its crashes and recoveries, per process in its local order. A status
 * indication (`statusIndications` in defineProtocol) replaces the earlier ones of its group.
 * With `realTime: true` a request also records how many indications every process had
 * emitted by then (what linearizability needs); it then reads every process, so a request
 * commutes with no other step.
 */
import type { ComponentFactory } from './component.ts';
import type { HistoryEvent } from './history.ts';
import { withSlot } from './world.ts';

export const history: ComponentFactory = (sys) => {
  const groups = sys.protocol.statusIndications;
  const realTime = sys.config.realTime === true;
  return {
    name: 'history',
    kinds: [],
    init: () => ({ history: sys.all.map(() => []) }),
    effects(w, p, fx, event) {
      const request = event.request;
      if (!request && !fx.indications.length) return w;
      const events: HistoryEvent[] = w.history[p].slice();
      if (request) {
        if (realTime) {
          const before = w.history.map((h) => h.reduce((c, e) => (e.k === 'indication' ? c + 1 : c), 0));
          events.push({ k: 'request', v: request, before });
        } else events.push({ k: 'request', v: request });
      }
      for (const v of fx.indications) {
        const group = groups?.find((g) => g.types.includes(v.type));
        if (group) {
          const same = (e: HistoryEvent) => e.k === 'indication' && group.types.includes(e.v.type) && (!group.key || e.v[group.key] === v[group.key]);
          for (let i = events.length - 1; i >= 0; i--) if (same(events[i])) events.splice(i, 1);
        }
        events.push({ k: 'indication', v });
      }
      return { ...w, history: withSlot(w.history, p, events) };
    },
    onCrash: (w, p) => ({ ...w, history: withSlot(w.history, p, [...w.history[p], { k: 'crash' }]) }),
    onRecover: (w, p) => ({ ...w, history: withSlot(w.history, p, [...w.history[p], { k: 'recover' }]) }),
    dependent: (a, b) => realTime && (a.t === 'request' || b.t === 'request'),
  };
};
