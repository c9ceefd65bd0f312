/**
 * How a random run picks among the enabled actions. uniform: any, equally likely. swarm: each
 * run keeps a random half of the action kinds (by its salt) and takes the others only when
 * nothing else is enabled. pct: each actor (the process of a step, else its kind) gets a
 * random priority, the highest runs, and the running actor drops below all others at d - 1
 * random steps (Burckhardt et al.'s probabilistic concurrency testing).
 */
import type { Model } from './model.ts';
import { CHOICE_MAX, fmix, hashString } from './random-schedule.ts';

export type Walk = 'uniform' | 'swarm' | 'pct';
export const WALKS: readonly Walk[] = ['uniform', 'swarm', 'pct'];

/** The kind of an action for coverage: the model's actionKind, else the label's first word. */
export function kindOf<S, A>(model: Model<S, A>, a: A): string {
  if (model.actionKind) return model.actionKind(a);
  const label = model.label(a);
  const m = /^[^\s(]+/.exec(label);
  return m ? m[0] : label;
}

export class Walks<S, A> {
  private readonly kindBit = new Map<string, number>();
  private readonly actorHash = new Map<string, number>();

  constructor(
    private readonly model: Model<S, A>,
    private readonly walk: Walk,
    private readonly pctDepth: number,
  ) {}

  /**
   * The candidates among `pool` (indices into `actions`) for this step, and under pct the actor
   * the choice picks (whose priority may drop after the step).
   */
  candidates(state: S, pool: number[], actions: readonly A[], salt: number, choice: number, priorities: Map<string, number> | undefined): { cands: number[]; actor?: string } {
    if (this.walk === 'swarm' && salt !== 0) {
      const kept = pool.filter((i) => this.allowed(kindOf(this.model, actions[i]), salt));
      return { cands: kept.length > 0 ? kept : this.firstDropped(pool, actions, salt) };
    }
    if (!priorities) return { cands: pool };
    let best = -Infinity;
    let top: number[] = [];
    let names: string[] = [];
    for (const i of pool) {
      const who = this.actor(state, actions[i]);
      let p = priorities.get(who);
      if (p === undefined) priorities.set(who, (p = this.initialPriority(who, salt)));
      if (p > best) {
        best = p;
        top = [i];
        names = [who];
      } else if (p === best) {
        top.push(i);
        names.push(who);
      }
    }
    return { cands: top, actor: names[choice % top.length] };
  }

  private allowed(kind: string, salt: number): boolean {
    if (salt === 0) return true;
    let h = this.kindBit.get(kind);
    if (h === undefined) this.kindBit.set(kind, (h = hashString(kind)));
    return (fmix(h ^ salt) & 1) === 1;
  }

  /** swarm: when only dropped kinds are enabled, the actions of the one this run ranks first. */
  private firstDropped(live: number[], actions: readonly A[], salt: number): number[] {
    let best = -1;
    let top: number[] = [];
    for (const i of live) {
      const k = kindOf(this.model, actions[i]);
      let h = this.kindBit.get(k);
      if (h === undefined) this.kindBit.set(k, (h = hashString(k)));
      const rank = fmix(h ^ salt ^ 0x5bd1e995);
      if (rank > best) {
        best = rank;
        top = [i];
      } else if (rank === best) top.push(i);
    }
    return top;
  }

  private actor(state: S, a: A): string {
    const info = this.model.stepInfo?.(state, a);
    if (info && info.process !== undefined) return `process ${info.process}`;
    return kindOf(this.model, a);
  }

  private initialPriority(actor: string, salt: number): number {
    let h = this.actorHash.get(actor);
    if (h === undefined) this.actorHash.set(actor, (h = hashString(actor)));
    // above every lowered priority (1 .. d-1), distinct per actor with overwhelming probability
    return this.pctDepth + (fmix(h ^ salt) >>> 1);
  }
}

/**
 * For a model with random branches: the walk's choice picks a step (the branches of one step
 * count once), and a further choice from the schedule picks its branch by probability (choice
 * 0, where shrinking goes, is the first branch).
 */
export function sampleBranch<S, A>(model: Model<S, A>, state: S, actions: readonly A[], cands: number[], choice: number, next: () => number): number {
  const steps: string[] = [];
  const members: number[][] = [];
  const probs: number[][] = [];
  for (const i of cands) {
    const ch = model.chance!(state, actions[i]);
    const key = ch ? ch.step : `\u0000${i}`;
    let g = steps.indexOf(key);
    if (g < 0) {
      g = steps.length;
      steps.push(key);
      members.push([]);
      probs.push([]);
    }
    members[g].push(i);
    probs[g].push(ch ? ch.p : 1);
  }
  const g = choice % steps.length;
  if (members[g].length === 1) return members[g][0];
  const total = probs[g].reduce((x, y) => x + y, 0);
  let u = (next() / (CHOICE_MAX + 1)) * total;
  for (let k = 0; k < members[g].length; k++) {
    u -= probs[g][k];
    if (u < 0) return members[g][k];
  }
  return members[g][members[g].length - 1];
}
