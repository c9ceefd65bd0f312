/**
 * One enabled step, picked uniformly without listing them all (Monte Carlo runs). A component
 * that can count its steps in a phase and give the k-th (the network: one step per message in
 * flight) does so without making an action for each; the others list theirs. The step picked
 * is the one `steps(w)[Math.floor(random() * count)]` would be, in the same order, so a run
 * takes the same steps either way.
 */
import { PHASES, type Phase, type SystemComponent } from './component.ts';
import type { SysAction, World } from './world.ts';

interface Slot {
  readonly c: SystemComponent;
  readonly phase: Phase;
  readonly counts: boolean;
  readonly listed: SysAction[];
}

export class StepPicker {
  private readonly slots: Slot[] = [];
  private readonly sizes: Int32Array;

  constructor(components: readonly SystemComponent[]) {
    for (const phase of PHASES) {
      for (const c of components) {
        if (!c.actions) continue;
        this.slots.push({ c, phase, counts: c.countActions !== undefined && c.actionAt !== undefined, listed: [] });
      }
    }
    this.sizes = new Int32Array(this.slots.length);
  }

  /** The step picked, or undefined when none is enabled. */
  pick(w: World, random: () => number): SysAction | undefined {
    const slots = this.slots;
    let total = 0;
    for (let j = 0; j < slots.length; j++) {
      const s = slots[j];
      let n: number;
      if (s.counts) n = s.c.countActions!(w, s.phase);
      else {
        s.c.actions!(w, s.phase, s.listed);
        n = s.listed.length;
      }
      this.sizes[j] = n;
      total += n;
    }
    let picked: SysAction | undefined;
    if (total > 0) {
      let k = Math.floor(random() * total);
      for (let j = 0; j < slots.length; j++) {
        const n = this.sizes[j];
        if (k >= n) {
          k -= n;
          continue;
        }
        const s = slots[j];
        picked = s.counts ? s.c.actionAt!(w, s.phase, k) : s.listed[k];
        break;
      }
    }
    // no world stays reachable from the lists between picks
    for (const s of slots) if (s.listed.length) s.listed.length = 0;
    return picked;
  }
}
