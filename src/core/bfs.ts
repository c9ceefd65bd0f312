import { fp } from './fingerprint.ts';
import { GraphRecorder } from './graph-recorder.ts';
import type { GraphBuild } from './graph.ts';
import type { Model } from './model.ts';
import { SearchRun, type SearchOptions, type SearchResult } from './search.ts';
import { deadlockFinding } from './verdict.ts';
import { depthLimit } from './limits.ts';
import { porUnsupported, sleepSetBfs } from './sleep.ts';
import { VisitedSet } from './visited.ts';

/**
 * Breadth-first search: every reachable state once, level by level, so the first violation
 * found has a shortest trace.
 */
export function bfs<S, A>(model: Model<S, A>, options: SearchOptions = {}): SearchResult {
  const notUsed = options.por ? porUnsupported(model as Model<unknown, unknown>) : undefined;
  if (options.por && notUsed === undefined) return sleepSetBfs(model, options);
  const run = new SearchRun(model, options, 'bfs');
  if (notUsed !== undefined) run.por = { applied: false, reason: notUsed };
  return search(model, options, run);
}

/**
 * Breadth-first search that also keeps the fair-cycle graph of the model's liveness
 * properties as it goes (graph-recorder.ts), so that the liveness pass needs no second
 * exploration: the states, verdicts and traces of `bfs` without sleep sets, and the graph
 * `buildGraph` builds. With `por`, an edge whose target a diamond of independent steps gives
 * is not computed (graph-diamonds.ts). Not with `spill` (the graph's parent links are the
 * visited set's, kept in memory).
 */
export function bfsKeepingGraph<S, A>(model: Model<S, A>, options: SearchOptions = {}, quotient = false): { result: SearchResult; graph: GraphBuild } {
  if (options.spill !== undefined) throw new Error('bfsKeepingGraph: the fair-cycle graph is kept in memory, not with spill');
  // judged on a quotient alone, fairness is unsound (actions name processes): the caller that
  // asks for one (`quotient`) gives it to checkLivenessUpToSymmetry, which lifts it
  if (model.canonical && !quotient) throw new Error('bfsKeepingGraph: under a canonical form (symmetry), the graph is a quotient: say so (quotient), and judge it with checkLivenessUpToSymmetry');
  const run = new SearchRun(model, options, 'bfs');
  const rec = new GraphRecorder(model, run.visited as VisitedSet, options.por === true);
  const notUsed = options.por ? porUnsupported(model as Model<unknown, unknown>) : undefined;
  if (notUsed !== undefined) run.por = { applied: false, reason: notUsed };
  else if (options.por) run.por = { applied: true, method: 'diamonds', explored: 0, pruned: 0, reexpanded: 0, outOfOrder: 0 };
  const result = search(model, options, run, rec);
  const graph = rec.finish();
  if (result.stats.por?.applied && graph.diamonds) result.stats.por = { ...result.stats.por, explored: result.stats.generated - graph.diamonds.inferred, pruned: graph.diamonds.inferred };
  return { result, graph };
}

function search<S, A>(model: Model<S, A>, options: SearchOptions, run: SearchRun<S, A>, rec?: GraphRecorder<S, A>): SearchResult {
  const queue = run.newQueue();
  const inits = model.initialStates();
  for (let i = 0; i < inits.length; i++) {
    const id = run.add(inits[i], -1, i);
    if (id < 0) continue;
    if (!run.checkInvariants(inits[i], id)) return run.result();
    if (rec && !rec.stop) rec.initial(inits[i], id);
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
    const actions = run.enabled(state, id);
    if (actions === undefined) break;
    if (run.depth >= maxDepth) {
      if (actions.length > 0) truncated = true;
      // a state left unexpanded has no edges: the graph is not the model's (the search ends inconclusive)
      if (rec && !rec.stop) rec.stop = { kind: 'limit', limit: depthLimit(maxDepth) };
      continue;
    }
    // once the graph stopped (a property threw, a quiescent state leaves one unsettled) the
    // search goes on without it: the liveness pass reports that stop if the search ends ok
    const graph = rec && !rec.stop ? rec : undefined;
    graph?.begin(id, state, actions);
    let successors = 0;
    for (let i = 0; i < actions.length; i++) {
      const known = graph ? graph.known(i) : undefined;
      if (known && known.target >= 0 && !known.check) {
        // a diamond gives the target: a state already found, so nothing new to check
        successors++;
        run.generated++;
        run.countAction(actions[i], false);
        try {
          graph!.edge(id, state, i, actions[i], known.target, false, undefined);
        } catch (err) {
          run.modelError(err, id, i);
          return run.result();
        }
        continue;
      }
      let next: S | null;
      try {
        next = model.next(state, actions[i]);
      } catch (err) {
        run.modelError(err, id, i);
        return run.result();
      }
      if (next === null) {
        graph?.none(i);
        continue;
      }
      successors++;
      run.generated++;
      let nid: number;
      try {
        nid = run.add(next, id, i);
        if (graph) {
          const target = nid >= 0 ? nid : run.visited.find(fp.hi, fp.lo);
          if (known && known.target >= 0) graph.confirm(i, known.target, target);
          graph.edge(id, state, i, actions[i], target, nid >= 0, next);
        }
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
    graph?.end(id, state, actions);
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
