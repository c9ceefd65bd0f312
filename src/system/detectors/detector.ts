/**
 * What every failure detector shares: the `detected` field (per process, what the detector
 * says to it), cleared when the process recovers, and the step in which a process takes an
 * indication from the detector (`failures.crash | suspect | restore | trust`; a role without
 * the handler ignores it). Oracles that say anything until they stabilise (◇P, Ω) add the
 * stabilisation and, optionally, a bound on their mistakes.
 */
import type { Fairness } from '../../core/model.ts';
import type { ProcessStep, SystemComponent, SystemView } from '../component.ts';
import { withSlot, type ActionOf, type SysAction, type World } from '../world.ts';

export type DetectorAction = ActionOf<'detect' | 'suspect' | 'restore' | 'trust'>;

const HANDLER = { detect: 'crash', suspect: 'suspect', restore: 'restore', trust: 'trust' } as const;

/** The step of process a.p taking the detector's output about a.q. */
export function indicationStep(sys: SystemView, a: DetectorAction, what: string): ProcessStep {
  const handler = sys.role(a.p).failures?.[HANDLER[a.t]];
  return { p: a.p, what, run: (d, ctx) => (handler ? handler(d as never, a.q, ctx) : undefined) };
}

/** A detector component: the shared field and recovery, plus the detector's own parts. */
export function detector(sys: SystemView, own: Omit<SystemComponent, 'onRecover'> & { onRecover?: (w: World, p: number) => World }): SystemComponent {
  return {
    ...own,
    init: () => ({ detected: sys.all.map(() => []), ...own.init?.() }),
    onRecover(w, p) {
      const out = { ...w, detected: withSlot(w.detected, p, []) };
      return own.onRecover ? own.onRecover(out, p) : out;
    },
  };
}

/**
 * ◇P and Ω: arbitrary outputs until the oracle stabilises (a weakly fair step every fair run
 * takes), with at most `mistakes` wrong outputs before that when the spec bounds them.
 */
export function oracle(sys: SystemView, name: string, isMistake: (w: World, a: SysAction) => boolean) {
  const bound = sys.config.detectorMistakes;
  return {
    init: (): Partial<World> => ({ fdStable: false, ...(bound !== undefined ? { mistakes: 0 } : {}) }),
    /** Whether the oracle may still say something wrong. */
    canErr: (w: World): boolean => !w.fdStable && (w.mistakes === undefined || w.mistakes < bound!),
    /** The world after an output, with the mistake counted. */
    counted: (before: World, after: World, a: SysAction): World => (before.mistakes !== undefined && isMistake(before, a) ? { ...after, mistakes: before.mistakes + 1 } : after),
    stabilize: { t: 'stabilize' } as SysAction,
    /** Outputs are fair once the oracle is stable; stabilising is. */
    fairness: (w: World, a: SysAction): Fairness => (a.t === 'stabilize' || w.fdStable ? 'weak' : 'none'),
    variables(w: World, vars: Record<string, unknown>) {
      if (w.fdStable !== undefined) vars.detector = w.fdStable ? 'stable' : 'not yet stable';
    },
    assumption: `${name} eventually stabilises, and then tells every live process the truth`,
  };
}
