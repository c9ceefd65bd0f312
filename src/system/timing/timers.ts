/**
 * Timers and time. Asynchronous timing: a pending timer fires at any later step, and no
 * message has a bound. Timed models: a clock the processes cannot read ticks; a timer set for
 * d ticks fires exactly d ticks later, a message is delivered within `delay` ticks of its
 * sending (synchronous: always; partially synchronous: once a global stabilisation time that
 * every fair run reaches has passed; before it, messages may take any time). Time passes only
 * when nothing is due now, and a tick that would change nothing is not a step.
 */
import { ModelError } from '../../core/model.ts';
import type { SystemComponent, SystemView } from '../component.ts';
import type { NextWorld } from '../component.ts';
import { withSlot, type ActionOf, type Envelope, type World } from '../world.ts';
import type { Effects } from '../handlers/context.ts';
import type { Pid } from '../protocol.ts';
import { DueTimers, isDue } from './due-timers.ts';

const NONE: readonly string[] = [];
const NO_DUE: Readonly<Record<string, number>> = Object.freeze({});

/** When messages have a delivery bound: never (asynchronous), always (synchronous), after GST (partially synchronous). */
export type Bounded = 'never' | 'always' | 'after-gst';

type TimerAction = ActionOf<'timer'>;

/** A process's timers after a tick: each one tick closer (the same object when none is pending). */
function countedDown(ds: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
  let out: Record<string, number> | undefined;
  for (const k in ds) {
    out ??= {};
    const v = ds[k];
    out[k] = v > 0 ? v - 1 : 0;
  }
  return out ? Object.freeze(out) : ds;
}

/** A process's pending timers after a handler's cancels and sets: sorted, each once. */
function timerNames(names: readonly string[], fx: Effects): readonly string[] {
  const cancels = fx.cancelTimers;
  const sets = fx.setTimers;
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) if (!cancels.includes(names[i])) out.push(names[i]);
  let added = false;
  for (let i = 0; i < sets.length; i++) {
    if (out.includes(sets[i])) continue;
    out.push(sets[i]);
    added = true;
  }
  return added ? out.sort() : out;
}

