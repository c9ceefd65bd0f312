/**
 * Specs with liveness properties: one exploration that keeps the fair-cycle graph against a
 * search followed by a graph build, side by side in one run. For each spec, three ways
 * alternate, each in a fresh child process (CPU time from process.cpuUsage, which counts V8's
 * helper threads too):
 *
 *   two passes, no POR   `bfs` without sleep sets, then `checkLiveness` computing every edge
 *                        (what every liveness spec did before one pass existed; what
 *                        `--no-por` with `--spill` still does)
 *   two passes, POR      `bfs` with sleep sets, then `checkLiveness` with edges from diamonds
 *                        (what `--spill`, worker threads, Redis and symmetry do now)
 *   one pass, POR        `bfsKeepingGraph` with edges from diamonds, then `judgeGraph`
 *                        (what `protocheck check` does by default)
 *
 *   node --import tsx bench/liveness-pass.ts [--pairs 2] [--set k=v ...] SPEC...   (npm run bench:liveness-pass -- SPEC...)
 *
 * Every way must give the same verdict and distinct states; the table gives the median CPU
 * time of each and the ratio of one pass to the old two.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bfs, bfsKeepingGraph } from '../src/core/bfs.ts';
import { checkLiveness, judgeGraph } from '../src/core/liveness.ts';
import type { SearchResult } from '../src/core/search.ts';
import { buildModel } from '../src/spec/build.ts';
import { loadSpec } from '../src/spec/spec.ts';

const SELF = fileURLToPath(import.meta.url);
const WAYS = ['two passes, no POR', 'two passes, POR', 'one pass, POR'] as const;

interface ChildResult {
  verdict: string;
  distinct: number;
  edges: number;
  computed: number;
  cpuMs: number;
  peakMB: number;
}

async function child(file: string, way: number, overrides: string[]): Promise<void> {
  const spec = loadSpec(file, overrides);
  // without symmetry: under a canonical form the liveness pass lifts the quotient's components (its own graph)
  const { model } = await buildModel({ ...spec, check: { ...spec.check, symmetry: false } });
  if (!model.liveness?.length) throw new Error(`${file}: no liveness property`);
  const t = process.cpuUsage();
  let result: SearchResult;
  let verdict: string;
  let edges = 0;
  let computed: number;
  if (way === 2) {
    const kept = bfsKeepingGraph(model, { por: true });
    result = kept.result;
    verdict = result.verdict;
    const por = result.stats.por;
    computed = por?.applied ? por.explored : result.stats.generated;
    if (verdict === 'ok') {
      const live = judgeGraph(model, kept.graph);
      verdict = live.verdict;
      edges = live.stats.edges;
    }
  } else {
    const por = way === 1;
    result = bfs(model, { por });
    verdict = result.verdict;
    const p = result.stats.por;
    computed = p?.applied ? p.explored : result.stats.generated;
    if (verdict === 'ok') {
      const live = checkLiveness(model, { por });
      verdict = live.verdict;
      edges = live.stats.edges;
      computed += edges - (live.stats.inferred ?? 0);
    }
  }
  const u = process.cpuUsage(t);
  const r: ChildResult = { verdict, distinct: result.stats.distinct, edges, computed, cpuMs: Math.round((u.user + u.system) / 1000), peakMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(JSON.stringify(r) + '\n');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function main(): void {
  const args = process.argv.slice(2);
  const i = args.indexOf('--pairs');
  const pairs = i >= 0 ? Number(args.splice(i, 2)[1]) : 2;
  const overrides: string[] = [];
  for (let k = args.indexOf('--set'); k >= 0; k = args.indexOf('--set')) overrides.push(args.splice(k, 2)[1]);
  const specs = args.filter((a) => !a.startsWith('--')).map((a) => resolve(a));
  if (!specs.length) throw new Error('usage: bench/liveness-pass.ts [--pairs N] SPEC...');
  console.log(`liveness specs: one pass against two (node ${process.version}; ${pairs} runs of each way, alternating; medians${overrides.length ? `; --set ${overrides.join(' --set ')}` : ''})`);
  console.log('| spec | verdict | distinct | edges | way | successors computed | CPU | peak RSS |');
  console.log('|---|---|---:|---:|---|---:|---:|---:|');
  for (const spec of specs) {
    const runs: ChildResult[][] = WAYS.map(() => []);
    for (let p = 0; p < pairs; p++) {
      for (let w = 0; w < WAYS.length; w++) {
        const c = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', spec, String(w), ...overrides], { encoding: 'utf8', maxBuffer: 1 << 26 });
        if (c.status !== 0) throw new Error(`${spec} (${WAYS[w]}): ${c.stderr}`);
        runs[w].push(JSON.parse(c.stdout.trim().split('\n').at(-1)!));
      }
    }
    const first = runs[0][0];
    for (let w = 0; w < WAYS.length; w++) {
      for (const r of runs[w]) if (r.verdict !== first.verdict || r.distinct !== first.distinct) throw new Error(`${spec}: ${WAYS[w]} gave ${r.verdict}, ${r.distinct} states; ${WAYS[0]} ${first.verdict}, ${first.distinct}`);
      const name = spec.split('/').slice(-2).join('/');
      const cpu = median(runs[w].map((r) => r.cpuMs));
      const ratio = w === 0 ? '' : ` (${(cpu / median(runs[0].map((r) => r.cpuMs))).toFixed(2)}×)`;
      console.log(`| ${name} | ${first.verdict} | ${first.distinct.toLocaleString('en-US')} | ${runs[w][0].edges.toLocaleString('en-US')} | ${WAYS[w]} | ${runs[w][0].computed.toLocaleString('en-US')} | ${s(cpu)}${ratio} | ${median(runs[w].map((r) => r.peakMB))} MB |`);
    }
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), process.argv.slice(5));
else main();
