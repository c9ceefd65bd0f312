/**
 * Partial-order reduction by sleep sets (Godefroid, "Partial-Order Methods for the
 * Verification of Concurrent Systems", ch. 5–6) for breadth-first search.
 *
 * Sleep sets prune transitions, not states: every reachable state is still visited (so
 * invariant verdicts and state counts are those of the plain search), but a successor that
 * another order of the same independent steps already computed is not computed again. The
 * sleep set of a state holds the actions that need not be taken there; after taking `t`,
 * the successor's sleep set is what was asleep here or already taken here, and is
 * independent of `t`.
 *
 * With a visited set the classic care is needed: each state keeps the sleep set it was (or
 * will be) expanded with. Reached again with a sleep set that is not a superset, the state
 * keeps the intersection; if it was already expanded, the actions that were asleep then and
 * are awake now are taken at once (a re-expansion).
 *
 * A canonical form (symmetry, ordinals) merges states whose actions differ: a state reached
 * again as another member of its class counts as reached with an empty sleep set, and if it
 * must be expanded again, the recorded member is rebuilt from its trace.
 *
 * Breadth-first order: a re-expansion of a state from an earlier level may find a new state
 * after the level it belongs to. Its trace is still as short as its parent's plus one (paths
 * follow parents), but a violation there could be reported after a deeper one. The search
 * counts such states (`outOfOrder`), so a run that says 0 kept the shortest-trace guarantee.
 */
import { hashCanonical } from './state-hash.ts';
import { fp } from './fingerprint.ts';
import { ActionKeys } from './action-keys.ts';
import { ModelError, type Model } from './model.ts';
import { rebuildPath } from './path.ts';
import { SearchRun, type SearchOptions, type SearchResult } from './search.ts';
import { deadlockFinding } from './verdict.ts';
import { depthLimit } from './limits.ts';

/** Why sleep sets cannot be used on this model, or undefined when they can. */
export function porUnsupported(model: Model<unknown, unknown>): string | undefined {
  if (!model.independent) return 'the model declares no independence between its actions';
  // with liveness properties too: this search still visits every state and lists every state's
  // actions (invariants and quiescent states are judged as without it); the fair-cycle pass
  // builds its own graph, with every edge (graph-diamonds.ts infers the pruned ones)
  return undefined;
}

/**
 * Per state id: the sleep set (sorted action-key ids, in one pool), whether it was expanded,
 * its depth, and the fingerprint of the state itself (not of its canonical form): a sleep set
 * names actions of one state, and a canonical form may merge several.
 */
class SleepTable {
  private start = new Int32Array(1024);
  private length = new Int32Array(1024);
  private depths = new Int32Array(1024);
  private ownHi = new Int32Array(1024);
  private ownLo = new Int32Array(1024);
  private expandedFlags = new Uint8Array(1024);
  private pool = new Int32Array(1 << 16);
  private top = 0;

  add(id: number, sleep: readonly number[], depth: number, own: { hi: number; lo: number }): void {
    if (id >= this.start.length) this.grow(id);
    if (this.top + sleep.length > this.pool.length) {
      const p = new Int32Array(Math.max(this.pool.length * 2, this.top + sleep.length));
      p.set(this.pool.subarray(0, this.top));
      this.pool = p;
    }
    this.start[id] = this.top;
    this.length[id] = sleep.length;
    for (let i = 0; i < sleep.length; i++) this.pool[this.top++] = sleep[i];
    this.depths[id] = depth;
    this.ownHi[id] = own.hi;
    this.ownLo[id] = own.lo;
  }

  /** Whether the state recorded under `id` is this very state (and not another member of its class). */
  isSameState(id: number, own: { hi: number; lo: number }): boolean {
    return this.ownHi[id] === own.hi && this.ownLo[id] === own.lo;
  }

  sleep(id: number): readonly number[] {
    // a loop: Array.from over a subarray view costs more than the search's own bookkeeping
    const n = this.length[id], at = this.start[id];
    if (n === 0) return NOTHING;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.pool[at + i];
    return out;
  }

  /** Whether the sleep set of `id` is empty (then a revisit cannot wake anything). */
  empty(id: number): boolean {
    return this.length[id] === 0;
  }

  /** Whether the sleep set of `id` is a subset of sorted `b` (without copying it). */
  subsetOf(id: number, b: readonly number[]): boolean {
    let j = 0;
    for (let i = this.start[id], end = i + this.length[id]; i < end; i++) {
      const x = this.pool[i];
      while (j < b.length && b[j] < x) j++;
      if (j === b.length || b[j] !== x) return false;
    }
    return true;
  }

