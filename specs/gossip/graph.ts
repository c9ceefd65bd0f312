/**
 * The overlay that flooding runs on (Usenet's news servers and their feeds): a random d-regular
 * graph drawn by the pairing model from a seed of its own, redrawn until it is simple and
 * connected, so a spec names it by (N, degree, seed) and every run of the spec sees the same
 * graph. Computed once per (N, degree, seed): a pure function of the parameters, cached.
 */
import type { Pid } from '../../src/index.ts';

const cache = new Map<string, readonly (readonly Pid[])[]>();

/** Mulberry32: the graph's own generator (the runs' randomness is the checker's, not this). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function connected(adj: readonly (readonly Pid[])[]): boolean {
  const seen = new Set<Pid>([0]);
  const stack: Pid[] = [0];
  while (stack.length) for (const q of adj[stack.pop()!]) if (!seen.has(q)) seen.add(q), stack.push(q);
  return seen.size === adj.length;
}

/** The neighbours of every process, sorted: a connected simple graph in which every process has `degree` neighbours. */
export function regularGraph(n: number, degree: number, seed: number): readonly (readonly Pid[])[] {
  const key = `${n}/${degree}/${seed}`;
  const known = cache.get(key);
  if (known) return known;
  if (degree < 1 || degree >= n || (n * degree) % 2 !== 0) throw new Error(`no ${degree}-regular graph on ${n} processes (need 1 <= degree < n and n * degree even)`);
  const rnd = generator(seed);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const stubs: Pid[] = [];
    for (let p = 0; p < n; p++) for (let i = 0; i < degree; i++) stubs.push(p);
    for (let i = stubs.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [stubs[i], stubs[j]] = [stubs[j], stubs[i]];
    }
    const adj: Set<Pid>[] = Array.from({ length: n }, () => new Set());
    let simple = true;
    for (let i = 0; i < stubs.length && simple; i += 2) {
      const a = stubs[i], b = stubs[i + 1];
      if (a === b || adj[a].has(b)) simple = false;
      else adj[a].add(b), adj[b].add(a);
    }
    if (!simple) continue;
    const out = Object.freeze(adj.map((s) => Object.freeze([...s].sort((x, y) => x - y))));
    if (!connected(out)) continue;
    cache.set(key, out);
    return out;
  }
  throw new Error(`could not draw a simple connected ${degree}-regular graph on ${n} processes`);
}
