/**
 * `protocheck merge` for the shards of a random search (`check --strategy random --shard i/n
 * --json`, `simulate --shard i/n --json`): one report, as the unsharded search with the same
 * seed would give it. Shard i of n runs the blocks b of BLOCK_RUNS runs with b mod n = i - 1,
 * and stops at its first failing block; the unsharded search stops at the first failing block
 * of all, so the merged violation is the one of the least block (seed order), and the runs it
 * reports are those the unsharded search would have done up to it. Steps and action coverage
 * are summed over what the shards ran: with a violation, that includes blocks after it that
 * the unsharded search would not have run. The distinct states of the shards overlap and are
 * not summed.
 */
import { BLOCK_RUNS } from '../core/random-schedule.ts';
import { int } from './format.ts';
import { combineExitCodes } from './report.ts';

/** What a result file is: an estimate's outcome, or the report of a random search (check or simulate --json). */
export function resultKind(data: unknown): 'estimate' | 'random' | 'exhaustive' | undefined {
  const d = data as { metrics?: unknown; specs?: { stats?: { random?: unknown } }[] } | unknown[];
  if (Array.isArray(d)) return d.length > 0 && d.every((x) => resultKind(x) === 'estimate') ? 'estimate' : undefined;
  if (d && typeof d === 'object' && Array.isArray((d as { metrics?: unknown }).metrics)) return 'estimate';
  const specs = (d as { specs?: { verdict?: string; stats?: { random?: unknown } }[] })?.specs;
  if (!Array.isArray(specs) || specs.length === 0) return undefined;
  const ran = specs.filter((s) => s.stats);
  if (ran.length > 0 && ran.every((s) => s.stats?.random)) return 'random';
  return ran.length > 0 ? 'exhaustive' : undefined;
}

interface RandomSpecJson {
  file: string;
  name: string;
  verdict: string;
  violation?: { property: string; kind: string; message: string; steps?: number; path: number[]; trace?: string };
  settings: Record<string, unknown>;
  stats: { coverage: Record<string, { taken: number; runs?: number }>; random: { seed: number; walk: string; runs: number; requestedRuns?: number; maxDepth: number; steps: number; shrinkRuns: number; shrinkSteps: number; shard?: { index: number; count: number } } };
  exitCode: number;
  [k: string]: unknown;
}

export interface MergedShard {
  index: number;
  verdict: string;
  runs: number;
  steps: number;
  /** The block its violation was found in. */
  block?: number;
  from: string;
}