export function timers(sys: SystemView, bounded: Bounded, delay = 1): SystemComponent {
  const timed = bounded !== 'never';
  // random runs: the timers due, counted by a scan (due-timers.ts)
  const dueTimers = new DueTimers(sys.n);
  /**
   * A timer step's own bookkeeping (the timer is gone) waits for its handler's timer effects
   * (which a process step's `effects` always follows), so that p's slots are copied once.
   */
  let pending: { out: NextWorld; p: Pid; names: readonly string[]; due?: Readonly<Record<string, number>> } | undefined;
  const withoutTimer = (w: World, p: number, name: string, out: NextWorld): void => {
    let due: Record<string, number> | undefined;
    if (w.due) {
      due = {};
      const ds = w.due[p];
      for (const k in ds) if (k !== name) due[k] = ds[k];
    }
    // an index loop: filter over a frozen array is V8's slow path
    const ts = w.timers[p];
    const names: string[] = [];
    for (let i = 0; i < ts.length; i++) if (ts[i] !== name) names.push(ts[i]);
    pending = { out, p, names, due };
  };
  /** Writes p's timers into `out`: what a timer step left (when it is one), then the handler's sets and cancels. */
  const setTimers = (out: NextWorld, p: Pid, fx: Effects): void => {
    const pend = pending !== undefined && pending.out === out && pending.p === p ? pending : undefined;
    pending = undefined;
    const changes = fx.setTimers.length > 0 || fx.cancelTimers.length > 0;
    if (!pend && !changes) return;
    let names = pend ? pend.names : out.timers[p];
    const was = pend ? pend.due : out.due?.[p];
    let due = was;
    if (changes) {
      names = timerNames(names, fx);
      if (out.due) {
        const d: Record<string, number> = {};
        for (const t of names) d[t] = fx.setTimers.includes(t) ? fx.ticks[t] : was![t];
        due = d;
      }
    }
    out.timers = withSlot(out.timers, p, names);
    if (out.due) out.due = withSlot(out.due, p, Object.freeze(due!));
  };
  /**
   * Time may pass when nothing is due now (no message at its delivery bound to a process that
   * can take it, unless its sender crashed: it is then lost when time passes; no timer at zero)
   * and passing it changes something (a timer or a bound counts down).
   */
  const canTick = (w: World): boolean => {
    let counting = false;
    const net = w.net;
    for (let i = 0; i < net.length; i++) {
      const e = net[i];
      if (e.d === undefined) continue;
      if (e.d === 0 && !w.down[e.to] && !w.down[e.from] && sys.linkUp(w, e.from, e.to)) return false;
      if (e.d > 0) counting = true;
    }
    // the timers of the processes that are up: none due, and some counting down
    if (dueTimers.count(w) > 0) return false;
    return counting || dueTimers.pending(w) > 0;
  };
  const tick = (w: World, out: NextWorld): void => {
    // a message from a crashed sender is delivered within the bound or not at all
    // index loops: filter and map on a frozen array take V8's slow path (freeze.ts)
    const net: Envelope[] = [];
    for (let i = 0; i < w.net.length; i++) {
      const e = w.net[i];
      if (e.d === 0 && w.down[e.from]) continue;
      net.push(e.d ? Object.freeze({ ...e, d: e.d - 1 }) : e);
    }
    out.net = net;
    const due = w.due!;
    const counted = new Array<(typeof due)[number]>(due.length);
    for (let p = 0; p < due.length; p++) counted[p] = countedDown(due[p]);
    out.due = counted;
  };
  return {
    name: 'timing',
    kinds: ['timer', 'tick', 'gst'],
    init: () => ({
      timers: sys.all.map(() => []),
      ...(timed ? { due: sys.all.map(() => NO_DUE) } : {}),
      ...(bounded === 'after-gst' ? { gst: false } : {}),
    }),
    actions(w, phase, out) {
      if (phase === 'process') {
        for (const p of sys.all) {
          if (w.down[p]) continue;
          const names = w.timers[p];
          for (let i = 0; i < names.length; i++) if (isDue(w, p, names[i])) out.push({ t: 'timer', p, name: names[i] });
        }
      } else if (phase === 'environment') {
        if (timed && canTick(w)) out.push({ t: 'tick' });
        if (w.gst === false) out.push({ t: 'gst' });
      }
    },
    countActions(w, phase) {
      let k = 0;
      if (phase === 'process') return dueTimers.count(w);
      if (phase === 'environment') {
        if (timed && canTick(w)) k++;
        if (w.gst === false) k++;
      }
      return k;
    },
    actionAt(w, phase, k) {
      if (phase === 'process') {
        const t = dueTimers.at(w, k);
        if (t) return { t: 'timer', p: t.p, name: t.name };
      } else if (phase === 'environment') {
        if (timed && canTick(w) && k-- === 0) return { t: 'tick' };
        if (w.gst === false && k-- === 0) return { t: 'gst' };
      }
      throw new RangeError(`the timing offers no ${phase} step number ${k}`);
    },
    processStep(_w, a) {
      if (a.t !== 'timer') return undefined;
      const fn = sys.role(a.p).timers?.[a.name];
      if (!fn) throw new ModelError(`p${a.p} set the timer ${a.name} but its role has no handler for it`, 'missing-handler', 2);
      return { p: a.p, invoke: { call: 'plain', fn }, key: `${a.p} timer ${a.name}` };
    },
    describe: (_w, a) => `timer ${(a as TimerAction).name}`,
    step(w, a, out) {
      if (a.t === 'timer') return withoutTimer(w, a.p, a.name, out);
      if (a.t === 'tick') return tick(w, out);
      // GST: every message in flight is now bound (all get the same bound, so the order stays canonical)
      out.gst = true;
      out.net = w.net.map((e) => (e.d === undefined ? Object.freeze({ ...e, d: delay }) : e));
    },
    effects(out, p, fx) {
      setTimers(out, p, fx);
    },
    onCrash(out, p) {
      out.timers = withSlot(out.timers, p, NONE);
      if (out.due) out.due = withSlot(out.due, p, NO_DUE);
    },
    sendBound: (w) => (bounded === 'always' || (bounded === 'after-gst' && w.gst) ? delay : undefined),
    fairness: () => 'weak',
    label: (a) => (a.t === 'timer' ? `timer p${a.p} ${a.name}` : a.t),
    stepKey: (a) => (a.t === 'timer' ? `timer ${a.p} ${a.name}` : a.t),
    actor: (a) => (a.t === 'timer' ? (a as TimerAction).p : -1),
    variables(w, vars) {
      vars.timers = Object.fromEntries(sys.all.filter((p) => w.timers[p].length).map((p) => [`p${p}`, w.due ? w.due[p] : w.timers[p]]));
      if (w.gst !== undefined) vars.gst = w.gst ? 'passed' : 'not yet';
    },
    assumptions: () => ['a pending timer eventually fires', ...(timed ? ['time passes'] : []), ...(bounded === 'after-gst' ? ['GST eventually comes'] : [])],
  };
}
