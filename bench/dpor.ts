/**
 * Dynamic partial-order reduction (src/core/dpor.ts) beside plain depth-first search, in one
 * run: for each spec, the states, successors computed, the search's time and the heap after
 * it, without and with the reduction, on the same model. States are the figure to read; times
 * are noisy on a shared machine. A spec where the reduction is not used says why (a cycle, a
 * property that reads process states, ...).
 *
 *   npm run bench:dpor [-- --only paxos] [-- --set processes.acceptor=4]
 */
import { dfs } from '../src/core/dfs.ts';
import type { SearchResult } from '../src/core/search.ts';
import { buildModel } from '../src/spec/build.ts';
import { loadSpec } from '../src/spec/spec.ts';

const SPECS = [
  'specs/paxos/paxos.yaml',
  'specs/paxos/paxos-accept-below-promise.yaml',
  'specs/broadcast/beb.yaml',
  'specs/broadcast/fifo.yaml',
  'specs/broadcast/causal.yaml',
  'specs/broadcast/eager-rb.yaml',
  'specs/broadcast/urb.yaml',
  'specs/raft/raft-election.yaml',
  'specs/raft/raft-figure8.yaml',
  'specs/raft/raft.yaml',
  'specs/consensus/flooding-consensus.yaml',
  'specs/consensus/flooding-uniform-consensus-no-wait.yaml',
  'specs/two-phase-commit/two-phase-commit.yaml',
  'specs/byzantine/pbft.yaml',
  'specs/registers/abd.yaml',
  'specs/crdts/or-set.yaml',
  'specs/paxos/paxos-dueling.yaml',
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const sets = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a] : []));

function timed(f: () => SearchResult): { r: SearchResult; s: number; heap: number } {
  const t0 = performance.now();
  const r = f();
  const s = (performance.now() - t0) / 1000;
  return { r, s, heap: process.memoryUsage().heapUsed / 2 ** 20 };
}

const int = (n: number) => n.toLocaleString('en-US');
console.log('| spec | verdict | states, plain dfs | with dpor | successors, plain | with dpor | time, plain | with dpor | heap after, plain | with dpor |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const file of SPECS) {
  if (only && !file.includes(only)) continue;
  const built = await buildModel(loadSpec(file, sets));
  const plain = timed(() => dfs(built.model, {}));
  globalThis.gc?.();
  const reduced = timed(() => dfs(built.model, { por: true }));
  globalThis.gc?.();
  const por = reduced.r.stats.por;
  const why = por && !por.applied ? ` (not used: ${por.reason})` : '';
  const p = plain.r.stats;
  const d = reduced.r.stats;
  console.log(`| ${file.replace('specs/', '')} | ${plain.r.verdict}${reduced.r.verdict === plain.r.verdict ? '' : ` / ${reduced.r.verdict}`} | ${int(p.distinct)} | ${int(d.distinct)}${why} | ${int(p.generated)} | ${int(d.generated)} | ${plain.s.toFixed(2)} s | ${reduced.s.toFixed(2)} s | ${plain.heap.toFixed(0)} MiB | ${reduced.heap.toFixed(0)} MiB |`);
}
