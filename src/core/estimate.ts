/**
 * Monte Carlo runs of a model, for measured quality: each run starts from an initial state and
 * takes steps until nothing is enabled (quiescence), a depth bound, or a time horizon. The
 * scheduler picks uniformly among the enabled steps (the branches of one random step count as
 * one step), then a branch by its probability (Model.chance) — the random scheduler under which
 * the exact value (markov.ts) is computed, so the two can be compared. An observer sees every
 * step and measures the run at its end.
 *
 * Reproducible and splittable: run r draws from a generator seeded by (seed, r) alone, and
 * shard i/n runs the runs r with r mod n = i - 1, so the shards of a CI matrix together run
 * exactly the unsharded runs, and their per-run values merge into the same estimate.
 */
import type { Model } from './model.ts';
import { random32 } from './stats.ts';
import { timeLimit, type Limit } from './limits.ts';

export type RunEnd = 'quiescent' | 'depth' | 'horizon';

/** Sees one run's steps and measures it at the end. */
export interface RunObserver<S, A> {
  start(initial: S): void;
  /** After each step; `time` counts the clock's ticks so far (or the steps, for an untimed model). */
  step(from: S, action: A, to: S, time: number): void;
  /** The run's values, one per metric (undefined: the metric does not apply to this run). */
  end(last: S, info: { steps: number; time: number; ended: RunEnd }): (number | boolean | undefined)[];
}

export interface EstimateOptions {
  runs: number;
  seed: number;
  /** Steps per run at most. */
  maxDepth: number;
  /** Ticks of the clock per run at most (timed models); a run ends when the next step would pass it. */
  horizon?: number;
  /** The action kind that advances time (`tick` in the timed system models); absent: time counts steps. */
  tickKind?: string;
  shard?: { index: number; count: number };
  timeLimitMs?: number;
  onProgress?: (runs: number, steps: number) => void;
}

