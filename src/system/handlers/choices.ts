/**
 * A protocol's own randomness (`ctx.choose`, `ctx.coin`, `ctx.pick`). A handler run is given the
 * outcomes to take, by index, one per random call in the order the handler makes them; a call
 * past the given ones takes the first outcome that can happen and records what else could have.
 * Exploration enumerates the branches of a step from these records (`branchesOf`), so an
 * exhaustive search covers every outcome; a random run samples them with their probabilities.
 * Outcomes of weight 0 are never taken.
 */
import { eventText, type Msg } from '../world.ts';

export class Choices {
  /** The outcome taken at each call. */
  readonly taken: number[] = [];
  /** At each call, how many outcomes it had, and their probabilities when they are not all equal (0: cannot happen). */
  readonly counts: number[] = [];
  readonly weights: (readonly number[] | undefined)[] = [];
  /** The outcomes taken, in words, for labels. */
  readonly shown: string[] = [];
  /** The probability of the outcomes taken. */
  probability = 1;

  /** `draw`: where the outcomes past the given ones come from when a run is sampled (uniform numbers in [0, 1)). */
  constructor(
    readonly given: readonly number[],
    private readonly draw?: () => number,
  ) {}

  /** Takes an outcome among `n` with the given weights (uniform when absent); returns its index. */
  take(n: number, weights: readonly number[] | undefined, show: (i: number) => string): number {
    if (!Number.isInteger(n) || n < 1) throw new Error(`a random choice needs at least one outcome, got ${n}`);
    let probs: number[] | undefined;
    if (weights) {
      if (weights.length !== n || weights.some((x) => !(x >= 0) || !Number.isFinite(x))) throw new Error(`a random choice's weights must be ${n} finite numbers >= 0, got ${JSON.stringify(weights)}`);
      const total = weights.reduce((s, x) => s + x, 0);
      if (!(total > 0)) throw new Error('a random choice needs an outcome of weight > 0');
      probs = weights.map((x) => x / total);
    }
    const k = this.taken.length;
    let i: number;
    if (k < this.given.length) i = this.given[k];
    else if (this.draw) i = probs ? sample(probs, this.draw()) : Math.min(n - 1, Math.floor(this.draw() * n));
    else i = probs ? probs.findIndex((x) => x > 0) : 0;
    const p = probs ? probs[i] : 1 / n;
    if (!(i >= 0 && i < n) || !(p > 0)) throw new Error(`random choice ${k + 1}: outcome ${i} cannot happen (the handler's choices changed?)`);
    this.taken.push(i);
    this.counts.push(n);
    this.weights.push(probs);
    // the outcome in words, for a branch's label (a sampled run has no label to make)
    if (!this.draw) this.shown.push(show(i));
    this.probability *= p;
    return i;
  }

  /** The outcomes other than the one taken at call k that can happen, in order. */
  alternatives(k: number): number[] {
    const probs = this.weights[k];
    const out: number[] = [];
    for (let i = 0; i < this.counts[k]; i++) if (i !== this.taken[k] && (!probs || probs[i] > 0)) out.push(i);
    return out;
  }
}

/** The index drawn by u in [0, 1) from probabilities that sum to 1. */
function sample(probs: readonly number[], u: number): number {
  for (let i = 0; i < probs.length - 1; i++) {
    u -= probs[i];
    if (u < 0) return i;
  }
  return probs.length - 1;
}

/** A chosen value in words (a label names the outcome, not its index). */
export function valueText(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Msg).type === 'string') return eventText(v as Msg);
  if (Array.isArray(v)) return `[${v.map(valueText).join(',')}]`;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** C(n, k). */
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** The combination of rank r (in lexicographic order) of k out of 0..n-1. */
export function combination(n: number, k: number, r: number): number[] {
  const out: number[] = [];
  let x = 0;
  for (let slot = 0; slot < k; slot++) {
    for (;;) {
      const rest = binomial(n - x - 1, k - slot - 1);
      if (r < rest) break;
      r -= rest;
      x++;
    }
    out.push(x);
    x++;
  }
  return out;
}

export { binomial };

/** One branch of a step: the outcomes taken, their probability and their words. */
export interface Branch {
  readonly choices: readonly number[];
  readonly probability: number;
  readonly shown: string;
}

/**
 * Every branch of a handler run, by depth-first enumeration: `run(given)` runs the handler with
 * the given outcomes and returns its choice record. A handler that makes no random call has one
 * branch with no choices.
 */
export function branchesOf(run: (given: readonly number[]) => Choices): Branch[] {
  const out: Branch[] = [];
  const stack: number[][] = [[]];
  while (stack.length) {
    const given = stack.pop()!;
    const c = run(given);
    out.push({ choices: c.taken.slice(), probability: c.probability, shown: c.shown.join(', ') });
    // the alternatives at every call past the given ones, pushed so that branches come out in lexicographic order
    for (let k = given.length; k < c.taken.length; k++) {
      // the first run past the given ones took each call's first possible outcome: the rest are the alternatives
      const alts = c.alternatives(k);
      for (let j = alts.length - 1; j >= 0; j--) stack.push([...c.taken.slice(0, k), alts[j]]);
    }
  }
  return out;
}
