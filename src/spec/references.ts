/**
 * The checks of a spec that span several of its keys: whatever names a process (the workload,
 * `faults.processes`, `churn.processes`, the groups of `network.partitions`) must name one that `processes:`
 * creates, and the groups of a partition must be disjoint and non-empty. A fault or partition
 * that names no existing process would never happen, silently; each mistake is reported at
 * its line and column.
 */
import type { Document } from 'yaml';
import { report, siteOf, type Ctx, type Site } from '../schema/schema.ts';

/** More processes than this is a mistake rather than a model: no search gets past the first states. */
export const MAX_PROCESSES = 1000;

interface RawRefs {
  processes?: number | Record<string, number>;
  faults?: { processes?: number[] };
  network?: string | { partitions?: number[][][] };
  workload?: { process: number }[];
  churn?: { leave: number; join?: number; processes?: number[] };
}

/** The number of processes a spec creates (3 when it does not say). */
export function processCount(processes: RawRefs['processes']): number {
  if (processes === undefined) return 3;
  return typeof processes === 'number' ? processes : Object.values(processes).reduce((a, b) => a + b, 0);
}

/** Reports every reference to a process that does not exist, and partitions that are not partitions; returns the workload's sites. */
export function checkReferences(raw: RawRefs, doc: Document, ctx: Ctx): Site[] {
  const n = processCount(raw.processes);
  const node = (path: (string | number)[]) => doc.getIn(path, true) ?? doc.getIn(path.slice(0, -1), true) ?? doc.contents;
  if (n > MAX_PROCESSES) {
    report(ctx, node(['processes']), `${n} processes: at most ${MAX_PROCESSES} can be checked (an exhaustive search is out of reach beyond a handful, a random one beyond a few hundred)`);
    return [];
  }
  const range = `processes are 0..${n - 1}`;
  const exists = (p: number) => p >= 0 && p < n;
  raw.faults?.processes?.forEach((p, i) => {
    if (!exists(p)) report(ctx, node(['faults', 'processes', i]), `faults.processes names process ${p}, which does not exist (${range})`);
  });
  raw.churn?.processes?.forEach((p, i) => {
    if (!exists(p)) report(ctx, node(['churn', 'processes', i]), `churn.processes names process ${p}, which does not exist (${range})`);
  });
  if (raw.churn && !(raw.churn.leave + (raw.churn.join ?? 0) < 1)) {
    report(ctx, node(['churn']), `churn: leave and join are the probabilities that a step is a leave or a join; their sum must be below 1 (got ${raw.churn.leave} + ${raw.churn.join ?? 0})`);
  }
  const partitions = typeof raw.network === 'object' ? (raw.network.partitions ?? []) : [];
  partitions.forEach((groups, k) => {
    const seen = new Map<number, number>();
    if (groups.length === 0) report(ctx, node(['network', 'partitions', k]), `network.partitions[${k}] has no groups: a partition is a list of groups of processes, e.g. [[0, 1], [2]]`);
    groups.forEach((g, j) => {
      const at = `network.partitions[${k}][${j}]`;
      if (g.length === 0) report(ctx, node(['network', 'partitions', k, j]), `${at} is an empty group`);
      g.forEach((p, i) => {
        const where = node(['network', 'partitions', k, j, i]);
        if (!exists(p)) report(ctx, where, `${at} names process ${p}, which does not exist (${range})`);
        else if (seen.has(p)) report(ctx, where, `${at} names process ${p}, which is already in group ${seen.get(p)} of the same partition: groups must be disjoint`);
        else seen.set(p, j);
      });
    });
  });
  return (raw.workload ?? []).map((w, i) => {
    const item = node(['workload', i]);
    if (!exists(w.process)) report(ctx, node(['workload', i, 'process']), `workload[${i}] is for process ${w.process}, which does not exist (${range})`);
    return siteOf(ctx, item);
  });
}
