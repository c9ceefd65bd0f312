/**
 * Consensus (Cachin–Guerraoui–Rodrigues): requests `{ type: 'propose', v }`, indications
 * `{ type: 'decide', v }` by default; the names are parameters.
 */
import { defineProperty, indications, requests, type History } from '../../src/system/history.ts';

const vocabulary = { propose: 'propose', decide: 'decide', value: 'v' };

type Vocab = typeof vocabulary;

function decisions(h: History, p: number, v: Vocab): unknown[] {
  return indications(h, p, v.decide).map((d) => d[v.value]);
}

const pidLists: number[][] = [];
/** 0..n-1, made once per n (the properties run in every state). */
const pids = (h: History): readonly number[] => (pidLists[h.n] ??= Array.from({ length: h.n }, (_, i) => i));
const show = (x: unknown) => JSON.stringify(x);
/** Equal as their JSON texts are (how the properties compare values), without making the texts of strings and booleans. */
const same = (a: unknown, b: unknown): boolean => a === b || ((typeof a === 'object' || typeof b === 'object' || typeof a === 'number' || typeof b === 'number') && show(a) === show(b));

/** Whether some process proposed v. */
function proposed(h: History, v: unknown, p: Vocab): boolean {
  for (const q of pids(h)) for (const r of requests(h, q, p.propose)) if (same(r[p.value], v)) return true;
  return false;
}

export const consensusValidity = defineProperty({
  name: 'consensus-validity',
  kind: 'safety',
  description: 'if a process decides v, then v was proposed by some process',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of pids(h)) for (const d of decisions(h, q, p)) if (!proposed(h, d, p)) return `p${q} decided ${show(d)}, which no process proposed`;
    return null;
  },
});

export const consensusIntegrity = defineProperty({
  name: 'consensus-integrity',
  kind: 'safety',
  description: 'no process decides twice',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of pids(h)) {
      const ds = decisions(h, q, p);
      if (ds.length > 1) return `p${q} decided twice: ${ds.map(show).join(' then ')}`;
    }
    return null;
  },
});

export const consensusAgreement = defineProperty({
  name: 'consensus-agreement',
  kind: 'safety',
  description: 'no two processes decide differently (uniform: false restricts this to correct processes)',
  params: { ...vocabulary, uniform: true },
  make: (p) => (h) => {
    const who = p.uniform ? pids(h) : h.correct();
    let first: { q: number; v: unknown } | undefined;
    for (const q of who) {
      for (const d of decisions(h, q, p)) {
        if (!first) first = { q, v: d };
        else if (!same(first.v, d)) return `p${first.q} decided ${show(first.v)} but p${q} decided ${show(d)}`;
      }
    }
    return null;
  },
});

export const termination = defineProperty({
  name: 'termination',
  kind: 'liveness',
  description: 'every correct process (of the role named, or every role) eventually decides',
  params: { ...vocabulary, role: '' },
  make: (p) => (h) => {
    for (const q of h.correct()) {
      if (p.role && h.roleOf(q) !== p.role) continue;
      if (decisions(h, q, p).length === 0) return `correct p${q}${p.role ? ` (${p.role})` : ''} never decides`;
    }
    return null;
  },
});
