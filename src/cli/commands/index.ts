/**
 * The commands of the CLI, in the order `--help` lists them. Each is a line here (what the
 * top-level help shows of it) and a module that registers it in full, imported only when the
 * command runs (or its own --help is asked for): loading every command's modules would cost
 * most of the start-up of a command that needs one. test/cli/commands.test.ts holds each line
 * to what its module registers.
 */
import type { RegisterCommand } from '../command.ts';

export type { RegisterCommand };

export interface CommandEntry {
  name: string;
  /** As the top-level help lists it: the name, `[options]`, the arguments. */
  term: string;
  summary: string;
  load(): Promise<RegisterCommand>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'check', term: 'check [options] <specs...>', summary: 'explore the models of one or more specs (files or directories of *.yaml) and check their properties', load: async () => (await import('./check.ts')).registerCheck },
  { name: 'list', term: 'list [options] [dirs...]', summary: 'list the specs of the catalogue with their expected verdicts', load: async () => (await import('./list.ts')).registerList },
  { name: 'lin', term: 'lin [options] <history...>', summary: 'check recorded histories of operations for linearizability (or sequential consistency) against a model', load: async () => (await import('./lin.ts')).registerLin },
  { name: 'simulate', term: 'simulate [options] <specs...>', summary: 'random search: many random runs of the models of one or more specs, checking their properties in every state (evidence, not a proof)', load: async () => (await import('./simulate.ts')).registerSimulate },
  { name: 'replay', term: 'replay [options] <trace>', summary: 're-execute a trace file against its spec, step by step by action label, and check that it still reproduces its violation', load: async () => (await import('./replay.ts')).registerReplay },
  { name: 'shrink', term: 'shrink [options] <trace>', summary: 'make a trace smaller by delta debugging: drop steps (skipping actions no longer enabled) while the same property still fails', load: async () => (await import('./shrink.ts')).registerShrink },
  { name: 'itf', term: 'itf', summary: "convert traces to and from the Informal Trace Format (ITF, Apalache's ADR-015; Quint and Apalache read and write it)", load: async () => (await import('./itf.ts')).registerItf },
  { name: 'properties', term: 'properties [options] [spec]', summary: "list the properties a spec can name: the built-in ones, and with a spec, its protocol's and those of the modules it names (./file.ts#name)", load: async () => (await import('./properties.ts')).registerProperties },
  { name: 'quorums', term: 'quorums [options] <files...>', summary: "decide quorum intersection of a federated Byzantine agreement system given by each node's quorum slices (YAML; at most 20 nodes): exit 0 if every two quorums intersect, 1 with two disjoint quorums, 2 on bad input", load: async () => (await import('./quorums.ts')).registerQuorums },
  { name: 'worker', term: 'worker [options]', summary: 'work on a distributed breadth-first search that protocheck check --store started: join its run in Redis and expand batches of states until it ends', load: async () => (await import('./worker.ts')).registerWorker },
  { name: 'estimate', term: 'estimate [options] <specs...>', summary: "estimate the metrics of a spec's estimate: section over seeded random runs, each with its confidence interval, against the spec's bounds", load: async () => (await import('./estimate.ts')).registerEstimate },
  { name: 'merge', term: 'merge [options] <results...>', summary: 'combine the JSON outcomes of the shards of one estimate (estimate --shard i/n --json) or of one random search (check --strategy random or simulate, --shard i/n --json) into one', load: async () => (await import('./estimate.ts')).registerEstimate },
  { name: 'explore', term: 'explore [options] <spec>', summary: 'explore a spec in the browser: take actions one at a time, go back, see each property at the current state, the graph around it, and the counterexamples', load: async () => (await import('./explore.ts')).registerExplore },
  { name: 'observe', term: 'observe [options] <history...>', summary: 'check recorded histories of a real system (JSON Lines, Jepsen EDN, or a log format of yours) against the same properties as the model', load: async () => (await import('./observe.ts')).registerObserve },
  { name: 'drive', term: 'drive [options] <trace...>', summary: 'replay traces\' steps against a real implementation through an adapter, and check it indicates what the model did', load: async () => (await import('./drive.ts')).registerDrive },
  { name: 'init', term: 'init [options] <dir>', summary: 'scaffold a protocol project in <dir>: a protocol, properties of its own, two specs (one holds, one fails as expected) and a vitest test, which pass as written', load: async () => (await import('./init.ts')).registerInit },
];
