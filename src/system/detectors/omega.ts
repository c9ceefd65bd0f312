/**
 * Ω, the eventual leader detector: tells each process whom to trust as leader; arbitrary until
 * it stabilises, then every live process is eventually told the same live process (the lowest
 * live pid) for good. Symmetry reduction cannot be used with it (that choice names a pid).
 */
import type { ComponentFactory } from '../component.ts';
import { withSlot, type World } from '../world.ts';
import { detector, indicationStep, oracle, type DetectorAction } from './detector.ts';

export const omega: ComponentFactory = (sys) => {
  /** Whom Ω settles on once stable: the lowest process that is up. */
  const eventualLeader = (w: World) => sys.all.find((q) => !w.down[q]);
  const o = oracle(sys, 'Ω', (w, a) => (a as DetectorAction).q !== eventualLeader(w));
  return detector(sys, {
    name: 'detector',
    kinds: ['trust', 'stabilize'],
    init: () => ({ ...o.init(), leader: sys.all.map(() => -1) }),
    actions(w, phase, out) {
      if (phase !== 'process') return;
      const stableLeader = eventualLeader(w);
      for (const p of sys.all) {
        if (w.down[p]) continue;
        if (o.canErr(w)) {
          for (const q of sys.all) if (q !== w.leader![p]) out.push({ t: 'trust', p, q });
        } else if (stableLeader !== undefined && w.leader![p] !== stableLeader) out.push({ t: 'trust', p, q: stableLeader });
      }
      if (o.stabilizes(w)) out.push(o.stabilize);
    },
    processStep: (_w, a) => (a.t === 'stabilize' ? undefined : indicationStep(sys, a as DetectorAction)),
    step(w, a, out) {
      if (a.t === 'stabilize') {
        out.fdStable = true;
        return;
      }
      const { p, q } = a as DetectorAction;
      out.leader = withSlot(w.leader!, p, q);
      o.count(w, a, out);
    },
    onRecover(out, p) {
      out.leader = withSlot(out.leader!, p, -1);
    },
    fairness: o.fairness,
    label: (a) => (a.t === 'stabilize' ? a.t : `trust p${(a as DetectorAction).p} p${(a as DetectorAction).q}`),
    variables(w, vars) {
      vars.trusts = Object.fromEntries(sys.all.map((p) => [`p${p}`, w.leader![p] < 0 ? 'none' : `p${w.leader![p]}`]));
      o.variables(w, vars);
    },
    assumptions: () => [o.assumption],
    symmetryProblem: () => 'symmetry: Ω settles on the lowest correct pid, which no renaming preserves; symmetry is not supported with failureDetector: omega',
  });
};
