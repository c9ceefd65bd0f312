import { hashState } from './state-hash.ts';
import type { Model } from './model.ts';
import { fp } from './fingerprint.ts';
import { VisitedSet } from './visited.ts';
import { SpillVisitedSet } from './spill.ts';
import { StateQueue } from './state-queue.ts';
import { invariantFinding, modelErrorFinding, quiescentFinding, type Violation } from './verdict.ts';
import { collectGarbage, MemoryClock, memoryLimit, statesLimit, timeLimit, type Limit } from './limits.ts';

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
  /**
   * Breadth-first search on this many worker threads (default 1: this thread). Workers rebuild
   * the model from its source, so it takes `parallelBfs` (or a spec, through runSpec); `bfs()`
   * given a Model object always runs on this thread.
   */
  workers?: number;
  /**
   * Partial-order reduction. Breadth-first on this thread, sleep sets (sleep.ts): the same
   * states and verdicts, fewer successors computed, for a model that declares `independent`.
   * Depth-first, dynamic partial-order reduction (dpor.ts): fewer states, for a model that
   * declares footprints.
   */
  por?: boolean;
  /**
   * Breadth-first and depth-first search on this thread: when resident memory comes near
   * `maxMemoryMB`, write the visited set's fingerprints and parent links to a directory made
   * under this one (spill.ts), and breadth-first the queue of states from then on to another
   * (state-queue.ts), instead of ending inconclusive; removed when the search ends.
   */
  spill?: string;
  /** With `spill`: also spill whenever the table in memory holds this many fingerprints (default 2^24; tests set it low). */
  spillEntries?: number;
  /** With `spill`: states per file of the breadth-first queue once it is on disk (default 1,024; tests set it low). */
  spillChunk?: number;
}

/** What partial-order reduction did, or (applied: false) why it was not used. */
export type PorStats = { applied: false; reason: string } | ({ applied: true } & PorFigures);

export interface PorFigures {
  /**
   * How: sleep sets (absent), `diamonds` when the search kept the fair-cycle graph
   * (bfs.ts, `bfsKeepingGraph`): every transition is in the graph, and `pruned` counts those
   * whose target a diamond of independent steps gave instead of a computed successor; or
   * `dpor` (dpor.ts, depth-first): fewer states, and `pruned` counts the enabled actions of
   * the expanded states that were never taken.
   */
  method?: 'diamonds' | 'dpor';
  /** Successors computed (each a run of the model's next). */
  explored: number;
  /** Actions not taken because they were asleep (with `diamonds`: transitions not computed). */
  pruned: number;
  /** States expanded again because they were reached with a smaller sleep set after their expansion. */
  reexpanded: number;
  /** New states found by a re-expansion after the breadth-first level they belong to (0: shortest traces as without reduction). */
  outOfOrder: number;
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
  /** States with no fair action enabled, where liveness properties were checked. */
  quiescent?: number;
  /** Parallel breadth-first search: the worker threads, the states each one expanded, and the states moved between them to even out their shares. */
  workers?: { count: number; expanded: number[]; moved: number };
  /** Random search only: runs, steps, seed; `distinct` then counts the distinct states the runs visited. */
  random?: RandomStats;
  /** When partial-order reduction was asked for: what it did, or why it was not used. */
  por?: PorStats;
  /**
   * Under symmetry reduction (a model with `orbitSize`): how many states the distinct states
   * stand for, the sum of their classes' sizes; with an exact canonical form, the count a
   * search without the reduction would find. Absent when some class was too large to size.
   */
  represented?: number;
  /**
   * With --spill: how often the visited set was written to disk, and the fingerprints there at the end;
   * breadth-first, the states the queue wrote to disk once memory came near the limit (0: it stayed in memory).
   */
  spill?: { spills: number; onDisk: number; queueWritten?: number };
}

export interface SearchResult {
  verdict: 'ok' | 'violation' | 'inconclusive';
  stats: SearchStats;
  violation?: Violation;
  /** Why the search stopped early (for an inconclusive verdict). */
  limit?: Limit;
}

/** The bookkeeping every exhaustive strategy shares: visited set, counters, limits, checks. */
export class SearchRun<S, A> {
  readonly visited: VisitedSet | SpillVisitedSet;
  generated = 0;
  depth = 0;
  quiescent = 0;
  queued = 0;
  readonly coverage: Record<string, ActionCoverage> = {};
  private readonly start = performance.now();
  private lastProgress = this.start;
  private peakRss = 0;
  private ticks = 0;
  private readonly memoryClock: MemoryClock;
  limit?: Limit;
  violation?: Violation;
  por?: PorStats;
  /** The breadth-first queue, once a strategy asked for it (`newQueue`). */
  private stateQueue?: StateQueue<S>;

  constructor(
    readonly model: Model<S, A>,
    readonly options: SearchOptions,
    readonly strategy: string,
  ) {
    this.visited = options.spill !== undefined ? new SpillVisitedSet(options.spill, options.spillEntries) : new VisitedSet();
    this.memoryClock = new MemoryClock(options.maxMemoryMB);
  }

  /** The breadth-first queue of states: with `spill`, it moves to disk when memory comes near the limit. */
  newQueue(): StateQueue<S> {
    this.stateQueue = new StateQueue<S>(this.options.spill, this.options.spillChunk);
    return this.stateQueue;
  }

  /** Fingerprint and record a state; returns its id, or -1 if seen before. Throws UnserialisableStateError for a state that is not plain data. */
  add(state: S, parent: number, choice: number): number {
    hashState(this.model, state);
    const id = this.visited.add(fp.hi, fp.lo, parent, choice);
    if (id >= 0) this.countOrbit(state);
    return id;
  }

