/**
 * The search strategies a spec or the command line can name, and how each runs a model:
 * breadth-first (shortest counterexamples; on worker threads with `workers > 1`),
 * depth-first, and random (seeded runs on fast-check, with shrinking: evidence, not proof).
 */
import { bfs, bfsKeepingGraph } from '../core/bfs.ts';
import type { GraphBuild } from '../core/graph.ts';
import { dfs } from '../core/dfs.ts';
import type { Model } from '../core/model.ts';
import { parallelBfs, type ModelSource } from '../core/parallel.ts';
import { randomSearch, type Walk } from '../core/random.ts';
import type { SearchOptions, SearchResult } from '../core/search.ts';

/** `estimate` is not a search: it measures a spec's metrics over random runs (estimate.ts). */
export const STRATEGIES = ['bfs', 'dfs', 'random', 'estimate'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface StrategySettings {
  strategy: Strategy;
  workers?: number;
  seed?: number;
  runs?: number;
  walk?: Walk;
  shard?: { index: number; count: number };
  /** Breadth-first search with its visited set and frontier in Redis (`--store redis://...`; src/distributed), `workers` worker processes here. */
  store?: string;
  /** With `store`: continue the stopped run of the same model and settings. */
  resume?: boolean;
}

/**
 * Whether the search can keep the fair-cycle graph of the model's liveness properties as it
 * goes, so that the liveness pass is no second exploration: breadth-first on this thread, in
 * memory, and, under a canonical form, only when it is one per class of renamings
 * (`exactQuotient`): the pass then lifts components of the quotient it kept back to real
 * states (core/symmetry-liveness.ts); otherwise it runs on the model without the form.
 */
export function keepsGraph(model: Model<any, any>, settings: StrategySettings, search: SearchOptions, exactQuotient = false): boolean {
  return settings.strategy === 'bfs' && (settings.workers ?? 1) <= 1 && !settings.store && search.spill === undefined && !!model.liveness?.length && (!model.canonical || exactQuotient);
}

/** `explore` for a model that `keepsGraph`: the search's result and the graph it kept (a quotient under a canonical form). */
export function exploreKeepingGraph(model: Model<any, any>, search: SearchOptions): { result: SearchResult; graph: GraphBuild } {
  return bfsKeepingGraph(model, search, model.canonical !== undefined);
}

/** Explores a model with the strategy the settings name; worker threads rebuild it from `source`. */
export async function explore(model: Model<any, any>, source: ModelSource, settings: StrategySettings, search: SearchOptions): Promise<SearchResult> {
  switch (settings.strategy) {
    case 'random':
      return randomSearch(model, { ...search, seed: settings.seed, runs: settings.runs, walk: settings.walk, shard: settings.shard });
    case 'dfs':
      return dfs(model, search);
    case 'bfs':
      if (settings.store) return (await import('../distributed/search.ts')).storeBfs(model, source, { ...search, store: settings.store, workers: settings.workers, resume: settings.resume });
      return (settings.workers ?? 1) > 1 ? parallelBfs(source, { ...search, workers: settings.workers }) : bfs(model, search);
    case 'estimate':
      throw new Error('an estimate is not a search: runSpec runs it (spec/estimate.ts)');
  }
}
