/**
 * Runs the searches of every partition, smallest first, interleaved with step budgets that
 * double each round, so that a partition that fails fast is found fast even when another
 * takes long; with several algorithms (the portfolio), each partition's searches take turns
 * and the first verdict wins. A search that runs out of memory is dropped and its memory
 * given back; the others go on.
 */
import type { Operation } from './history.ts';
import type { Model } from './model.ts';
import type { Algorithm, Progress } from './result.ts';
import { OutOfBudget, type MemoryBudget } from './search/budget.ts';
import { Inconclusive, type Search } from './search/search.ts';
import type { Engine } from './engines.ts';

/** Steps between polls of the limits. */
const SLICE = 1 << 12;
/** Step budget of each search in the first round; doubled every round. */
const FIRST_BUDGET = 1 << 12;
/**
 * With several algorithms, each search of a partition gets this much time in the first
 * round (doubled every round): their steps cost different amounts, so turns are shared by
 * time. One algorithm alone runs by steps, which keeps it deterministic.
 */
const FIRST_QUANTUM_MS = 0.5;

export interface PartitionOutcome {
  verdict: 'ok' | 'illegal' | 'unknown' | 'unchecked';
  decidedBy?: Algorithm;
  /** ok: a linearization (positions in the partition's operations). */
  order?: number[];
  /** illegal: a linearization up to the failing return, and the operation returning there (position). */
  prefix?: number[];
  deadline?: number;
  /** unknown: how far each search got. */
  progress?: Progress[];
  steps: number;
  configurations: number;
}

export interface ScheduleOptions {
  algorithms: readonly Algorithm[];
  budget: MemoryBudget;
  /** Polled between slices: a reason to stop (time, cancellation, memory), or undefined. */
  stop: () => string | undefined;
  /** Partitions another thread has decided already. */
  skip?: (index: number) => boolean;
  onDecided?: (index: number, outcome: PartitionOutcome) => void;
}

export interface ScheduleResult {
  outcomes: PartitionOutcome[];
  /** Why the check stopped undecided, if it did. */
  reason?: string;
  /** The partition found illegal. */
  failed?: number;
}

interface Slot {
  index: number;
  ops: readonly Operation[];
  problem?: unknown;
  searches: Search[];
  outcome: PartitionOutcome;
  /** Progress of searches that were dropped. */
  dropped: Progress[];
  done: boolean;
  /** Algorithms started so far (in the order of options.algorithms). */
  started: number;
}

