/**
 * Quorum intersection of a federated Byzantine agreement system (Mazières, "The Stellar
 * Consensus Protocol"): every node chooses its quorum slices (sets of nodes, itself included); a
 * quorum is a non-empty set of nodes that contains a slice of each of its members. Federated
 * agreement is safe only if every two quorums share a node. The check is exhaustive: it looks for
 * a quorum whose complement still contains one (the largest quorum inside a set is found by
 * removing, until none is left, the members with no slice inside it), over the candidate quorums
 * in order of size, so a counterexample is a smallest quorum with a quorum disjoint from it.
 * Exponential in the number of nodes: fine for the dozen nodes of a lesson (at most 20).
 */

export interface SliceConfig {
  /** Node names, in order. */
  nodes: readonly string[];
  /** Per node (same order), its slices as lists of node names; the node is added to each. */
  slices: readonly (readonly (readonly string[])[])[];
}

export type QuorumVerdict =
  | { intersect: true; nodes: number; minimalQuorums: string[][] }
  | { intersect: false; nodes: number; quorums: [string[], string[]]; why: string[] };

export const MAX_NODES = 20;

const members = (set: number, n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => set & (1 << i));

/** Decides quorum intersection; throws on a slice that names an unknown node or too many nodes. */
export function checkQuorumIntersection(cfg: SliceConfig): QuorumVerdict {
  const n = cfg.nodes.length;
  if (n === 0) throw new Error('no nodes');
  if (n > MAX_NODES) throw new Error(`${n} nodes: the exhaustive check handles at most ${MAX_NODES}`);
  const index = new Map(cfg.nodes.map((v, i) => [v, i]));
  const masks = cfg.slices.map((ss, v) =>
    ss.map((s) =>
      s.reduce((m, name) => {
        const i = index.get(name);
        if (i === undefined) throw new Error(`${cfg.nodes[v]}: a slice names ${name}, which is not a node (nodes: ${cfg.nodes.join(', ')})`);
        return m | (1 << i);
      }, 1 << v),
    ),
  );
  const satisfied = (v: number, set: number) => masks[v].some((s) => (s & set) === s);
  const largestQuorumIn = (set: number): number => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const v of members(set, n)) if (!satisfied(v, set)) {
        set &= ~(1 << v);
        changed = true;
      }
    }
    return set;
  };
  const isQuorum = (set: number) => set !== 0 && members(set, n).every((v) => satisfied(v, set));
  const full = (1 << n) - 1;
  const bySize = Array.from({ length: full }, (_, i) => i + 1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  const minimal: number[] = [];
  for (const q of bySize) {
    if (!isQuorum(q)) continue;
    let other = largestQuorumIn(full & ~q);
    if (other) {
      // shrink it to a minimal quorum, for a readable counterexample
      for (const v of members(other, n)) {
        const smaller = largestQuorumIn(other & ~(1 << v));
        if (smaller) other = smaller;
      }
      const names = (s: number) => members(s, n).map((i) => cfg.nodes[i]);
      const why = [q, other].flatMap((s) => members(s, n).map((v) => `${cfg.nodes[v]}: slice {${names(masks[v].find((m) => (m & s) === m)!).join(', ')}}`));
      return { intersect: false, nodes: n, quorums: [names(q), names(other)], why };
    }
    if (!minimal.some((m) => (m & q) === m)) minimal.push(q);
  }
  return { intersect: true, nodes: n, minimalQuorums: minimal.map((s) => members(s, n).map((i) => cfg.nodes[i])) };
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** Every k-subset of `of`, as slices (a threshold slice: any k of these). */
export function thresholdSlices(k: number, of: readonly string[]): string[][] {
  const out: string[][] = [];
  const pick = (start: number, chosen: string[]) => {
    if (chosen.length === k) return void out.push(chosen.slice());
    for (let i = start; i < of.length; i++) pick(i + 1, [...chosen, of[i]]);
  };
  pick(0, []);
  return out;
}
