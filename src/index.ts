// The public API: what a protocol author or a vitest user imports.
export type { Model, Invariant, LivenessProperty, Fairness } from './core/model.ts';
export { invariant } from './core/model.ts';
export { bfs } from './core/bfs.ts';
export { dfs } from './core/dfs.ts';
export type { SearchOptions, SearchResult, SearchStats, Violation } from './core/search.ts';
export { fingerprintHex } from './core/fingerprint.ts';
export { defineModel, type ModelModule, type Params } from './spec/module.ts';
