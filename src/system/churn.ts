/**
 * Churn: processes leave and join during a run (`churn: { leave, join, processes, max }`). A
 * process that leaves is down, as after a crash: its state is gone, messages to it are lost,
 * its timers are gone; one that joins starts afresh from its role's init (its init's effects
 * apply: it may set timers and send). The history records both (`leave`, `join`), so a
 * property or metric can tell an incarnation from the one before.
 *
 * Leaves and joins are the environment's moves, never fair. In random runs, estimates and
 * exact values they are rated steps (Model.rate): a step is a leave with probability `leave`
 * (the process chosen uniformly among those that can leave) and a join with probability
 * `join`, so "resistance to churn" is a figure measured at a rate. An exhaustive search
 * explores every leave and join, at most `max` of them in a run (the field `churned` counts
 * them, and exists only when `max` is given).
 *
 * Limits: only a process that left may join (there is no pool of processes that start
 * outside); churn is refused with crash-recovery and Byzantine faults (they too bring
 * processes back, or own who is down) and with failure detectors (an oracle's promises about a
 * crashed process say nothing of one that joins again).
 */
import type { ComponentFactory } from './component.ts';
import { withSlot, type ActionOf, type World } from './world.ts';

type ChurnAction = ActionOf<'leave' | 'join'>;

/** Whether p left (and has not joined since): down, and its last event is the leave. */
function hasLeft(w: World, p: number): boolean {
  if (!w.down[p]) return false;
  const h = w.history[p];
  return h.length > 0 && h[h.length - 1].k === 'leave';
}

const range = (ps: readonly number[]): string => (ps.length > 2 && ps.every((p, i) => i === 0 || p === ps[i - 1] + 1) ? `p${ps[0]}–p${ps[ps.length - 1]}` : ps.map((p) => `p${p}`).join(', '));

export const churn: ComponentFactory = (sys) => {
  const cfg = sys.config.churn!;
  if (!(cfg.leave >= 0 && cfg.join >= 0 && cfg.leave + cfg.join < 1)) throw new Error(`churn: leave and join are probabilities per step whose sum is below 1, got leave ${cfg.leave} and join ${cfg.join}`);
  if (sys.config.faults.model === 'crash-recovery' || sys.config.faults.model === 'byzantine') throw new Error(`churn cannot be combined with ${sys.config.faults.model} faults`);
  if (sys.config.failureDetector !== 'none') throw new Error(`churn cannot be combined with a failure detector (${sys.config.failureDetector}): its promises about a crashed process say nothing of one that joins again`);
  const may = [...new Set(cfg.processes ?? sys.all)].sort((a, b) => a - b);
  const bounded = cfg.max !== undefined;
  const canChurn = (w: World): boolean => !bounded || w.churned! < cfg.max!;
  // the rate of one leave (join) step: the rate split evenly among the enabled ones; counted once per world
  let counted: World | undefined;
  let leaving = 0;
  let joining = 0;
  const count = (w: World): void => {
    if (counted === w) return;
    counted = w;
    leaving = joining = 0;
    for (const p of may) {
      if (!w.down[p]) leaving++;
      else if (hasLeft(w, p)) joining++;
    }
  };
  return {
    name: 'churn',
    kinds: ['leave', 'join'],
    init: () => (bounded ? { churned: 0 } : {}),
    actions(w, phase, out) {
      if (phase !== 'adversary' || !canChurn(w)) return;
      if (cfg.leave > 0) for (const p of may) if (!w.down[p]) out.push({ t: 'leave', p });
      if (cfg.join > 0) for (const p of may) if (hasLeft(w, p)) out.push({ t: 'join', p });
    },
    processStep(_w, a) {
      if (a.t !== 'join') return undefined;
      return { p: a.p, invoke: { call: 'init', fn: sys.role(a.p).init }, base: {} };
    },
    describe: () => 'joining (init)',
    step(w, a, out) {
      const { p } = a as ChurnAction;
      if (bounded) out.churned = w.churned! + 1;
      if (a.t === 'join') {
        out.down = withSlot(w.down, p, false);
        return sys.recovered(out, p, 'join');
      }
      out.down = withSlot(w.down, p, true);
      out.procs = withSlot(w.procs, p, null);
      sys.crashed(out, p, 'leave');
    },
    rate(w, a) {
      count(w);
      return a.t === 'leave' ? cfg.leave / leaving : cfg.join / joining;
    },
    rates: () => `churn: a step is a leave with probability ${cfg.leave} and a join with probability ${cfg.join} (the process chosen uniformly among those that can; processes ${range(may)})${bounded ? `, at most ${cfg.max} events in a run` : ''}; a run ends when nothing but churn is left to do`,
    fairness: () => 'none',
    label: (a) => `${a.t} p${(a as ChurnAction).p}`,
    stepKey: (a) => `${a.t} ${(a as ChurnAction).p}`,
    stepInfo: (_w, a) => ({ process: (a as ChurnAction).p, kind: a.t }),
    variables(w, vars) {
      if (w.churned !== undefined) vars.churned = w.churned;
    },
    assumptions: () => [`${range(may)} may leave and join again afresh${bounded ? `, at most ${cfg.max} times in a run` : ''} (never fairly; in random runs at rates ${cfg.leave} and ${cfg.join} per step)`],
    symmetryProblem: () => (may.length < sys.n ? `churn names some processes only (${range(may)}): they are not interchangeable with the others` : undefined),
  };
};
