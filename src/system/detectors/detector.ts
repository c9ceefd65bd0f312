/**
 * What every failure detector shares: the `detected` field (per process, what the detector
 * says to it), cleared when the process recovers, and the step in which a process takes an
 * indication from the detector (`failures.crash | suspect | restore | trust`; a role without
 * the handler ignores it). Oracles that say anything until they stabilise (◇P, Ω) add the
 * stabilisation and, optionally, a bound on their mistakes.
 */
import type { Fairness } from '../../core/model.ts';
import type { NextWorld, ProcessStep, SystemComponent, SystemView } from '../component.ts';
import { withSlot, type ActionOf, type SysAction, type World } from '../world.ts';

const NOTHING: readonly number[] = Object.freeze([]);

export type DetectorAction = ActionOf<'detect' | 'suspect' | 'restore' | 'trust'>;

const HANDLER = { detect: 'crash', suspect: 'suspect', restore: 'restore', trust: 'trust' } as const;

/** The step of process a.p taking the detector's output about a.q. */
export function indicationStep(sys: SystemView, a: DetectorAction): ProcessStep {
  const fn = sys.role(a.p).failures?.[HANDLER[a.t]];
  return { p: a.p, invoke: fn ? { call: 'with', fn, arg: a.q } : { call: 'ignore' }, key: `${a.p} ${a.t} ${a.q}` };
}

/** What the process handles in such a step, in words. */
export function describeIndication(a: DetectorAction): string {
  return a.t === 'trust' ? `leader oracle: trust(p${a.q})` : `failure detector: ${a.t === 'detect' ? 'crash' : a.t}(p${a.q})`;
}

/** A detector component: the shared field and recovery, plus the detector's own parts. */
export function detector(sys: SystemView, own: SystemComponent): SystemComponent {
  return {
    ...own,
    init: () => ({ detected: sys.all.map(() => []), ...own.init?.() }),
    describe: (_w, a) => describeIndication(a as DetectorAction),
    onRecover(out, p) {
      out.detected = withSlot(out.detected, p, NOTHING);
      own.onRecover?.(out, p);
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
    /** Counts an output that is a mistake. */
    count(before: World, a: SysAction, out: NextWorld): void {
      if (before.mistakes !== undefined && isMistake(before, a)) out.mistakes = before.mistakes + 1;
    },
    stabilize: { t: 'stabilize' } as SysAction,
    /**
     * Whether the stabilising step is offered. Only fairness needs it: a stable oracle says
     * only what an unstable one may say too (its outputs are never mistakes), so a search of
     * safety properties that never stabilises reaches every process state, history and
     * network that one which does reaches, in a run as short or one step shorter, with half
     * the worlds (the stable twins). Random runs keep it: a run that stabilises is a likelier
     * one, and finishes its epochs.
     */
    stabilizes: (w: World): boolean => w.fdStable === false && sys.fairnessSteps(),
    /** Outputs are fair once the oracle is stable; stabilising is. */
    fairness: (w: World, a: SysAction): Fairness => (a.t === 'stabilize' || w.fdStable ? 'weak' : 'none'),
    variables(w: World, vars: Record<string, unknown>) {
      if (w.fdStable !== undefined) vars.detector = w.fdStable ? 'stable' : 'not yet stable';
    },
    assumption: `${name} eventually stabilises, and then tells every live process the truth`,
  };
}
