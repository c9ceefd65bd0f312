import type { Model } from './model.ts';
import { SearchRun, type SearchOptions, type SearchResult } from './search.ts';
import { deadlockFinding } from './verdict.ts';
import { depthLimit } from './limits.ts';
import { porUnsupported, sleepSetBfs } from './sleep.ts';

/**
 * Breadth-first search: every reachable state once, level by level, so the first violation
 * found has a shortest trace.
 */
export function bfs<S, A>(model: Model<S, A>, options: SearchOptions = {}): SearchResult {
  const notUsed = options.por ? porUnsupported(model as Model<unknown, unknown>) : undefined;
  if (options.por && notUsed === undefined) return sleepSetBfs(model, options);
  const run = new SearchRun(model, options, 'bfs');
  if (notUsed !== undefined) run.por = { applied: false, reason: notUsed };
  const queue = run.newQueue();
  const inits = model.initialStates();
  for (let i = 0; i < inits.length; i++) {
    const id = run.add(inits[i], -1, i);
    if (id < 0) continue;
    if (!run.checkInvariants(inits[i], id)) return run.result();
    queue.push(inits[i], id);
  }
  let levelEnd = queue.pushed;
  let truncated = false;
  const maxDepth = options.maxDepth ?? Infinity;
  while (queue.size > 0) {
    if (queue.taken === levelEnd) {
      run.depth++;
      levelEnd = queue.pushed;
    }
    if (run.tick()) break;
    const state = queue.shift();
    const id = queue.id;
    run.queued = queue.size;
    let actions: readonly A[];
    try {
      actions = model.actions(state);
    } catch (err) {
      run.modelError(err, id, -1);
      break;
    }
    if (!run.checkQuiescent(state, actions, id)) break;
    if (run.depth >= maxDepth) {
      if (actions.length > 0) truncated = true;
      continue;
    }
    let successors = 0;
    for (let i = 0; i < actions.length; i++) {
      let next: S | null;
      try {
        next = model.next(state, actions[i]);
      } catch (err) {
        run.modelError(err, id, i);
        return run.result();
      }
      if (next === null) continue;
      successors++;
      run.generated++;
      let nid: number;
      try {
        nid = run.add(next, id, i);
      } catch (err) {
        run.modelError(err, id, i);
        return run.result();
      }
      run.countAction(actions[i], nid >= 0);
      if (nid < 0) continue;
      if (!run.checkInvariants(next, nid)) {
        run.depth++;
        return run.result();
      }
      queue.push(next, nid);
    }
    if (successors === 0 && options.checkDeadlock) {
      run.fail({ ...deadlockFinding, path: run.visited.pathTo(id) });
      break;
    }
  }
  run.queued = queue.size;
  if (truncated && !run.limit && !run.violation) {
    run.limit = depthLimit(maxDepth);
  }
  return run.result();
}