  /** Replaces the sleep set by a subset of it (in place: a subset never needs more room). */
  shrink(id: number, subset: readonly number[]): void {
    const at = this.start[id];
    for (let i = 0; i < subset.length; i++) this.pool[at + i] = subset[i];
    this.length[id] = subset.length;
  }

  depth(id: number): number {
    return this.depths[id];
  }

  expanded(id: number): boolean {
    return this.expandedFlags[id] === 1;
  }

  markExpanded(id: number): void {
    this.expandedFlags[id] = 1;
  }

  private grow(id: number): void {
    let n = this.start.length;
    while (n <= id) n *= 2;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.start = i32(this.start);
    this.length = i32(this.length);
    this.depths = i32(this.depths);
    this.ownHi = i32(this.ownHi);
    this.ownLo = i32(this.ownLo);
    const f = new Uint8Array(n);
    f.set(this.expandedFlags);
    this.expandedFlags = f;
  }
}

/** The empty sleep set, shared (most states have one). */
const NOTHING: readonly number[] = Object.freeze([]);

/** Per action of the state being expanded: whether it sleeps there (grown as needed, cleared before use). */
let sleepingScratch = new Uint8Array(64);

function intersect(a: readonly number[], b: readonly number[]): number[] {
  return a.filter((x) => b.includes(x));
}

