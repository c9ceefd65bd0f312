import { getHeapStatistics } from 'node:v8';
import { ModelError, type Model } from './model.ts';
import { fingerprint, fp } from './fingerprint.ts';
import { VisitedSet } from './visited.ts';

export interface SearchLimits {
  /** Stop after this many distinct states. */
  maxStates?: number;
  /** Do not expand states deeper than this many steps from an initial state. */
  maxDepth?: number;
  /** Stop after this many milliseconds. */
  timeLimitMs?: number;
  /** Stop when the process's resident memory exceeds this many MiB (the JS heap limit is always guarded). */
  maxMemoryMB?: number;
}

export interface SearchOptions extends SearchLimits {
  /** Report states with no successor as a violation. */
  checkDeadlock?: boolean;
  /** Called about every `progressIntervalMs` with the figures so far. */
  onProgress?: (stats: SearchStats) => void;
  progressIntervalMs?: number;
}

export interface ActionCoverage {
  /** Successors computed with this kind of action. */
  taken: number;
  /** Of those, new distinct states. */
  distinct: number;
  /** Random search: the visited states in which an action of this kind was enabled. */
  enabled?: number;
  /** Random search: the runs that took an action of this kind at least once. */
  runs?: number;
}

/** What a random search ran: many executions to a depth bound, which is evidence, never a proof. */
export interface RandomStats {
  /** The seed that reproduces the search exactly (with the same runs, depth, walk and shard). */
  seed: number;
  /** How each run picks among the enabled actions: uniform, swarm or pct. */
  walk: string;
  /** Runs completed (not counting the executions spent shrinking a counterexample). */
  runs: number;
  /** The runs asked for; undefined when the search was bounded by time only. */
  requestedRuns?: number;
  maxDepth: number;
  /** Steps taken in those runs. */
  steps: number;
  stepsPerSecond: number;
  /** Executions (and their steps) spent shrinking the counterexample. */
  shrinkRuns: number;
  shrinkSteps: number;
  /** With --shard i/n: this machine's share of the search (index counts from 1). */
  shard?: { index: number; count: number };
  /** Always false: no violation in N random runs is not a proof that there is none. */
  exhaustive: false;
}

export interface SearchStats {
  strategy: string;
  distinct: number;
  generated: number;
  /** The greatest number of steps from an initial state among the explored states. */
  depth: number;
  /** States found but not yet expanded (the BFS queue, the DFS stack). */
  queued: number;
  timeMs: number;
  statesPerSecond: number;
  /** TLC's optimistic estimate of a fingerprint collision: distinct × (generated − distinct) / 2^64. */
  collisionProbability: number;
  peakMemoryMB: number;
  coverage: Record<string, ActionCoverage>;
  /** Random search only: runs, steps, seed; `distinct` then counts the distinct states the runs visited. */
  random?: RandomStats;
}

export type ViolationKind = 'safety' | 'deadlock' | 'liveness' | 'error';

export interface Violation {
  property: string;
  kind: ViolationKind;
  message: string;
  /** The choices that lead from an initial state to the bad state (see VisitedSet.pathTo). */
  path: number[];
  /** For a lasso: the index in the rebuilt trace (0 = initial state) of the state the loop goes back to. */
  loopStart?: number;
  /** For an error raised while computing a successor: the index of the action that failed, taken from the last state of `path`. */
  failingChoice?: number;
  /** The error thrown by the model, if any. */
  cause?: unknown;
  /** For a liveness violation: the run ends in a state with nothing fair left to do (it stutters there forever). */
  quiescent?: boolean;
}

export type LimitKind = 'states' | 'depth' | 'time' | 'memory';

export interface SearchResult {
  verdict: 'ok' | 'violation' | 'inconclusive';
  stats: SearchStats;
  violation?: Violation;
  /** Why the search stopped early (for an inconclusive verdict). */
  limit?: { kind: LimitKind; message: string };
}

/** The bookkeeping every exhaustive strategy shares: visited set, counters, limits, checks. */
export class SearchRun<S, A> {
  readonly visited = new VisitedSet();
  generated = 0;
  depth = 0;
  queued = 0;
  readonly coverage: Record<string, ActionCoverage> = {};
  private readonly start = performance.now();
  private lastProgress = this.start;
  private peakRss = 0;
  private ticks = 0;
  private readonly heapLimit = getHeapStatistics().heap_size_limit;
  limit?: { kind: LimitKind; message: string };
  violation?: Violation;

  constructor(
    readonly model: Model<S, A>,
    readonly options: SearchOptions,
    readonly strategy: string,
  ) {}

  /** Fingerprint and record a state; returns its id, or -1 if seen before. */
  add(state: S, parent: number, choice: number): number {
    fingerprint(this.model.canonical ? this.model.canonical(state) : state);
    return this.visited.add(fp.hi, fp.lo, parent, choice);
  }