export interface EstimateRuns {
  /** Per run (in run order), the observer's values. */
  values: (number | boolean | undefined)[][];
  /** The run numbers (0-based) this shard ran. */
  runIds: number[];
  steps: number;
  timeMs: number;
  /** How the runs ended. */
  ended: Record<RunEnd, number>;
  limit?: Limit;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The generator seed of run r of a search with the given seed. */
export const runSeed = (seed: number, r: number): number => mix((seed | 0) ^ mix(Math.imul(r + 1, 0x9e3779b9)));

/**
 * With rated steps (Model.rate): a step with its rate, else one of the unrated steps uniformly;
 * returns the index of the step's first action, or -1 when no unrated step is enabled (the run
 * ends). `first` holds the index of each step's first action, in order (`count` of them).
 */
function pickRated<S, A>(model: Model<S, A>, state: S, actions: readonly A[], first: readonly number[], count: number, rnd: () => number): number {
  let rated = 0;
  let unrated = 0;
  const rates: (number | undefined)[] = new Array(count);
  for (let g = 0; g < count; g++) {
    const r = model.rate!(state, actions[first[g]]);
    rates[g] = r;
    if (r === undefined) unrated++;
    else rated += r;
  }
  if (unrated === 0) return -1;
  let u = rnd();
  if (u < rated) {
    for (let g = 0; g < count; g++) {
      const r = rates[g];
      if (r === undefined) continue;
      u -= r;
      if (u < 0) return first[g];
    }
  }
  let k = Math.floor(rnd() * unrated);
  for (let g = 0; g < count; g++) if (rates[g] === undefined && k-- === 0) return first[g];
  return -1;
}

const ALL: number[] = [];
/** 0..n-1, shared (the steps of a model whose actions are all single steps). */
function indices(n: number): readonly number[] {
  while (ALL.length < n) ALL.push(ALL.length);
  return ALL;
}

/** Picks a step (uniformly, or by its rate), then a branch of it by probability; -1 when nothing is enabled. */
export function pickStep<S, A>(model: Model<S, A>, state: S, actions: readonly A[], rnd: () => number): number {
  if (actions.length === 0) return -1;
  if (!model.chance) return model.rate ? pickRated(model, state, actions, indices(actions.length), actions.length, rnd) : Math.floor(rnd() * actions.length);
  const steps: string[] = [];
  const first: number[] = [];
  for (let i = 0; i < actions.length; i++) {
    const ch = model.chance(state, actions[i]);
    const key = ch ? ch.step : `\u0000${i}`;
    if (!steps.includes(key)) {
      steps.push(key);
      first.push(i);
    }
  }
  let start: number;
  if (model.rate) {
    start = pickRated(model, state, actions, first, first.length, rnd);
    if (start < 0) return -1;
  } else start = first[Math.floor(rnd() * steps.length)];
  const ch0 = model.chance(state, actions[start]);
  if (!ch0) return start;
  let u = rnd();
  let last = start;
  for (let i = start; i < actions.length; i++) {
    const ch = model.chance(state, actions[i]);
    if (!ch || ch.step !== ch0.step) continue;
    last = i;
    u -= ch.p;
    if (u < 0) return i;
  }
  return last;
}

/** Picks one of a sampling model's steps (each listed once): uniformly, or by its rate; -1 when none (or only rated ones) is enabled. */
export function pickSampled<S, A>(model: Model<S, A>, state: S, steps: readonly A[], rnd: () => number): number {
  if (steps.length === 0) return -1;
  return model.rate ? pickRated(model, state, steps, indices(steps.length), steps.length, rnd) : Math.floor(rnd() * steps.length);
}

/** Runs the Monte Carlo runs of this shard and collects the observer's values. */
export function estimateRuns<S, A>(model: Model<S, A>, observer: RunObserver<S, A>, o: EstimateOptions): EstimateRuns {
  model.sampling?.(true);
  try {
    return runAll(model, observer, o);
  } finally {
    model.sampling?.(false);
  }
}

function runAll<S, A>(model: Model<S, A>, observer: RunObserver<S, A>, o: EstimateOptions): EstimateRuns {
  const start = performance.now();
  const inits = model.initialStates();
  const tick = o.tickKind;
  const isTick = (a: A) => tick !== undefined && (model.actionKind ? model.actionKind(a) : model.label(a)) === tick;
  const values: (number | boolean | undefined)[][] = [];
  const runIds: number[] = [];
  const ended: Record<RunEnd, number> = { quiescent: 0, depth: 0, horizon: 0 };
  let steps = 0;
  let limit: Limit | undefined;
  // a model that samples its random outcomes itself is not made to list them all
  const sampled = model.steps !== undefined && model.sample !== undefined;
  const picks = sampled && model.pickStep !== undefined && model.rate === undefined;
  const first = o.shard ? o.shard.index - 1 : 0;
  const stride = o.shard ? o.shard.count : 1;
  for (let r = first; r < o.runs; r += stride) {
    if (o.timeLimitMs !== undefined && (runIds.length & 15) === 0) {
      const ms = performance.now() - start;
      if (ms > o.timeLimitMs) {
        limit = timeLimit(ms, o.timeLimitMs);
        break;
      }
    }
    const rnd = random32(runSeed(o.seed, r));
    let state = inits[Math.floor(rnd() * inits.length)];
    observer.start(state);
    let time = 0;
    let depth = 0;
    let end: RunEnd = 'depth';
    for (; depth < o.maxDepth; depth++) {
      let a: A | undefined;
      if (picks) a = model.pickStep!(state, rnd);
      else {
        const actions = sampled ? model.steps!(state) : model.actions(state);
        const i = sampled ? pickSampled(model, state, actions, rnd) : pickStep(model, state, actions, rnd);
        a = i < 0 ? undefined : actions[i];
      }
      if (a === undefined) {
        end = 'quiescent';
        break;
      }
      const ticks = tick === undefined || isTick(a);
      if (ticks && o.horizon !== undefined && time + 1 > o.horizon) {
        end = 'horizon';
        break;
      }
      const next = sampled ? model.sample!(state, a, rnd) : model.next(state, a);
      if (next === null) continue;
      if (ticks) time++;
      observer.step(state, a, next, time);
      state = next;
    }
    steps += depth;
    ended[end]++;
    runIds.push(r);
    values.push(observer.end(state, { steps: depth, time, ended: end }));
    if (o.onProgress && (runIds.length & 63) === 0) o.onProgress(runIds.length, steps);
  }
  return { values, runIds, steps, timeMs: performance.now() - start, ended, ...(limit ? { limit } : {}) };
}
