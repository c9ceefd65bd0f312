/**
 * Crash faults: the adversary crashes up to `max` of the processes that may crash (weakly fair
 * steps never include it: crashes are the adversary's choice). A crashed process takes no
 * more steps; what it was sent is lost, its timers are gone. With crash-recovery it may come
 * back with what it stored (`ctx.store`), its volatile state lost, through the role's
 * `recover` (default: `init`). The faults component also keeps every process's stable
 * storage, in every fault model.
 */
import type { SystemComponent, SystemView } from '../component.ts';
import { withSlot, type ActionOf } from '../world.ts';

type CrashAction = ActionOf<'crash' | 'recover'>;

export function crashes(sys: SystemView, mode: 'none' | 'stop' | 'recovery'): SystemComponent {
  const { max, processes } = sys.config.faults;
  const crashable = new Set(processes ?? sys.all);
  return {
    name: 'faults',
    kinds: mode === 'recovery' ? ['crash', 'recover'] : ['crash'],
    init: () => ({ down: sys.all.map(() => false), crashes: 0, stored: sys.all.map(() => null) }),
    actions(w, phase, out) {
      if (phase !== 'adversary' || mode === 'none') return;
      if (w.crashes < max) for (const p of sys.all) if (!w.down[p] && crashable.has(p)) out.push({ t: 'crash', p });
      if (mode === 'recovery') for (const p of sys.all) if (w.down[p]) out.push({ t: 'recover', p });
    },
    processStep(w, a) {
      if (a.t !== 'recover') return undefined;
      const r = sys.role(a.p);
      return { p: a.p, invoke: r.recover ? { call: 'recover', fn: r.recover, stored: w.stored[a.p] } : { call: 'init', fn: r.init }, base: {} };
    },
    describe: () => 'recovery',
    step(w, a, out) {
      const { p } = a as CrashAction;
      if (a.t === 'recover') {
        out.down = withSlot(w.down, p, false);
        return sys.recovered(out, p);
      }
      if (mode === 'recovery') out.procs = withSlot(w.procs, p, null);
      out.down = withSlot(w.down, p, true);
      out.crashes = w.crashes + 1;
      sys.crashed(out, p);
    },
    effects(out, p, fx) {
      if (fx.stored) out.stored = withSlot(out.stored, p, fx.stored.value);
    },
    // a crash of p commutes with the other processes' steps but not with another crash (the budget): what they send p
    // meanwhile is lost either way (to a process that is down, or with its mail when it crashes). A recovery does not
    // commute: what is sent to p after it arrives. As a footprint (core/dpor.ts) a crash still touches everything: it
    // makes p's deliveries of whatever is sent later impossible, and dpor, which finds races between steps taken, would
    // never see a delivery that the crash prevents (test/por/dpor-random.test.ts found that in a model of its own)
    actor: (a) => (a.t === 'crash' ? (a as CrashAction).p : -1),
    dependent: (a, b) => a.t === 'crash' && b.t === 'crash',
    touches: (a) => (a.t === 'crash' ? null : undefined),
    fairness: () => 'none',
    label: (a) => `${a.t} p${(a as CrashAction).p}`,
    stepKey: (a) => `${a.t} ${(a as CrashAction).p}`,
    stepInfo: (_w, a) => ({ process: (a as CrashAction).p, kind: a.t }),
    variables(w, vars) {
      if (mode === 'recovery') vars.stored = w.stored;
    },
  };
}
