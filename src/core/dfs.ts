import type { Model } from './model.ts';
import { SearchRun, type SearchOptions, type SearchResult } from './search.ts';
import { deadlockFinding } from './verdict.ts';
import { depthLimit } from './limits.ts';
import { dpor, dporUnsupported } from './dpor.ts';

interface Frame<S, A> {
  state: S;
  id: number;
  actions: readonly A[];
  next: number;
  successors: number;
}

/**
 * Depth-first search with a visited set: the same states as BFS, little memory beyond the
 * visited set, but counterexamples are not the shortest. With `por`, dynamic partial-order
 * reduction (dpor.ts) where the model allows it, else this search, saying why not.
 */
export function dfs<S, A>(model: Model<S, A>, options: SearchOptions = {}): SearchResult {
  if (!options.por) return plainDfs(model, options);
  let reason = dporUnsupported(model as Model<unknown, unknown>, options);
  if (reason === undefined) {
    const r = dpor(model, options);
    if (!('abandoned' in r)) {
      reason = r.verdict === 'violation' ? undefined : model.reductionUnsound?.();
      if (reason === undefined) return r;
    } else reason = r.abandoned;
  }
  const r = plainDfs(model, options);
  r.stats.por = { applied: false, reason };
  return r;
}

function plainDfs<S, A>(model: Model<S, A>, options: SearchOptions): SearchResult {
  const run = new SearchRun(model, options, 'dfs');
  const maxDepth = options.maxDepth ?? Infinity;
  let truncated = false;
  const stack: Frame<S, A>[] = [];

  const push = (state: S, id: number): boolean => {
    const actions = run.enabled(state, id);
    if (actions === undefined) return false;
    if (stack.length >= maxDepth + 1) {
      if (actions.length > 0) truncated = true;
      return true;
    }
    stack.push({ state, id, actions, next: 0, successors: 0 });
    if (stack.length - 1 > run.depth) run.depth = stack.length - 1;
    return true;
  };

  const inits = model.initialStates();
  outer: for (let i = 0; i < inits.length; i++) {
    const id = run.add(inits[i], -1, i);
    if (id < 0) continue;
    if (!run.checkInvariants(inits[i], id) || !push(inits[i], id)) break;
    while (stack.length > 0) {
      if (run.tick()) break outer;
      const top = stack[stack.length - 1];
      if (top.next >= top.actions.length) {
        if (options.checkDeadlock && top.successors === 0) {
          run.fail({ ...deadlockFinding, path: run.visited.pathTo(top.id) });
          break outer;
        }
        stack.pop();
        continue;
      }
      const choice = top.next++;
      let next: S | null;
      try {
        next = model.next(top.state, top.actions[choice]);
      } catch (err) {
        run.modelError(err, top.id, choice);
        break outer;
      }
      if (next === null) continue;
      top.successors++;
      run.generated++;
      let nid: number;
      try {
        nid = run.add(next, top.id, choice);
      } catch (err) {
        run.modelError(err, top.id, choice);
        break outer;
      }
      run.countAction(top.actions[choice], nid >= 0);
      if (nid < 0) continue;
      if (!run.checkInvariants(next, nid) || !push(next, nid)) break outer;
      run.queued = stack.length;
    }
  }
  run.queued = stack.length;
  if (truncated && !run.limit && !run.violation) {
    run.limit = depthLimit(maxDepth);
  }
  return run.result();
}
