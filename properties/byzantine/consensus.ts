/**
 * Byzantine consensus (Cachin, Guerraoui and Rodrigues, modules 5.10 and 5.11), judged over the
 * correct processes only. Weak validity speaks only of runs without Byzantine processes; strong
 * validity of every run. Vocabulary (each a parameter): requests `{ type: propose, v }`,
 * indications `{ type: decide, v }`.
 */
import { defineProperty, indications, requests, type History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';
import { byzantineOf } from './broadcast.ts';

const vocabulary = { propose: 'propose', decide: 'decide', value: 'v' };
type Vocab = typeof vocabulary;

const show = (x: unknown) => JSON.stringify(x);
const decisions = (h: History, q: Pid, v: Vocab) => indications(h, q, v.decide).map((d) => d[v.value]);
const proposals = (h: History, q: Pid, v: Vocab) => requests(h, q, v.propose).map((r) => r[v.value]);

export const byzantineConsensusAgreement = defineProperty({
  name: 'byzantine-consensus-agreement',
  kind: 'safety',
  description: 'no two correct processes decide differently',
  params: { ...vocabulary },
  make: (p) => (h) => {
    let first: { q: Pid; v: unknown } | undefined;
    for (const q of h.correct()) {
      for (const d of decisions(h, q, p)) {
        if (!first) first = { q, v: d };
        else if (show(first.v) !== show(d)) return `correct p${first.q} decided ${show(first.v)} but correct p${q} decided ${show(d)}`;
      }
    }
    return null;
  },
});

export const byzantineConsensusIntegrity = defineProperty({
  name: 'byzantine-consensus-integrity',
  kind: 'safety',
  description: 'no correct process decides twice',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of h.correct()) {
      const ds = decisions(h, q, p);
      if (ds.length > 1) return `correct p${q} decided twice: ${ds.map(show).join(' then ')}`;
    }
    return null;
  },
});

export const byzantineTermination = defineProperty({
  name: 'byzantine-termination',
  kind: 'liveness',
  description: 'every correct process eventually decides',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of h.correct()) if (decisions(h, q, p).length === 0) return `correct p${q} never decides`;
    return null;
  },
});

export const weakByzantineValidity = defineProperty({
  name: 'weak-byzantine-validity',
  kind: 'safety',
  description: 'if all processes are correct and propose the same v, no correct process decides otherwise; if all are correct, a decided value was proposed by some process (vacuous when some process is Byzantine)',
  params: { ...vocabulary },
  make: (p) => (h) => {
    if (byzantineOf(h).length) return null;
    const everyone = Array.from({ length: h.n }, (_, q) => q);
    const proposed = everyone.flatMap((q) => proposals(h, q, p));
    const same = everyone.every((q) => proposals(h, q, p).length > 0) && new Set(proposed.map(show)).size === 1;
    for (const q of h.correct()) {
      for (const d of decisions(h, q, p)) {
        if (same && show(d) !== show(proposed[0])) return `every process proposed ${show(proposed[0])} but p${q} decided ${show(d)}`;
        if (!proposed.some((x) => show(x) === show(d))) return `p${q} decided ${show(d)}, which no process proposed`;
      }
    }
    return null;
  },
});

export const strongByzantineValidity = defineProperty({
  name: 'strong-byzantine-validity',
  kind: 'safety',
  description:
    'if all correct processes propose the same v, no correct process decides otherwise; else a correct process decides a value some correct process proposed, or `bottom` (a decision is judged against the proposals made so far: processes propose before they decide)',
  params: { ...vocabulary, bottom: null as unknown },
  make: (p) => (h) => {
    const correct = h.correct();
    const proposed = correct.flatMap((q) => proposals(h, q, p));
    const all = correct.every((q) => proposals(h, q, p).length > 0);
    const same = all && new Set(proposed.map(show)).size === 1;
    for (const q of correct) {
      for (const d of decisions(h, q, p)) {
        if (same && show(d) !== show(proposed[0])) return `every correct process proposed ${show(proposed[0])} but correct p${q} decided ${show(d)}`;
        if (show(d) !== show(p.bottom) && !proposed.some((x) => show(x) === show(d))) return `correct p${q} decided ${show(d)}, which no correct process proposed`;
      }
    }
    return null;
  },
});
