/**
 * State-reducing partial-order reduction for depth-first search: source-set dynamic
 * partial-order reduction (Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic partial order
 * reduction", POPL 2014; here without sleep sets, which only save transitions) over a visited
 * set, with the summaries a visited set needs (the problem and the remedy of Yang, Chen,
 * Gopalakrishnan, Kirby, "Efficient stateful dynamic partial order reduction", SPIN 2008).
 *
 * Steps are events with footprints (Model.footprint: the processes a step reads or writes).
 * Two steps whose footprints meet are dependent; along the explored path, a step happens
 * before a later one if they are dependent or it enabled it (the later step's key was not
 * enabled before it), and transitively. A state is expanded by one step at first; a race is a
 * step x and the last earlier step e it depends on directly (not through another step of the
 * path) and could have preceded (nothing that enabled x happens after e). For each race the
 * state before e gets a step that starts another order: the first step of the path that
 * precedes x and not e, else x itself (or, failing those, every step there).
 *
 * With a visited set a state reached again hides its subtree from the new path: its summary
 * stands in for it. A summary holds, per path explored below the state, the first step of each
 * process on it (later ones race with that one, not with the stack) with what precedes it on
 * the path: the footprints of those steps, the keys among them that were enabled where the
 * path starts (their enablers are on the stack) and the first of them. From these the races
 * with the new stack are found as for a step taken there. Summaries of a state's children are
 * carried up through the step that led to each child when the child is finished.
 *
 * Soundness, and where the search gives up the reduction (and runs as plain depth-first
 * search, saying why): every ordering of dependent steps is explored, so every state that ends
 * a run and every state just before a step whose footprint is everything (a partition) is
 * visited. A step that changes what the invariants read (Model.observes: for a system, a
 * history or who is down) touches one more shared object, so those steps are ordered among
 * themselves and every value the invariants can read is judged in some visited state; an
 * invariant that reads more (a property that reads process states) is not covered
 * (Model.reductionUnsound). A step that disables another (a crash using up the budget) has
 * the disabled one taken there too, as it will never run later to race with it. A summary of
 * a state still on the stack is incomplete, so a cycle ends the reduction; so do a depth bound
 * (races below it unseen), a canonical form (a state reached again as another member of its
 * class has other steps) and a visited set on disk; and, as a matter of cost, a reduction that
 * prunes little or whose summaries grow large (TRIAL below). The states are fewer; the
 * counterexamples are a depth-first search's, not the shortest.
 */
import { ActionKeys } from './action-keys.ts';
import { fp } from './fingerprint.ts';
import type { Model } from './model.ts';
import { SearchRun, type SearchOptions, type SearchResult } from './search.ts';
import { deadlockFinding } from './verdict.ts';

/**
 * Footprints are bitmasks: processes 0..29 (a step touching a higher pid counts as touching
 * all) and, as one more shared object, what the invariants read (`OBSERVED`, Model.observes).
 */
const PIDS = 30;
const OBSERVED = 1 << PIDS;
const BITS = PIDS + 1;
const ALL = (1 << BITS) - 1;

interface Root {
  readonly key: number;
  readonly mask: number;
}

/** A first step of some process on a path explored below a state (see above). */
interface Entry {
  readonly key: number;
  readonly own: number;
  /** The footprints of the earlier steps of its path that happen before it. */
  readonly path: number;
  /** The keys of it and of those steps that were enabled where the path starts, sorted. */
  readonly enabled: readonly number[];
  /** The first of those steps (or itself): what another order would start with. */
  readonly roots: readonly Root[];
  /** `through` results, by the step's key, whether it was observed, and which of `enabled` and `roots` were enabled before it. */
  memo?: Map<number, Entry>;
}

interface Frame<S, A> {
  readonly state: S;
  readonly id: number;
  readonly actions: readonly A[];
  /** Key id of each action, and the first action of each key. */
  readonly keys: readonly number[];
  readonly index: Map<number, number>;
  /** Actions to take here (indices), in order; `queued` marks those in it. */
  readonly todo: number[];
  readonly queued: Uint8Array;
  next: number;
  successors: number;
  /** Per process, the last position below this one whose step touched it (-1: none). */
  readonly last: Int32Array;
  /** The step being taken from here: its key, footprint and the positions that happen before it. */
  key: number;
  mask: number;
  past: Uint32Array;
  readonly summary: Set<Entry>;
}