  /** Sum of the class sizes of the new states, under symmetry reduction (NaN once one is unknown). */
  private represented = 0;

  /** Counts the states a new distinct state stands for (its class under the model's symmetry). */
  countOrbit(state: S): void {
    if (!this.model.orbitSize) return;
    this.represented += this.model.orbitSize(state) ?? NaN;
  }

  /** Checks the invariants in a new state; records the first violation and returns false. */
  checkInvariants(state: S, id: number): boolean {
    const f = invariantFinding(this.model as Model<S, unknown>, state);
    if (f === undefined) return true;
    this.fail({ ...f, path: this.visited.pathTo(id) });
    return false;
  }

  /**
   * The actions enabled in a state about to be expanded, or undefined when listing them threw
   * (a model error) or the state is quiescent with a liveness property unsettled: either is
   * recorded as the search's violation, and the search stops.
   */
  enabled(state: S, id: number): readonly A[] | undefined {
    let actions: readonly A[];
    try {
      actions = this.model.actions(state);
    } catch (err) {
      this.modelError(err, id, -1);
      return undefined;
    }
    return this.checkQuiescent(state, actions, id) ? actions : undefined;
  }

  /**
   * Liveness in its simplest form: a state in which no fair action is enabled is where a fair
   * run may stay forever, so every liveness property must already be settled there.
   */
  checkQuiescent(state: S, actions: readonly A[], id: number): boolean {
    const q = quiescentFinding(this.model, state, actions);
    if (q.quiescent) this.quiescent++;
    if (q.finding === undefined) return true;
    const path = this.visited.pathTo(id);
    this.fail({ ...q.finding, path, ...(q.finding.kind === 'liveness' ? { loopStart: path.length - 1 } : {}) });
    return false;
  }

  fail(v: Violation): void {
    this.violation ??= v;
  }

  /** Records an error thrown by the model while expanding state `id` with action `choice` (-1: while listing actions). */
  modelError(err: unknown, id: number, choice: number): void {
    this.fail({ ...modelErrorFinding(err, choice), path: this.visited.pathTo(id) });
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
      this.limit = statesLimit(this.visited.size, o.maxStates);
      return true;
    }
    if ((++this.ticks & 255) !== 0) return false;
    // every 256 states: memory (a state may be large: a rarer check could miss the heap's
    // limit), unless it is far below every limit (limits.ts, MemoryClock)
    const now = performance.now();
    if (this.memoryClock.due(now) && this.memoryExceeded(now)) return true;
    if (o.timeLimitMs !== undefined && now - this.start > o.timeLimitMs) {
      this.limit = timeLimit(now - this.start, o.timeLimitMs);
      return true;
    }
    if (o.onProgress && now - this.lastProgress >= (o.progressIntervalMs ?? 1000)) {
      this.lastProgress = now;
      o.onProgress(this.stats());
    }
    return false;
  }

  private memoryExceeded(now: number): boolean {
    let rss = process.memoryUsage.rss();
    this.memoryClock.read(rss, now);
    if (rss > this.peakRss) this.peakRss = rss;
    const max = this.options.maxMemoryMB;
    if (this.visited instanceof SpillVisitedSet && max !== undefined) rss = this.keepUnder(rss, max * 1048576);
    this.limit = memoryLimit(rss, max);
    return this.limit !== undefined;
  }

  private lastCollection = 0;

  /**
   * With --spill, near the limit: the set writes its table out and the queue of states moves to
   * disk (once, for good); nearer, garbage is collected (at most every half second, and always
   * before the limit is called reached), since V8 lets it build up. The resident memory after.
   */
  private keepUnder(rss: number, max: number): number {
    if (rss <= max * 0.8) return rss;
    const set = this.visited as SpillVisitedSet;
    if (set.worthSpilling) set.spill();
    this.stateQueue?.toDisk();
    const now = performance.now();
    if (rss > max || (rss > max * 0.9 && now - this.lastCollection >= 500)) {
      collectGarbage();
      this.lastCollection = now;
      rss = process.memoryUsage.rss();
    }
    return rss;
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
      collisionProbability: collisionProbability(distinct, this.generated),
      peakMemoryMB: Math.round(this.peakRss / 1048576),
      coverage: this.coverage,
      ...(this.model.liveness?.length ? { quiescent: this.quiescent } : {}),
      ...(this.por ? { por: { ...this.por } } : {}),
      ...(this.model.orbitSize && !Number.isNaN(this.represented) ? { represented: this.represented } : {}),
      ...(this.visited instanceof SpillVisitedSet ? { spill: this.spillStats(this.visited) } : {}),
    };
  }

  private spillStats(set: SpillVisitedSet): NonNullable<SearchStats['spill']> {
    const s = { spills: set.spills, onDisk: set.size - set.inMemory };
    return this.stateQueue ? { ...s, queueWritten: this.stateQueue.written } : s;
  }

  result(): SearchResult {
    const stats = this.stats();
    if (this.visited instanceof SpillVisitedSet) this.visited.close();
    this.stateQueue?.close();
    if (this.violation) return { verdict: 'violation', stats, violation: this.violation };
    if (this.limit) return { verdict: 'inconclusive', stats, limit: this.limit };
    return { verdict: 'ok', stats };
  }
}

/** TLC's optimistic estimate of a fingerprint collision: distinct × (generated − distinct) / 2^64. */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
