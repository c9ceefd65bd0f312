/**
 * P, the perfect failure detector: tells each live process of every crash, eventually (strong
 * completeness, weak fairness), and of nothing else (strong accuracy). With `afterMessages`,
 * it reports a crash of q to p only once every message q sent to p has arrived, as a
 * timeout-based P does in a synchronous system; those messages are then owed fairly.
 */
import type { ComponentFactory } from '../component.ts';
import { withSlot } from '../world.ts';
import { detector, indicationStep, type DetectorAction } from './detector.ts';

export const perfect: ComponentFactory = (sys) => {
  const afterMessages = sys.config.detectorAfterMessages === true;
  return detector(sys, {
    name: 'detector',
    kinds: ['detect'],
    actions(w, phase, out) {
      if (phase !== 'process') return;
      const flushed = (p: number, q: number) => !afterMessages || !w.net.some((e) => e.from === q && e.to === p);
      for (const p of sys.all) if (!w.down[p]) for (const q of sys.all) if (w.down[q] && !w.detected[p].includes(q) && flushed(p, q)) out.push({ t: 'detect', p, q });
    },
    processStep: (_w, a) => indicationStep(sys, a as DetectorAction),
    step(w, a, out) {
      const { p, q } = a as DetectorAction;
      out.detected = withSlot(w.detected, p, Object.freeze([...w.detected[p], q].sort((x, y) => x - y)));
    },
    owesCrashedMessages: () => afterMessages,
    fairness: () => 'weak',
    label: (a) => `detect p${(a as DetectorAction).p} crash(p${(a as DetectorAction).q})`,
    stepKey: (a) => `detect ${(a as DetectorAction).p} ${(a as DetectorAction).q}`,
    actor: (a) => (a as DetectorAction).p,
    assumptions: () => [`P eventually reports each crash to every live process${afterMessages ? ", after the crashed process's messages to it, which are all delivered" : ''}`],
  });
};
