// The public API: what a protocol author or a vitest user imports.
export type { Model, Invariant, LivenessProperty, Fairness } from './core/model.ts';
export { invariant } from './core/model.ts';
export { bfs } from './core/bfs.ts';
export { dfs } from './core/dfs.ts';
export type { SearchOptions, SearchResult, SearchStats, Violation } from './core/search.ts';
export { fingerprintHex } from './core/fingerprint.ts';
export { parallelBfs, type ModelSource } from './core/parallel.ts';
export { symmetryReduction, permuteSlots, permuteId, type SymmetryOptions } from './core/symmetry.ts';
export { defineModel, type ModelModule, type Params } from './spec/module.ts';
export { defineProtocol, role, type Ctx, type Pid, type ProtocolModule, type ProtocolTypes, type RoleDef } from './system/protocol.ts';
export type { SystemConfig, NetworkConfig, FaultConfig } from './system/config.ts';
export { defineProperty, indications, requests, type History, type HistoryEvent, type PropertyDef, type SystemProperty } from './system/history.ts';
export { SystemModel, type World } from './system/system.ts';
export { runSpec, type SpecOutcome } from './spec/run.ts';
export { loadSpec } from './spec/spec.ts';
