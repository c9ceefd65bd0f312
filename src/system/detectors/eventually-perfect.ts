/**
 * ◇P, the eventually perfect failure detector: may suspect any process and restore it again,
 * arbitrarily, until it stabilises at an unknown time; from then on it converges on the
 * crashed processes (a suspicion of a crashed process or a restoration of a live one is never
 * a mistake).
 */
import type { ComponentFactory } from '../component.ts';
import { withSlot } from '../world.ts';
import { detector, indicationStep, oracle, type DetectorAction } from './detector.ts';

export const eventuallyPerfect: ComponentFactory = (sys) => {
  const o = oracle(sys, '◇P', (w, a) => (a.t === 'suspect') !== w.down[(a as DetectorAction).q]);
  return detector(sys, {
    name: 'detector',
    kinds: ['suspect', 'restore', 'stabilize'],
    init: o.init,
    actions(w, phase, out) {
      if (phase !== 'process') return;
      const canErr = o.canErr(w);
      for (const p of sys.all) {
        if (w.down[p]) continue;
        for (const q of sys.all) {
          if (q === p) continue;
          const suspected = w.detected[p].includes(q);
          if (!suspected && (canErr || w.down[q])) out.push({ t: 'suspect', p, q });
          if (suspected && (canErr || !w.down[q])) out.push({ t: 'restore', p, q });
        }
      }
      if (o.stabilizes(w)) out.push(o.stabilize);
    },
    processStep(_w, a) {
      if (a.t === 'stabilize') return undefined;
      return indicationStep(sys, a as DetectorAction);
    },
    step(w, a, out) {
      if (a.t === 'stabilize') {
        out.fdStable = true;
        return;
      }
      const { p, q } = a as DetectorAction;
      const ds = w.detected[p];
      out.detected = withSlot(w.detected, p, Object.freeze(a.t === 'suspect' ? [...ds, q].sort((x, y) => x - y) : ds.filter((x) => x !== q)));
      o.count(w, a, out);
    },
    fairness: o.fairness,
    label: (a) => (a.t === 'stabilize' ? a.t : `${a.t} p${(a as DetectorAction).p} p${(a as DetectorAction).q}`),
    variables(w, vars) {
      vars.suspected = Object.fromEntries(sys.all.map((p) => [`p${p}`, w.detected[p].map((q) => `p${q}`)]));
      o.variables(w, vars);
    },
    assumptions: () => [o.assumption],
  });
};