export function runPartitions(model: Model<any>, parts: readonly (readonly Operation[])[], engine: Engine, options: ScheduleOptions): ScheduleResult {
  const { budget } = options;
  const progressOf = (s: Search, p: unknown): Progress => {
    const { event, prefix } = s.reached();
    return { algorithm: s.algorithm, time: engine.timeOf(p, event), linearized: prefix.length, of: engine.operations(p), configurations: s.configurations };
  };
  const slots: Slot[] = parts
    .map((ops, index): Slot => ({ index, ops, searches: [], dropped: [], done: false, started: 0, outcome: { verdict: 'unchecked', steps: 0, configurations: 0 } }))
    .sort((a, b) => a.ops.length - b.ops.length);
  let reason: string | undefined;
  let memoryReason: string | undefined;
  let failed: number | undefined;

  const abandon = (slot: Slot) => {
    slot.done = true;
    for (const s of slot.searches) s.release();
    slot.searches = [];
    if (slot.problem !== undefined) engine.release(slot.problem);
    slot.problem = undefined;
  };
  const finish = (slot: Slot, outcome: PartitionOutcome) => {
    abandon(slot);
    slot.outcome = outcome;
    options.onDecided?.(slot.index, outcome);
  };
  const drop = (slot: Slot, s: Search, why: OutOfBudget | Inconclusive) => {
    if (why instanceof OutOfBudget) memoryReason ??= why.message;
    if (slot.problem) slot.dropped.push(progressOf(s, slot.problem));
    slot.outcome.steps += s.steps;
    s.release();
    slot.searches = slot.searches.filter((x) => x !== s);
    if (slot.searches.length === 0 && slot.started < options.algorithms.length && slot.problem !== undefined) {
      // the others have not joined yet: they do now
      try {
        slot.searches.push(...make(options.algorithms.slice(slot.started), slot.problem));
      } catch (e) {
        if (!(e instanceof OutOfBudget)) throw e;
        memoryReason ??= e.message;
      }
      slot.started = options.algorithms.length;
    }
    if (slot.searches.length === 0) finish(slot, { ...slot.outcome, verdict: 'unknown', progress: slot.dropped });
  };
  const make = (list: readonly Algorithm[], p: unknown): Search[] => list.map((a) => engine.make(a, p, budget)).filter((x): x is Search => x !== undefined);
  const start = (slot: Slot) => {
    try {
      slot.problem = engine.compile(model, slot.ops, budget);
      slot.searches.push(...make(options.algorithms.slice(0, 1), slot.problem));
      slot.started = 1;
      if (slot.searches.length === 0) {
        slot.searches.push(...make(options.algorithms.slice(1), slot.problem));
        slot.started = options.algorithms.length;
      }
    } catch (e) {
      if (!(e instanceof OutOfBudget)) throw e;
      memoryReason ??= e.message;
      finish(slot, { ...slot.outcome, verdict: 'unknown', progress: [] });
    }
  };

  const byTime = options.algorithms.length > 1;
  let active = slots;
  reason = options.stop();
  if (reason) active = [];
  outer: for (let round = FIRST_BUDGET, quantum = FIRST_QUANTUM_MS; active.length > 0; round *= 2, quantum *= 2) {
    nextSlot: for (const slot of active) {
      if (slot.done) continue;
      if (options.skip?.(slot.index)) {
        abandon(slot); // decided by another thread: not ours to report
        continue;
      }
      if (slot.problem === undefined) start(slot);
      if (slot.done) continue;
      // the other algorithms join from the second round: most partitions need no more than one round
      if (round > FIRST_BUDGET && slot.started < options.algorithms.length && slot.problem !== undefined) {
        try {
          slot.searches.push(...make(options.algorithms.slice(slot.started), slot.problem));
          slot.started = options.algorithms.length;
        } catch (e) {
          if (!(e instanceof OutOfBudget)) throw e;
          memoryReason ??= e.message;
        }
      }
      for (const s of [...slot.searches]) {
        const until = performance.now() + quantum;
        for (let left = round; s.status === 'running' && (byTime ? performance.now() < until : left > 0); left -= SLICE) {
          if (options.skip?.(slot.index)) {
            abandon(slot); // decided by another thread meanwhile
            continue nextSlot;
          }
          try {
            s.run(byTime ? SLICE : Math.min(left, SLICE));
          } catch (e) {
            if (!(e instanceof OutOfBudget) && !(e instanceof Inconclusive)) throw e;
            drop(slot, s, e);
            break;
          }
          reason = s.status === 'running' ? options.stop() : undefined;
          if (reason) break outer;
        }
        if (s.status === 'running') continue;
        const p = slot.problem;
        const steps = slot.outcome.steps + slot.searches.reduce((a, x) => a + x.steps, 0);
        const configurations = s.configurations;
        const leftOut = engine.leftOut?.(p) ?? -1;
        if (s.status === 'ok' && leftOut < 0) finish(slot, { verdict: 'ok', decidedBy: s.algorithm, order: s.order(), steps, configurations });
        else if (s.status === 'ok') {
          finish(slot, { verdict: 'illegal', decidedBy: s.algorithm, prefix: s.order(), deadline: leftOut, steps, configurations });
          failed = slot.index;
          break outer;
        } else {
          const { event, prefix } = s.reached();
          finish(slot, { verdict: 'illegal', decidedBy: s.algorithm, prefix, deadline: engine.returning(p, event), steps, configurations });
          failed = slot.index;
          break outer;
        }
        break;
      }
    }
    active = active.filter((s) => !s.done);
  }
  // whatever is still running stops here, with how far it got
  for (const slot of slots) {
    if (!slot.done && slot.searches.length === 0) slot.outcome.verdict = failed === undefined ? 'unknown' : 'unchecked';
    if (slot.searches.length === 0) continue;
    const p = slot.problem;
    const progress = [...slot.dropped, ...slot.searches.map((s) => progressOf(s, p))];
    const steps = slot.outcome.steps + slot.searches.reduce((a, x) => a + x.steps, 0);
    const configurations = slot.searches.reduce((a, x) => a + x.configurations, 0);
    finish(slot, { verdict: failed === undefined ? 'unknown' : 'unchecked', progress, steps, configurations });
  }
  const outcomes: PartitionOutcome[] = [];
  for (const slot of slots) outcomes[slot.index] = slot.outcome;
  if (failed === undefined && !reason && outcomes.some((o) => o.verdict === 'unknown')) reason = memoryReason ?? 'the search stopped';
  return { outcomes, ...(reason ? { reason } : {}), ...(failed === undefined ? {} : { failed }) };
}
