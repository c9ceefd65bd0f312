/**
 * Protocol models: distinct states per second with partial-order reduction (sleep sets) and
 * symmetry of roles off and on, and where the time goes (the protocol's reducers against the
 * system layer and the engine).
 *
 *   node --import tsx bench/protocols.ts [--only paxos|broadcast] [--no-profile]
 *
 * Workloads: Paxos (specs/paxos/paxos.yaml: 2 proposers, 3 acceptors; symmetry: the acceptors)
 * and stubborn eager broadcast over fair-loss links with 4 processes (p0 broadcasts; symmetry:
 * p1..p3), both with their safety properties only (so that sleep sets apply: they are not used
 * with liveness properties) and their specs' other settings.
 *
 * Each configuration runs in this process in turn, after one warm-up run of the workload.
 * Figures: distinct states, successors computed, wall and CPU time (process.cpuUsage: the
 * machine is shared, so CPU time is the steadier figure), states per CPU-second.
 *
 * The profile wraps, in a separate run, the system layer's methods with a clock: the reducers
 * (`runOnce`: one handler under immer's `produce`, with the determinism re-runs), the rest of
 * a successor's computation (`next` minus reducers: removing the delivered message, applying
 * effects, sorting the network, freezing), listing actions, the properties, and the symmetry's
 * renaming; the engine is what remains (fingerprints, visited set, queue, sleep sets). The
 * clock costs about 0.1 µs a call, which the profiled run's total includes.
 */
import { bfs } from '../src/core/bfs.ts';
import type { Model } from '../src/core/model.ts';
import type { SearchResult } from '../src/core/search.ts';
import { buildModel } from '../src/spec/build.ts';
import { loadSpec } from '../src/spec/spec.ts';
import { SystemModel } from '../src/system/system.ts';
import { propertyDefs } from '../properties/index.ts';

interface Workload {
  name: string;
  file: string;
  /** For a single-role protocol: how many processes (default: the spec's). */
  processes?: number;
  /** The symmetric roles; none when the protocol cannot declare where its pids are. */
  symmetry?: string[];
  note?: string;
}

const WORKLOADS: Workload[] = [
  { name: 'paxos', file: 'specs/paxos/paxos.yaml', symmetry: ['acceptor'] },
  {
    name: 'urb',
    file: 'specs/broadcast/urb.yaml',
    note: 'no symmetry: urb keys its acknowledgements by "src:m" strings, which no pid field declaration can rename',
  },
  {
    name: 'stubborn',
    file: 'specs/broadcast/eager-rb-stubborn.yaml',
    symmetry: ['process'],
    note: 'fair-loss links duplicate: a delivery from q is dependent on every step of q, and every process sends to every process, so sleep sets prune almost nothing (with 4 processes: 32,599 states in 60 s, 543 states/s, 101 of 438,391 transitions pruned)',
  },
];

async function modelOf(w: Workload, symmetry: boolean): Promise<Model<any, any>> {
  const spec = loadSpec(new URL(`../${w.file}`, import.meta.url).pathname);
  spec.properties = spec.properties.filter((p) => propertyDefs[p.name]?.kind === 'safety');
  spec.system = { ...spec.system!, ...(w.processes ? { processes: [{ role: 'process', count: w.processes }] } : {}), ...(symmetry && w.symmetry ? { symmetry: w.symmetry } : {}) };
  return (await buildModel(spec)).model;
}

interface Figures {
  verdict: string;
  distinct: number;
  successors: number;
  pruned: number;
  wallMs: number;
  cpuMs: number;
}

function measure(model: Model<any, any>, por: boolean): Figures {
  const cpu = process.cpuUsage();
  const r: SearchResult = bfs(model, { por });
  const used = process.cpuUsage(cpu);
  const p = r.stats.por;
  return {
    verdict: r.verdict,
    distinct: r.stats.distinct,
    successors: p?.applied ? p.explored : r.stats.generated,
    pruned: p?.applied ? p.pruned : 0,
    wallMs: r.stats.timeMs,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** Wraps a method of SystemModel.prototype with a clock; returns the accumulated milliseconds and a restore function. */
function clock(name: string): { total: () => number; restore: () => void } {
  const proto = SystemModel.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = proto[name];
  let ms = 0;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      ms += performance.now() - t;
    }
  };
  return { total: () => ms, restore: () => void (proto[name] = original) };
}

/** One profiled run: where the time goes, in ms. */
async function profile(w: Workload, symmetry: boolean, por: boolean): Promise<Record<string, number>> {
  const reducers = clock('runOnce');
  const next = clock('next');
  const actions = clock('actions');
  const model = await modelOf(w, symmetry);
  let properties = 0;
  let renaming = 0;
  const timed = <F extends (...a: any[]) => any>(f: F, add: (ms: number) => void): F =>
    ((...a: any[]) => {
      const t = performance.now();
      try {
        return f(...a);
      } finally {
        add(performance.now() - t);
      }
    }) as F;
  const invariants = model.invariants.map((i) => ({ ...i, check: timed(i.check.bind(i), (ms) => (properties += ms)) }));
  const canonical = model.canonical?.bind(model);
  const profiled = Object.assign(Object.create(model), {
    invariants,
    ...(symmetry && canonical ? { canonical: timed(canonical, (ms) => (renaming += ms)) } : {}),
  }) as Model<any, any>;
  const t = performance.now();
  bfs(profiled, { por });
  const total = performance.now() - t;
  for (const c of [reducers, next, actions]) c.restore();
  const systemStep = next.total() - reducers.total();
  return {
    total,
    reducers: reducers.total(),
    'next without reducers': systemStep,
    actions: actions.total(),
    properties,
    'symmetry renaming': renaming,
    engine: total - next.total() - actions.total() - properties - renaming,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
for (const w of WORKLOADS.filter((x) => !only || x.name === only)) {
  console.log(`\n## ${w.name}: ${w.file}${w.processes ? ` with ${w.processes} processes` : ''} (safety properties only)\n`);
  if (w.note) console.log(`(${w.note})\n`);
  measure(await modelOf(w, false), true); // warm-up
  console.log('| POR | symmetry | verdict | distinct | successors computed | pruned | wall | CPU | states/CPU-s |');
  console.log('|-----|----------|---------|---------:|--------------------:|-------:|-----:|----:|-------------:|');
  const symmetries = w.symmetry ? [false, true] : [false];
  for (const symmetry of symmetries) {
    for (const por of [false, true]) {
      const f = measure(await modelOf(w, symmetry), por);
      console.log(`| ${por ? 'on' : 'off'} | ${symmetry ? 'on' : 'off'} | ${f.verdict} | ${fmt(f.distinct)} | ${fmt(f.successors)} | ${fmt(f.pruned)} | ${(f.wallMs / 1000).toFixed(1)} s | ${(f.cpuMs / 1000).toFixed(1)} s | ${fmt((f.distinct * 1000) / f.cpuMs)} |`);
    }
  }
  if (process.argv.includes('--no-profile')) continue;
  for (const [symmetry, por] of [
    [false, false],
    [Boolean(w.symmetry), true],
  ]) {
    const p = await profile(w, symmetry, por);
    const parts = Object.entries(p)
      .filter(([k, v]) => k !== 'total' && v > 0)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s (${pct(v, p.total)})`);
    console.log(`\nprofile, POR ${por ? 'on' : 'off'}, symmetry ${symmetry ? 'on' : 'off'}: ${(p.total / 1000).toFixed(1)} s: ${parts.join(', ')}`);
  }
}