  /** Checks the invariants in a new state; records the first violation and returns false. */
  checkInvariants(state: S, id: number): boolean {
    for (const inv of this.model.invariants) {
      let msg: string | null;
      try {
        msg = inv.check(state);
      } catch (err) {
        this.fail({ property: inv.name, kind: 'error', message: `invariant ${inv.name} threw: ${errorText(err)}`, path: this.visited.pathTo(id), cause: err });
        return false;
      }
      if (msg !== null) {
        this.fail({ property: inv.name, kind: 'safety', message: msg, path: this.visited.pathTo(id) });
        return false;
      }
    }
    return true;
  }

  /**
   * Liveness in its simplest form: a state in which no fair action is enabled is where a fair
   * run may stay forever, so every liveness property must already be settled there.
   */
  checkQuiescent(state: S, actions: readonly A[], id: number): boolean {
    const props = this.model.liveness;
    if (!props || props.length === 0) return true;
    const fairness = this.model.fairness;
    for (const a of actions) if (!fairness || fairness.call(this.model, state, a) !== 'none') return true;
    for (const p of props) {
      let msg: string | null;
      try {
        msg = p.settled(state);
      } catch (err) {
        this.fail({ property: p.name, kind: 'error', message: `liveness property ${p.name} threw: ${errorText(err)}`, path: this.visited.pathTo(id), cause: err });
        return false;
      }
      if (msg !== null) {
        const path = this.visited.pathTo(id);
        this.fail({ property: p.name, kind: 'liveness', message: `${msg} — and nothing fair is left to do: the run can stay in this state forever`, path, loopStart: path.length - 1, quiescent: true });
        return false;
      }
    }
    return true;
  }

  fail(v: Violation): void {
    this.violation ??= v;
  }

  /** Records an error thrown by the model while expanding state `id` with action `choice` (-1: while listing actions). */
  modelError(err: unknown, id: number, choice: number): void {
    const where = choice < 0 ? 'listing the enabled actions' : 'computing a successor';
    const known = err instanceof ModelError;
    this.fail({
      property: known ? err.property : 'model-error',
      kind: 'error',
      message: known ? err.message : `the model threw while ${where}: ${errorText(err)}`,
      path: this.visited.pathTo(id),
      failingChoice: choice < 0 ? undefined : choice,
      cause: err,
    });
  }

  countAction(action: A, isNew: boolean): void {
    const kind = this.model.actionKind ? this.model.actionKind(action) : undefined;
    if (kind === undefined) return;
    const c = (this.coverage[kind] ??= { taken: 0, distinct: 0 });
    c.taken++;
    if (isNew) c.distinct++;
  }

  /** Called once per expanded state; true when a limit says stop. */
  tick(): boolean {
    const o = this.options;
    if (o.maxStates !== undefined && this.visited.size >= o.maxStates) {
      this.limit = { kind: 'states', message: `state limit reached: ${this.visited.size} distinct states (--max-states ${o.maxStates})` };
      return true;
    }
    if ((++this.ticks & 1023) !== 0) return false;
    const now = performance.now();
    if (o.timeLimitMs !== undefined && now - this.start > o.timeLimitMs) {
      this.limit = { kind: 'time', message: `time limit reached after ${((now - this.start) / 1000).toFixed(1)} s (--time-limit ${o.timeLimitMs / 1000})` };
      return true;
    }
    if ((this.ticks & 4095) === 0 && this.memoryExceeded()) return true;
    if (o.onProgress && now - this.lastProgress >= (o.progressIntervalMs ?? 1000)) {
      this.lastProgress = now;
      o.onProgress(this.stats());
    }
    return false;
  }

  private memoryExceeded(): boolean {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    const max = this.options.maxMemoryMB;
    if (max !== undefined && rss > max * 1048576) {
      this.limit = { kind: 'memory', message: `memory limit reached: ${(rss / 1048576).toFixed(0)} MiB resident (--max-memory ${max})` };
      return true;
    }
    const heap = process.memoryUsage().heapUsed;
    if (heap > this.heapLimit * 0.85) {
      this.limit = { kind: 'memory', message: `the JavaScript heap is ${(heap / 1048576).toFixed(0)} MiB, near its limit of ${(this.heapLimit / 1048576).toFixed(0)} MiB (raise it with NODE_OPTIONS=--max-old-space-size=...)` };
      return true;
    }
    return false;
  }

  stats(): SearchStats {
    const timeMs = performance.now() - this.start;
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    const distinct = this.visited.size;
    return {
      strategy: this.strategy,
      distinct,
      generated: this.generated,
      depth: this.depth,
      queued: this.queued,
      timeMs,
      statesPerSecond: timeMs > 0 ? Math.round((distinct * 1000) / timeMs) : distinct,
      collisionProbability: (distinct * Math.max(0, this.generated - distinct)) / 2 ** 64,
      peakMemoryMB: Math.round(this.peakRss / 1048576),
      coverage: this.coverage,
    };
  }

  result(): SearchResult {
    const stats = this.stats();
    if (this.violation) return { verdict: 'violation', stats, violation: this.violation };
    if (this.limit) return { verdict: 'inconclusive', stats, limit: this.limit };
    return { verdict: 'ok', stats };
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
