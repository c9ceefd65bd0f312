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
  let queue: (S | undefined)[] = [];
  let ids: number[] = [];
  let head = 0;
  const inits = model.initialStates();
  for (let i = 0; i < inits.length; i++) {
    const id = run.add(inits[i], -1, i);
    if (id < 0) continue;
    if (!run.checkInvariants(inits[i], id)) return run.result();
    queue.push(inits[i]);
    ids.push(id);
  }
  let levelEnd = queue.length;
  let truncated = false;
  const maxDepth = options.maxDepth ?? Infinity;
  while (head < queue.length) {
    if (head === levelEnd) {
      run.depth++;
      levelEnd = queue.length;
    }
    if (run.tick()) break;
    const state = queue[head] as S;
    const id = ids[head];
    queue[head] = undefined;
    head++;
    run.queued = queue.length - head;
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
      queue.push(next);
      ids.push(nid);
    }
    if (successors === 0 && options.checkDeadlock) {
      run.fail({ ...deadlockFinding, path: run.visited.pathTo(id) });
      break;
    }
    if (head > 1 << 16 && head * 2 > queue.length) {
      queue = queue.slice(head);
      ids = ids.slice(head);
      levelEnd -= head;
      head = 0;
    }
  }
  run.queued = queue.length - head;
  if (truncated && !run.limit && !run.violation) {
    run.limit = depthLimit(maxDepth);
  }
  return run.result();
}
