/**
 * The fair-cycle pass with and without symmetry, in one run: on each liveness spec that can
 * take a symmetry (a wrapper in test/liveness/fixtures declares where the pids are when its
 * protocol does not), the pass on the model without the reduction (checkLiveness) beside the
 * pass up to renaming (checkLivenessUpToSymmetry: the quotient plus its lifted components).
 * States are the figure to read; CPU times are this process's (process.cpuUsage), noisy on a
 * shared machine.
 *
 *   npm run bench:liveness-symmetry [-- --only paxos]
 */
import { checkLiveness, type LivenessResult } from '../src/core/liveness.ts';
import { checkLivenessUpToSymmetry } from '../src/core/symmetry-liveness.ts';
import { buildModel } from '../src/spec/build.ts';
import { loadSpec } from '../src/spec/spec.ts';

interface Workload {
  name: string;
  file: string;
  role: string;
  overrides?: string[];
}

const fixture = (name: string) => `protocol=${new URL(`../test/liveness/fixtures/${name}`, import.meta.url).pathname}`;
const WORKLOADS: Workload[] = [
  { name: 'paxos-dueling', file: 'specs/paxos/paxos-dueling.yaml', role: 'acceptor', overrides: [fixture('paxos-dueling-pids.ts')] },
  { name: 'lockers-greedy', file: 'specs/liveness/lockers-greedy.yaml', role: 'resource', overrides: [fixture('lockers-pids.ts')] },
  { name: 'lockers-ordered', file: 'specs/liveness/lockers-ordered.yaml', role: 'resource', overrides: [fixture('lockers-pids.ts')] },
  { name: 'eager-rb-stubborn', file: 'specs/broadcast/eager-rb-stubborn.yaml', role: 'process' },
  { name: 'central-lock', file: 'specs/mutex/central-lock.yaml', role: 'client' },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

function timed(f: () => LivenessResult): { r: LivenessResult; cpu: number } {
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return { r, cpu: (c.user + c.system) / 1e6 };
}

const describe = (r: LivenessResult) => (r.violation ? `${r.violation.kind}${r.violation.quiescent ? ' (quiescent)' : ''}, ${r.violation.path.length - 1} steps` : r.verdict);

console.log('| spec | verdict | states without | up to renaming: quotient + lifted | ratio | CPU without | CPU up to renaming |');
console.log('|------|---------|---------------:|----------------------------------:|------:|------------:|-------------------:|');
for (const w of WORKLOADS) {
  if (only && !w.name.includes(only)) continue;
  const spec = loadSpec(new URL(`../${w.file}`, import.meta.url).pathname, [...(w.overrides ?? []), `symmetry=[${w.role}]`]);
  const built = await buildModel(spec);
  // a warm-up of each, then the measured runs (handlers are memoised: both runs start warm)
  checkLiveness(built.unreduced!);
  checkLivenessUpToSymmetry(built.model);
  const full = timed(() => checkLiveness(built.unreduced!));
  const reduced = timed(() => checkLivenessUpToSymmetry(built.model));
  if (full.r.verdict !== reduced.r.verdict || full.r.violation?.property !== reduced.r.violation?.property) {
    throw new Error(`${w.name}: the verdicts differ: ${describe(full.r)} without symmetry, ${describe(reduced.r)} with it`);
  }
  if (reduced.r.stats.inexact) throw new Error(`${w.name}: the canonical form was found inexact and the pass ran without the reduction`);
  const q = reduced.r.stats.states, lifted = reduced.r.stats.unfolded ?? 0;
  const ratio = (full.r.stats.states / (q + lifted)).toFixed(2);
  console.log(`| ${w.name} | ${describe(full.r)} / ${describe(reduced.r)} | ${full.r.stats.states.toLocaleString('en')} | ${q.toLocaleString('en')} + ${lifted.toLocaleString('en')} | ${ratio} | ${full.cpu.toFixed(2)} s | ${reduced.cpu.toFixed(2)} s |`);
}