/** Sorts a short array of numbers in place (insertion sort: sleep sets hold a few actions). */
function sortSmall(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** A state to expand: all its actions but the sleeping ones, or (a re-expansion) only the `woken` ones. */
interface Expansion<S> {
  state: S;
  id: number;
  asleep: readonly number[];
  woken?: readonly number[];
}

/** Breadth-first search with sleep sets; same states and verdicts as `bfs`, fewer successor computations. */
export function sleepSetBfs<S, A>(model: Model<S, A>, options: SearchOptions = {}): SearchResult {
  const run = new SearchRun(model, options, 'bfs');
  const table = new SleepTable();
  const actionKeys = new ActionKeys(model as Model<unknown, A>);
  const por = { applied: true as const, explored: 0, pruned: 0, reexpanded: 0, outOfOrder: 0 };
  run.por = por;
  const maxDepth = options.maxDepth ?? Infinity;
  const independent = model.independent!.bind(model);
  const canonical = model.canonical?.bind(model);
  const queue = run.newQueue();
  let truncated = false;
  let stopped = false;
  const reexpansions: Expansion<S>[] = [];

  /** The fingerprint of the state itself, beside fp's of its canonical form (the same unless the form merged it with others). */
  const own = { hi: 0, lo: 0 };
  /** Records a state: its new id, or -2 - id when it was seen before. Throws UnserialisableStateError. */
  const record = (state: S, parent: number, choice: number): number => {
    const c = canonical ? canonical(state) : state;
    if (c !== state) {
      hashCanonical(run.model, state);
      own.hi = fp.hi;
      own.lo = fp.lo;
    }
    hashCanonical(run.model, c);
    if (c === state) {
      own.hi = fp.hi;
      own.lo = fp.lo;
    }
    const id = run.visited.add(fp.hi, fp.lo, parent, choice);
    if (id >= 0) run.countOrbit(state);
    return id >= 0 ? id : -2 - run.visited.find(fp.hi, fp.lo);
  };

  /**
   * A state reached again with sleep set `sleep`: it keeps the intersection, and if it was
   * expanded, what woke up is taken at once. Reached as another member of its canonical class,
   * the sleep set names that member's actions: it counts as empty, and the recorded member
   * (rebuilt from its trace) is expanded again.
   */
  const revisit = (state: S, id: number, sleep: readonly number[]): boolean => {
    const same = table.isSameState(id, own);
    const incoming = same ? sleep : [];
    if (table.subsetOf(id, incoming)) return true;
    const stored = table.sleep(id);
    const asleep = intersect(stored, incoming);
    table.shrink(id, asleep);
    if (!table.expanded(id) || table.depth(id) >= maxDepth) return true;
    por.reexpanded++;
    let member = state;
    if (!same) {
      try {
        member = rebuildPath(model, run.visited.pathTo(id)).states.at(-1)!;
      } catch (err) {
        run.modelError(err, id, -1);
        return false;
      }
    }
    reexpansions.push({ state: member, id, asleep, woken: stored.filter((k) => !incoming.includes(k)) });
    return true;
  };

  /** Takes the awake actions of one state; false when the search must stop. */
  const expand = ({ state, id, asleep, woken }: Expansion<S>, actions: readonly A[]): boolean => {
    const depth = table.depth(id);
    const keys = actions.length > 1 || asleep.length > 0 ? actionKeys.unique(actions) : [-1];
    if (sleepingScratch.length < actions.length) sleepingScratch = new Uint8Array(2 * actions.length);
    const sleeping = sleepingScratch;
    sleeping.fill(0, 0, actions.length);
    let sleepingCount = 0;
    for (const k of asleep) {
      const i = keys.indexOf(k);
      if (i >= 0) {
        sleeping[i] = 1;
        sleepingCount++;
      } else if (!actions.some((a) => actionKeys.id(a) === k)) {
        const key = actionKeys.name(k);
        run.modelError(new ModelError(`partial-order reduction: the action ${key} was said to be independent of the steps taken since it was enabled, but it is no longer enabled: the model's independent() is wrong`, 'unsound-independence', 2), id, -1);
        return false;
      }
    }
    // the running sleep set: what was asleep here, then each action once taken
    const taken: number[] = [];
    for (let i = 0; i < actions.length; i++) if (sleeping[i]) taken.push(i);
    let successors = 0;
    for (let i = 0; i < actions.length; i++) {
      if (sleeping[i]) {
        if (woken === undefined) por.pruned++;
        continue;
      }
      if (woken !== undefined && !woken.includes(keys[i])) continue;
      let next: S | null;
      let nid: number;
      try {
        next = model.next(state, actions[i]);
        por.explored++;
        if (next === null) continue;
        nid = record(next, id, i);
      } catch (err) {
        run.modelError(err, id, i);
        return false;
      }
      successors++;
      run.generated++;
      run.countAction(actions[i], nid >= 0);
      if (nid < 0 && table.empty(-2 - nid)) {
        // reached again with nothing asleep there: no sleep set can wake anything
        if (keys[i] >= 0) taken.push(i);
        continue;
      }
      let asleepThere: number[] | undefined;
      for (const j of taken) if (independent(state, actions[j], actions[i])) (asleepThere ??= []).push(keys[j]);
      if (asleepThere) sortSmall(asleepThere);
      const childSleep = asleepThere ?? NOTHING;
      if (keys[i] >= 0) taken.push(i);
      if (nid < 0) {
        if (!revisit(next, -2 - nid, childSleep)) return false;
        continue;
      }
      table.add(nid, childSleep, depth + 1, own);
      if (depth < run.depth) por.outOfOrder++;
      if (!run.checkInvariants(next, nid)) {
        run.depth = depth + 1;
        return false;
      }
      queue.push(next, nid);
    }
    if (woken === undefined && successors === 0 && sleepingCount === 0 && options.checkDeadlock) {
      run.fail({ ...deadlockFinding, path: run.visited.pathTo(id) });
      return false;
    }
    return true;
  };

  const inits = model.initialStates();
  for (let i = 0; i < inits.length; i++) {
    let id: number;
    try {
      id = record(inits[i], -1, i);
    } catch (err) {
      run.modelError(err, -1, i);
      return run.result();
    }
    if (id < 0) continue;
    table.add(id, [], 0, own);
    if (!run.checkInvariants(inits[i], id)) return run.result();
    queue.push(inits[i], id);
  }
  let levelEnd = queue.pushed;
  while (queue.size > 0 && !stopped) {
    if (queue.taken === levelEnd) {
      run.depth++;
      levelEnd = queue.pushed;
    }
    if (run.tick()) break;
    const state = queue.shift();
    const id = queue.id;
    run.queued = queue.size;
    table.markExpanded(id);
    const actions = run.enabled(state, id);
    if (actions === undefined) break;
    if (table.depth(id) >= maxDepth) {
      if (actions.length > 0) truncated = true;
      continue;
    }
    if (!expand({ state, id, asleep: table.sleep(id) }, actions)) break;
    while (reexpansions.length > 0) {
      const e = reexpansions.pop()!;
      let again: readonly A[];
      try {
        again = model.actions(e.state);
      } catch (err) {
        run.modelError(err, e.id, -1);
        stopped = true;
        break;
      }
      if (!expand(e, again)) {
        stopped = true;
        break;
      }
    }
  }
  run.queued = queue.size;
  if (truncated && !run.limit && !run.violation) run.limit = depthLimit(maxDepth);
  return run.result();
}
