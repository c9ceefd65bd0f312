/**
 * The protocol layer against the kernel, in one run: successors computed per CPU-second on
 * protocol specs (breadth-first, their safety properties only, partial-order reduction and
 * symmetry off unless asked) beside the kernel's own rate on TwoPhase RM=7 (a hand-written core
 * Model: the cost of the engine alone). The ratio is the protocol layer's share of the kernel's
 * speed; the goal is at least 1/3 on Paxos.
 *
 *   npm run bench:protocols [-- --only paxos] [--por] [--symmetry] [--repeat 3]
 *
 * Each workload runs in this process after a warm-up run of the same workload; CPU time is
 * process.cpuUsage (the machine is shared: wall time is printed but the CPU figure is the one to
 * read). With --repeat n every workload runs n times and the median is reported.
 */
import { bfs } from '../src/core/bfs.ts';
import type { Model } from '../src/core/model.ts';
import type { SearchResult } from '../src/core/search.ts';
import { buildModel } from '../src/spec/build.ts';
import { loadSpec } from '../src/spec/spec.ts';
import { propertyDefs } from '../properties/index.ts';

interface Workload {
  name: string;
  file: string;
  overrides?: string[];
  /** The symmetric roles, used with --symmetry. */
  symmetry?: string[];
  /** A hand-written core Model: its properties stay as the spec gives them. */
  kernel?: boolean;
}

const WORKLOADS: Workload[] = [
  { name: 'kernel: two-phase RM=7', file: 'specs/two-phase/two-phase-rm5.yaml', overrides: ['RM=7'], kernel: true },
  { name: 'paxos', file: 'specs/paxos/paxos.yaml', symmetry: ['acceptor'] },
  { name: 'urb', file: 'specs/broadcast/urb.yaml' },
  { name: 'stubborn', file: 'specs/broadcast/eager-rb-stubborn.yaml', symmetry: ['process'] },
  { name: 'abd', file: 'specs/registers/abd.yaml' },
  { name: 'raft', file: 'specs/raft/raft.yaml' },
];

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const por = flag('--por');
const symmetry = flag('--symmetry');
const repeat = Number(option('--repeat') ?? 1);
const only = option('--only');

async function modelOf(w: Workload): Promise<Model<any, any>> {
  const spec = loadSpec(new URL(`../${w.file}`, import.meta.url).pathname, w.overrides ?? []);
  if (!w.kernel) {
    spec.properties = spec.properties.filter((p) => propertyDefs[p.name]?.kind === 'safety');
    spec.system = { ...spec.system!, ...(symmetry && w.symmetry ? { symmetry: w.symmetry } : {}) };
  }
  return (await buildModel({ ...spec, check: { ...spec.check, symmetry } })).model;
}

interface Figures {
  verdict: string;
  distinct: number;
  successors: number;
  wallMs: number;
  cpuMs: number;
}

function measure(model: Model<any, any>): Figures {
  const cpu = process.cpuUsage();
  const r: SearchResult = bfs(model, { por });
  const used = process.cpuUsage(cpu);
  const p = r.stats.por;
  return { verdict: r.verdict, distinct: r.stats.distinct, successors: p?.applied ? p.explored : r.stats.generated, wallMs: r.stats.timeMs, cpuMs: (used.user + used.system) / 1000 };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`| workload | verdict | distinct | successors | wall | CPU | successors/CPU-s | share of the kernel's |`);
console.log(`|---|---|---:|---:|---:|---:|---:|---:|`);
let kernelRate: number | undefined;
for (const w of WORKLOADS.filter((x) => x.kernel || !only || x.name === only)) {
  measure(await modelOf(w)); // warm-up
  const runs: Figures[] = [];
  for (let i = 0; i < repeat; i++) runs.push(measure(await modelOf(w)));
  const f = runs[0];
  const cpuMs = median(runs.map((r) => r.cpuMs));
  const wallMs = median(runs.map((r) => r.wallMs));
  const rate = (f.successors * 1000) / cpuMs;
  if (w.kernel) kernelRate = rate;
  const share = kernelRate && !w.kernel ? (rate / kernelRate).toFixed(2) : '—';
  console.log(`| ${w.name} | ${f.verdict} | ${fmt(f.distinct)} | ${fmt(f.successors)} | ${(wallMs / 1000).toFixed(2)} s | ${(cpuMs / 1000).toFixed(2)} s | ${fmt(rate)} | ${share} |`);
}
console.log(`\n(POR ${por ? 'on' : 'off'}, symmetry ${symmetry ? 'on' : 'off'}; ${repeat} run${repeat === 1 ? '' : 's'} each after a warm-up; medians)`);
