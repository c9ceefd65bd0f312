// The public API: what a protocol author, a property author or a vitest user imports. Everything
// else is internal and may change.

// ---- protocols: one reducer per role --------------------------------------------------------
/** Defines a protocol: its roles' reducers and the declarations that keep its state space small. */
export { defineProtocol } from './system/protocol.ts';
/** One role of a multi-role protocol, with its own state type. */
export { role } from './system/protocol.ts';
/** The vocabulary of a protocol, a handler's context, a process id, a role's handlers, a defined protocol. */
export type { ProtocolTypes, Ctx, Pid, RoleDef, ProtocolModule } from './system/protocol.ts';

// ---- properties: over the history and the processes' states ---------------------------------
/** Defines a safety or liveness property a spec names (`- ./props.ts#name`). */
export { defineProperty } from './system/history.ts';
/** Happens-before between two recorded events, from the clocks the system stamps with `causality: true`. */
export { happenedBefore } from './system/history.ts';
/** A process's indications, or requests, of one type, in its order. */
export { indications, requests } from './system/history.ts';
/** What a property reads: the per-process history (and states); its definition; what it knows of the system. */
export type { History, HistoryEvent, PropertyDef, SimplePropertyDef, SystemInfo } from './system/history.ts';
/** Defines a metric a spec's `estimate:` measures on each random run (`- ./metrics.ts#name`): a number, or a yes/no estimated as a probability. */
export { defineMetric } from './system/metric.ts';
/** What a metric reads of one run (the history at its end, first times, traffic); its definition; one run's measure. */
export type { RunRecord, MetricDef, Measure } from './system/metric.ts';

// ---- hand-written core models (Init/Next, as in TLA+) ---------------------------------------
/** Defines a module a spec's `model:` names: parameters and a build of the core Model. */
export { defineModel } from './spec/module.ts';
/** An invariant of a hand-written model from a predicate. */
export { invariant } from './core/model.ts';
/** Symmetry reduction for a hand-written model: a canonical form over interchangeable processes, and helpers to permute their slots and ids. */
export { symmetryReduction, permuteSlots, permuteId } from './core/symmetry.ts';
/** The kernel's interface and its parts. */
export type { Model, Invariant, LivenessProperty, Fairness } from './core/model.ts';
export type { Canonicaliser, SymmetryOptions } from './core/symmetry.ts';
export type { ModelModule, Params } from './spec/module.ts';

// ---- checking --------------------------------------------------------------------------------
/** Checks a spec (a file, or a spec as an object) as the CLI's `check` does, and reports its verdict against its expectation as data. */
export { check } from './api/check.ts';
export type { CheckOptions, CheckReport } from './api/check.ts';
/** Loads a spec, explores its model and compares the outcome with the spec's expectation. */
export { runSpec } from './spec/run.ts';
/** Explores a core Model object directly: breadth-first (shortest counterexamples), depth-first, random. */
export { bfs } from './core/bfs.ts';
export { dfs } from './core/dfs.ts';
export { randomSearch } from './core/random.ts';
/** What a check returns. */
export type { SpecOutcome } from './spec/run.ts';
export type { SearchOptions, SearchResult, SearchStats } from './core/search.ts';
export type { Violation } from './core/verdict.ts';

// ---- traces ------------------------------------------------------------------------------------
/** Reads and validates a trace file. */
export { readTraceFile } from './trace/read.ts';
/** Builds the model a trace was recorded from, re-executes the trace on it, and shrinks it. */
export { replayOnModel } from './trace/replay.ts';
export { loadTraceModel } from './spec/trace-model.ts';
export { shrinkOnModel } from './trace/shrink.ts';
/** A trace as numbered steps, and as a message sequence chart. */
export { traceToText } from './trace/format.ts';
export { traceToMsc } from './trace/msc.ts';
export type { TraceFile, TraceStep } from './trace/trace.ts';

// ---- recorded histories --------------------------------------------------------------------------
/** Linearizability and sequential consistency of recorded histories (WGL), with their models and parsers. */
export * as linearizability from '../properties/linearizability/index.ts';
/** Checks a recorded history (JSON Lines, Jepsen EDN or a log format of yours) against properties, streaming where they allow. */
export { observe } from './observe/engine.ts';
export type { ObserveOptions, Observation, PropertyOutcome } from './observe/engine.ts';
/** A log format: one line of a system's log to the events it records; an event as a log format gives it. */
export type { LogFormat, ObservedEventInput } from './observe/events.ts';

// ---- driving an implementation with a trace (model-based testing) ---------------------------------
/** Replays a trace's steps against an implementation through its adapter and compares what it indicates. */
export { driveTrace } from './drive/drive.ts';
export type { DriveResult } from './drive/drive.ts';
/** What a drive adapter implements, what it is told of the system, where it reports effects. */
export type { DriveAdapter, DriveSystem, DriveSink, StepEffects } from './drive/adapter.ts';
