/**
 * Exact values for small systems: the reachable state graph with the probabilities of the
 * random scheduler that Monte Carlo runs use (estimate.ts: a rated step (Model.rate) with its
 * rate, else each enabled step equally likely; a random step's branches by their probabilities)
 * is a Markov chain; a run ends in a state with nothing (or nothing but rated steps) enabled. The expected value of a function of the final state (a probability, for a
 * 0/1 function) solves V(s) = Σ P(s, t) V(t), found by Gauss–Seidel iteration from the final
 * states. Runs that never end (a cycle the chain cannot leave) carry the missing mass, reported
 * as `absorbed` < 1.
 */
import type { Model } from './model.ts';
import { hashState } from './state-hash.ts';
import { fp } from './fingerprint.ts';

export interface ExactValue {
  /** E[f(final state)] over the runs that end. */
  value: number;
  /** The probability that a run ends. */
  absorbed: number;
  /** Reachable states. */
  states: number;
  /** Iterations until the values moved by less than the tolerance. */
  iterations: number;
}

export class MarkovLimitError extends Error {}

/** The expected value of `f` at the end of a run, exactly (up to 1e-12); throws MarkovLimitError past `maxStates`. */
export function exactExpectation<S, A>(model: Model<S, A>, f: (final: S) => number, maxStates = 200_000): ExactValue {
  const ids = new Map<string, number>();
  const states: S[] = [];
  const edges: { to: number[]; p: number[] }[] = [];
  const idOf = (s: S): number => {
    hashState(model, s);
    const key = `${fp.hi}:${fp.lo}`;
    let id = ids.get(key);
    if (id === undefined) {
      if (states.length >= maxStates) throw new MarkovLimitError(`the exact value needs the whole state graph; it has more than ${maxStates} states`);
      id = states.length;
      ids.set(key, id);
      states.push(s);
    }
    return id;
  };
  for (const s of model.initialStates()) idOf(s);
  const inits = states.length;
  for (let u = 0; u < states.length; u++) {
    const s = states[u];
    const actions = model.actions(s);
    const to: number[] = [];
    const p: number[] = [];
    if (actions.length) {
      // the scheduler: a rated step with its rate, else one of the other steps, equally likely; then a branch by its probability
      const stepOf = actions.map((a, i) => model.chance?.(s, a)?.step ?? `\u0000${i}`);
      const rateOf = new Map<string, number | undefined>();
      actions.forEach((a, i) => {
        if (!rateOf.has(stepOf[i])) rateOf.set(stepOf[i], model.rate?.(s, a));
      });
      let rated = 0, count = 0;
      for (const r of rateOf.values()) {
        if (r === undefined) count++;
        else rated += r;
      }
      // only rated steps left (churn and nothing else): the run ends here, as a Monte Carlo run does
      if (count > 0) {
        actions.forEach((a, i) => {
          const next = model.next(s, a);
          const r = rateOf.get(stepOf[i]);
          const pr = (model.chance?.(s, a)?.p ?? 1) * (r === undefined ? (1 - rated) / count : r);
          to.push(next === null ? u : idOf(next));
          p.push(pr);
        });
      }
    }
    edges.push({ to, p });
  }
  const n = states.length;
  const value = new Float64Array(n);
  const absorbed = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    if (edges[u].to.length === 0) {
      value[u] = f(states[u]);
      absorbed[u] = 1;
    }
  }
  let iterations = 0;
  for (; iterations < 100_000; iterations++) {
    let delta = 0;
    for (let u = n - 1; u >= 0; u--) {
      const e = edges[u];
      if (e.to.length === 0) continue;
      let v = 0, a = 0;
      for (let k = 0; k < e.to.length; k++) {
        v += e.p[k] * value[e.to[k]];
        a += e.p[k] * absorbed[e.to[k]];
      }
      delta = Math.max(delta, Math.abs(v - value[u]), Math.abs(a - absorbed[u]));
      value[u] = v;
      absorbed[u] = a;
    }
    if (delta < 1e-13) break;
  }
  let v = 0, a = 0;
  for (let i = 0; i < inits; i++) {
    v += value[i] / inits;
    a += absorbed[i] / inits;
  }
  return { value: a > 0 ? v / a : NaN, absorbed: a, states: n, iterations };
}
