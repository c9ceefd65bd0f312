/**
 * The workload: requests from above. Each process issues its own in the order the spec gives,
 * at any time (the next one is always enabled while the process is up: weak fairness).
 */
import { freezeDeep } from './freeze.ts';
import { ModelError } from '../core/model.ts';
import type { ComponentFactory } from './component.ts';
import { eventText, withSlot, type ActionOf, type Msg } from './world.ts';

type RequestAction = ActionOf<'request'>;

export const workload: ComponentFactory = (sys) => {
  const queue: Msg[][] = sys.all.map(() => []);
  for (const w of sys.config.workload) {
    if (w.process < 0 || w.process >= sys.n) throw new Error(`workload: there is no process ${w.process} (processes are 0..${sys.n - 1})`);
    queue[w.process].push(freezeDeep(w.request) as Msg);
  }
  const issuers = sys.all.filter((p) => queue[p].length > 0);
  return {
    name: 'workload',
    kinds: ['request'],
    init: () => ({ issued: sys.all.map(() => 0) }),
    actions(w, phase, out) {
      // a Byzantine process runs no reducer: its requests are never issued (the report says so)
      if (phase === 'process') for (const p of issuers) if (!w.down[p] && w.issued[p] < queue[p].length && !sys.isByzantine(p)) out.push({ t: 'request', p, req: queue[p][w.issued[p]] });
    },
    processStep(_w, a) {
      const { p, req } = a as RequestAction;
      const fn = sys.role(p).requests?.[req.type];
      if (!fn) throw new ModelError(`p${p} (role ${sys.roleOf(p)}) got the request ${eventText(req)} but its role has no handler for ${req.type} requests`, 'missing-handler', 2);
      // each workload item is its own object, issued by one process
      return { p, invoke: { call: 'with', fn, arg: req }, key: req, request: req };
    },
    describe: (_w, a) => `request ${eventText((a as RequestAction).req)}`,
    step(w, a, out) {
      const { p } = a as RequestAction;
      out.issued = withSlot(w.issued, p, w.issued[p] + 1);
    },
    fairness: () => 'weak',
    label: (a) => `request p${(a as RequestAction).p} ${eventText((a as RequestAction).req)}`,
    stepKey: (a) => `request ${(a as RequestAction).p}`,
    actor: (a) => (a as RequestAction).p,
    assumptions: () => ['each process eventually issues its next request'],
  };
};