function sortedHas(a: Int32Array, k: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] === k) return true;
    if (a[mid] < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The reduction costs several times the plain search per state (its summaries): if, once this
 * many states are finished, it has left fewer than this share of their steps untaken, or
 * later its summaries grow past CARRIED entries per successor, the search gives it up and
 * runs plain (a judgement of cost, not of soundness).
 */
const TRIAL = 10_000;
const WORTH = 0.05;
/** Nor does it pay when each successor costs more than this many summary entries carried or checked (checked every TRIAL finished states). */
const CARRIED = 100;

const int = (n: number) => n.toLocaleString('en-US');

/** Why dpor cannot be used on this model with these options, or undefined. */
export function dporUnsupported(model: Model<unknown, unknown>, options: SearchOptions): string | undefined {
  if (!model.footprint) return 'the model declares no footprints of its actions';
  if (model.canonical) return 'a canonical form (symmetry) merges states whose steps differ';
  if (options.maxDepth !== undefined) return 'a depth bound hides the races below it';
  if (options.spill !== undefined) return 'the visited set may go to disk (--spill)';
  return undefined;
}

/** The search's result, or why it gave up the reduction (the caller then searches without it). */
export function dpor<S, A>(model: Model<S, A>, options: SearchOptions): SearchResult | { abandoned: string } {
  const run = new SearchRun(model, options, 'dfs');
  const keys = new ActionKeys(model as Model<unknown, A>);
  const masks: number[] = [];
  const interned = new Map<string, Entry>();
  const summaries = new Map<number, readonly Entry[]>();
  /** The key ids enabled in each finished state (what a step into it disables). */
  const enabledIn = new Map<number, Int32Array>();
  const onStack = new Set<number>();
  const stack: Frame<S, A>[] = [];
  let pruned = 0;
  let popped = 0;
  let enabledPopped = 0;
  /** Summary entries carried or checked so far: the reduction's own work. */
  let carried = 0;
  let abandoned: string | undefined;

  const maskOf = (key: number, a: A): number => {
    let m = masks[key];
    if (m !== undefined) return m;
    const f = model.footprint!(a);
    m = 0;
    if (f === null) m = ALL;
    else for (const p of f) m = p >= 0 && p < PIDS ? m | (1 << p) : ALL;
    masks[key] = m;
    return m;
  };

  const intern = (key: number, own: number, path: number, enabled: readonly number[], roots: readonly Root[]): Entry => {
    const sig = `${key}|${own}|${path}|${enabled.join(',')}|${roots.map((r) => `${r.key}:${r.mask}`).join(',')}`;
    let e = interned.get(sig);
    if (e === undefined) interned.set(sig, (e = { key, own, path, enabled, roots }));
    return e;
  };

  /** Enablers found for one top of the path (one hit asks for the same keys again and again); cleared whenever the stack changes. */
  const enablers = new Map<number, number>();
  let enablersTop = -1;
  /** The position whose step enabled key `k` (enabled at position `top`), or -1. */
  const enablerOf = (k: number, top: number): number => {
    if (top !== enablersTop) {
      enablers.clear();
      enablersTop = top;
    }
    let e = enablers.get(k);
    if (e !== undefined) return e;
    e = -1;
    for (let i = top - 1; i >= 0; i--) if (!stack[i].index.has(k)) {
      e = i;
      break;
    }
    enablers.set(k, e);
    return e;
  };

  let scratch = new Uint32Array(4);
  const addPast = (into: Uint32Array, j: number, withSelf: boolean): void => {
    if (withSelf) into[j >>> 5] |= 1 << (j & 31);
    const p = stack[j].past;
    for (let w = 0; w < p.length; w++) into[w] |= p[w];
  };

  const enqueue = (f: Frame<S, A>, idx: number): void => {
    if (f.queued[idx]) return;
    f.queued[idx] = 1;
    f.todo.push(idx);
  };
  const enqueueAll = (f: Frame<S, A>): void => {
    for (let i = 0; i < f.actions.length; i++) enqueue(f, i);
  };
  const enqueueKey = (f: Frame<S, A>, key: number): boolean => {
    const idx = f.index.get(key);
    if (idx === undefined) return false;
    enqueue(f, idx);
    return true;
  };

  /** Races of `x`, which would be taken at position `top` (positions below it: the path), with the path; `last` as a frame's. */
  const races = (x: Entry, top: number, last: Int32Array): void => {
    const free = x.own & ~x.path;
    const before = x.own | x.path;
    let checked = -1;
    for (let a = 0; a < BITS; a++) {
      if (!((free >>> a) & 1)) continue;
      const i = last[a];
      if (i < 0 || i === checked) continue;
      checked = i;
      const f = stack[i];
      if (f.todo.length === f.actions.length) continue;
      const words = (top >>> 5) + 1;
      if (scratch.length < words) scratch = new Uint32Array(words * 2);
      const other = scratch;
      other.fill(0, 0, words);
      for (let b = 0; b < BITS; b++) {
        if (!((before >>> b) & 1)) continue;
        const j = last[b];
        if (j < 0) continue;
        // a step that touches two of x's processes is one direct dependence, not a path through another step
        addPast(other, j, j !== i || ((x.path >>> b) & 1) === 1);
      }
      for (const k of x.enabled) {
        const j = enablerOf(k, top);
        if (j >= 0) addPast(other, j, true);
      }
      if ((other[i >>> 5] >>> (i & 31)) & 1) continue;
      let first = -1;
      for (let j = i + 1; j < top && first < 0; j++) if ((other[j >>> 5] >>> (j & 31)) & 1) first = j;
      if (first >= 0 ? enqueueKey(f, stack[first].key) : x.roots.some((r) => enqueueKey(f, r.key))) continue;
      enqueueAll(f);
    }
  };

  /**
   * A step that disables another (a crash that uses up the budget, a delivery that cancels a
   * timer) leaves it no later execution to race with: the disabled one is taken here too.
   */
  const disabled = (f: Frame<S, A>, after: { has(k: number): boolean }): void => {
    for (let i = 0; i < f.keys.length; i++) if (!f.queued[i] && f.keys[i] !== f.key && !after.has(f.keys[i])) enqueue(f, i);
  };

  /** An entry of a child's summary as its parent `f` sees it, through the step `f` took; undefined when that step comes first. */
  const through = (x: Entry, f: Frame<S, A>): Entry | undefined => {
    let precedes = (f.mask & (x.own | x.path)) !== 0;
    // which of its enabled keys and roots are enabled before the step: with the step's key, all the result depends on
    let present = 0;
    const ne = x.enabled.length;
    for (let i = 0; i < ne; i++) if (f.index.has(x.enabled[i])) present |= 1 << i;
    else precedes = true;
    if (!precedes) return x;
    const path = x.path | f.mask;
    if ((x.own & ~path) === 0) return undefined;
    for (let i = 0; i < x.roots.length && ne + i < 21; i++) if (f.index.has(x.roots[i].key)) present |= 1 << (ne + i);
    // the step's footprint is its key's and whether it was observed (Model.observes), which can differ between two runs of one key
    const memoKey = ne + x.roots.length < 21 ? (f.key * 2 + (f.mask & OBSERVED ? 1 : 0)) * 2 ** 21 + present : -1;
    const memo = (x.memo ??= new Map());
    if (memoKey >= 0) {
      const y = memo.get(memoKey);
      if (y !== undefined) return y;
    }
    const enabled = x.enabled.filter((_, i) => (present >>> i) & 1);
    if (!enabled.includes(f.key)) enabled.push(f.key);
    enabled.sort((p, q) => p - q);
    const roots = [{ key: f.key, mask: f.mask }, ...x.roots.filter((r) => (r.mask & f.mask) === 0 && f.index.has(r.key))].sort((p, q) => p.key - q.key);
    const y = intern(x.key, x.own, path, enabled, roots);
    if (memoKey >= 0) memo.set(memoKey, y);
    return y;
  };

  const push = (state: S, id: number): boolean => {
    const actions = run.enabled(state, id);
    if (actions === undefined) return false;
    const ks = actions.map((a) => keys.id(a));
    const index = new Map<number, number>();
    let repeated = false;
    ks.forEach((k, i) => (index.has(k) ? (repeated = true) : index.set(k, i)));
    const below = stack[stack.length - 1];
    const last = below ? Int32Array.from(below.last) : new Int32Array(BITS).fill(-1);
    if (below) for (let a = 0; a < BITS; a++) if ((below.mask >>> a) & 1) last[a] = stack.length - 1;
    const f: Frame<S, A> = { state, id, actions, keys: ks, index, todo: [], queued: new Uint8Array(actions.length), next: 0, successors: 0, last, key: -1, mask: 0, past: new Uint32Array(0), summary: new Set() };
    // equal keys in one state: which of them another state's key means is unknown, so take all
    if (repeated) enqueueAll(f);
    else if (actions.length > 0) enqueue(f, 0);
    stack.push(f);
    enablersTop = -1;
    onStack.add(id);
    if (stack.length - 1 > run.depth) run.depth = stack.length - 1;
    return true;
  };

  const pop = (): void => {
    const f = stack.pop()!;
    enablersTop = -1;
    onStack.delete(f.id);
    pruned += f.actions.length - f.todo.length;
    enabledPopped += f.actions.length;
    carried += f.summary.size;
    if (++popped === TRIAL && pruned < enabledPopped * WORTH) {
      abandoned = `it left only ${((100 * pruned) / Math.max(1, enabledPopped)).toFixed(1)}% of the steps untaken in the first ${int(TRIAL)} states it finished: the plain search costs less`;
    } else if (popped % TRIAL === 0 && carried > CARRIED * run.generated) {
      abandoned = `its summaries cost ${(carried / run.generated).toFixed(0)} entries per successor after ${int(popped)} states: the plain search costs less`;
    }
    const entries = [...f.summary];
    summaries.set(f.id, entries);
    enabledIn.set(f.id, Int32Array.from(f.index.keys()).sort());
    const parent = stack[stack.length - 1];
    if (parent) for (const x of entries) {
      const y = through(x, parent);
      if (y) parent.summary.add(y);
    }
  };

  const inits = model.initialStates();
  outer: for (let n = 0; n < inits.length; n++) {
    const id = run.add(inits[n], -1, n);
    if (id < 0) continue;
    if (!run.checkInvariants(inits[n], id) || !push(inits[n], id)) break;
    while (stack.length > 0) {
      if (run.tick() || abandoned !== undefined) break outer;
      const m = stack.length - 1;
      const top = stack[m];
      if (top.next >= top.todo.length) {
        if (options.checkDeadlock && top.successors === 0) {
          run.fail({ ...deadlockFinding, path: run.visited.pathTo(top.id) });
          break outer;
        }
        pop();
        continue;
      }
      const idx = top.todo[top.next++];
      const action = top.actions[idx];
      let next: S | null;
      try {
        next = model.next(top.state, action);
      } catch (err) {
        run.modelError(err, top.id, idx);
        break outer;
      }
      if (next === null) {
        // a no-op is no step: some other action must stand for this state
        if (top.successors === 0 && top.next >= top.todo.length) for (let i = 0; i < top.actions.length; i++) if (!top.queued[i]) {
          enqueue(top, i);
          break;
        }
        continue;
      }
      top.successors++;
      run.generated++;
      top.key = top.keys[idx];
      top.mask = maskOf(top.key, action) | (!model.observes || model.observes(top.state, next) ? OBSERVED : 0);
      const past = new Uint32Array((m >>> 5) + 1);
      for (let a = 0; a < BITS; a++) if ((top.mask >>> a) & 1 && top.last[a] >= 0) addPast(past, top.last[a], true);
      const enabler = enablerOf(top.key, m);
      if (enabler >= 0) addPast(past, enabler, true);
      top.past = past;
      const own = intern(top.key, top.mask, 0, [top.key], [{ key: top.key, mask: top.mask }]);
      races(own, m, top.last);
      top.summary.add(own);
      let nid: number;
      try {
        nid = run.add(next, top.id, idx);
      } catch (err) {
        run.modelError(err, top.id, idx);
        break outer;
      }
      run.countAction(action, nid >= 0);
      if (nid >= 0) {
        if (!run.checkInvariants(next, nid) || !push(next, nid)) break outer;
        run.queued = stack.length;
        disabled(top, stack[m + 1].index);
        continue;
      }
      const seen = run.visited.find(fp.hi, fp.lo);
      const after = enabledIn.get(seen);
      if (after) disabled(top, { has: (k) => sortedHas(after, k) });
      if (onStack.has(seen)) {
        abandoned = 'the state graph has a cycle (a state reached again while its subtree is being explored)';
        break outer;
      }
      const below = summaries.get(seen) ?? [];
      const last = Int32Array.from(top.last);
      for (let a = 0; a < BITS; a++) if ((top.mask >>> a) & 1) last[a] = m;
      // processes whose last step on the path starts a state that could still take more
      let open = 0;
      for (let a = 0; a < BITS; a++) if (last[a] >= 0 && stack[last[a]].todo.length < stack[last[a]].actions.length) open |= 1 << a;
      carried += below.length;
      for (const x of below) {
        if (x.own & ~x.path & open) races(x, m + 1, last);
        const y = through(x, top);
        if (y) top.summary.add(y);
      }
    }
  }
  if (abandoned !== undefined) return { abandoned };
  run.queued = stack.length;
  run.por = { applied: true, method: 'dpor', explored: run.generated, pruned, reexpanded: 0, outOfOrder: 0 };
  return run.result();
}