/** Merges the shards, spec by spec; throws an Error (bad input) when they are not the n shards of one search. */
export function mergeRandomShards(parts: { file: string; data: { specs: RandomSpecJson[] } }[]): { specs: unknown[]; summary: { total: number; met: number; exitCode: number } } {
  const bySpec = new Map<string, { json: RandomSpecJson; from: string }[]>();
  for (const p of parts) {
    for (const s of p.data.specs) {
      if (!s.stats?.random) throw new Error(`${p.file}: ${s.file} was not a random search (${s.verdict})`);
      let l = bySpec.get(s.file);
      if (!l) bySpec.set(s.file, (l = []));
      l.push({ json: s, from: p.file });
    }
  }
  const specs: unknown[] = [];
  const codes: number[] = [];
  for (const [file, shards] of bySpec) {
    const first = shards[0].json.stats.random;
    const n = first.shard?.count ?? 1;
    const seen = new Set<number>();
    for (const { json, from } of shards) {
      const r = json.stats.random;
      if (r.seed !== first.seed || r.walk !== first.walk || r.maxDepth !== first.maxDepth || (r.shard?.count ?? 1) !== n) {
        throw new Error(`${from}: ${file} is a shard of another search (seed ${r.seed}, walk ${r.walk}, depth ${r.maxDepth}, ${r.shard ? `shard ${r.shard.index}/${r.shard.count}` : 'not sharded'}) than ${shards[0].from} (seed ${first.seed}, walk ${first.walk}, depth ${first.maxDepth}, of ${n})`);
      }
      const i = r.shard?.index ?? 1;
      if (seen.has(i)) throw new Error(`${from}: shard ${i}/${n} of ${file} is given twice`);
      seen.add(i);
    }
    const missing = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !seen.has(k));
    if (missing.length) throw new Error(`${file}: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} missing (every shard of the search is needed)`);

    const merged: MergedShard[] = shards.map(({ json, from }) => {
      const r = json.stats.random;
      const index = r.shard?.index ?? 1;
      // a shard's blocks before its failing one are full: its k-th block (from 0) is block index-1 + k·n
      const block = json.violation ? index - 1 + Math.floor((r.runs - 1) / BLOCK_RUNS) * n : undefined;
      return { index, verdict: json.verdict, runs: r.runs, steps: r.steps, ...(block !== undefined ? { block } : {}), from };
    });
    merged.sort((a, b) => a.index - b.index);
    const failing = merged.filter((m) => m.block !== undefined).sort((a, b) => (a.block as number) - (b.block as number))[0];
    const pick = failing ? shards.find((s) => (s.json.stats.random.shard?.index ?? 1) === failing.index)!.json : undefined;
    const runs = failing ? BLOCK_RUNS * (failing.block as number) + ((failing.runs - 1) % BLOCK_RUNS) + 1 : merged.reduce((s, m) => s + m.runs, 0);
    const coverage: Record<string, { taken: number; runs: number }> = {};
    for (const { json } of shards) {
      for (const [k, c] of Object.entries(json.stats.coverage ?? {})) {
        const t = (coverage[k] ??= { taken: 0, runs: 0 });
        t.taken += c.taken;
        t.runs += c.runs ?? 0;
      }
    }
    const requested = shards.every((s) => s.json.stats.random.requestedRuns !== undefined) ? shards.reduce((s, x) => s + (x.json.stats.random.requestedRuns as number), 0) : undefined;
    const base = pick ?? shards[0].json;
    const code = pick ? pick.exitCode : combineExitCodes(shards.map((s) => s.json.exitCode));
    codes.push(code);
    const { shard: _shard, ...settings } = base.settings;
    specs.push({
      file,
      name: base.name,
      model: base.model,
      params: base.params,
      settings: { ...settings, ...(requested !== undefined ? { runs: requested } : {}) },
      properties: base.properties,
      verdict: pick ? 'violation' : merged.some((m) => m.verdict === 'inconclusive') ? 'inconclusive' : 'ok',
      exhaustive: false,
      ...(pick?.violation ? { violation: { ...pick.violation, shard: `${failing.index}/${n}`, block: failing.block } } : {}),
      stats: {
        strategy: 'random',
        coverage,
        random: { seed: first.seed, walk: first.walk, runs, ...(requested !== undefined ? { requestedRuns: requested } : {}), maxDepth: first.maxDepth, steps: merged.reduce((s, m) => s + m.steps, 0), shrinkRuns: pick?.stats.random.shrinkRuns ?? 0, shrinkSteps: pick?.stats.random.shrinkSteps ?? 0, exhaustive: false },
      },
      shards: merged,
      ...(base.expected ? { expected: base.expected, met: code === 0 } : {}),
      exitCode: code,
    });
  }
  const exitCode = combineExitCodes(codes);
  return { specs, summary: { total: specs.length, met: codes.filter((c) => c === 0).length, exitCode } };
}

export function mergedRandomText(m: { specs: unknown[] }): string {
  return (m.specs as { name: string; file: string; verdict: string; violation?: { property: string; message: string; steps?: number; shard: string; block: number; trace?: string }; stats: { random: { seed: number; runs: number; steps: number } }; shards: MergedShard[] }[])
    .map((s) => {
      const r = s.stats.random;
      const head = `${s.name}  (${s.file})\n  random search, ${s.shards.length} shards of seed ${r.seed} merged: ${int(r.runs)} runs${s.violation ? ' up to the first violation in seed order' : ''}, ${int(r.steps)} steps in all shards`;
      if (s.violation) return `${head}\n  ✗ ${s.violation.property}: ${s.violation.message}\n    found by shard ${s.violation.shard} in block ${s.violation.block}${s.violation.steps !== undefined ? `, ${s.violation.steps} steps` : ''}${s.violation.trace ? `: ${s.violation.trace}` : ''}`;
      return `${head}\n  ${s.verdict === 'ok' ? '✓ no violation in any shard (evidence, not a proof)' : `? ${s.verdict}: ${s.shards.filter((x) => x.verdict !== 'ok').map((x) => `shard ${x.index} ${x.verdict}`).join(', ')}`}`;
    })
    .join('\n\n');
}
