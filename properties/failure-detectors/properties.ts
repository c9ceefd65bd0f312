/**
 * Failure detectors and leader election (Cachin–Guerraoui–Rodrigues, 2.6): what a detector
 * says is read from its indications. A perfect detector indicates `{ type: 'crash', p }`
 * once per crashed process; an eventually perfect one `{ type: 'suspect', p }` and
 * `{ type: 'restore', p }`, so what it suspects now is the result of replaying them; a leader
 * detector `{ type: 'trust', p }`. The names are parameters.
 */
import { defineProperty, type History } from '../../src/system/history.ts';

const vocabulary = { suspect: 'crash', restore: '', process: 'p' };
type Vocab = typeof vocabulary;

const pids = (h: History) => Array.from({ length: h.n }, (_, i) => i);
const crashed = (h: History, q: number) => h.events(q).some((e) => e.k === 'crash');

/** The processes that `p`'s detector suspects now. */
function suspected(h: History, p: number, v: Vocab): Set<number> {
  const out = new Set<number>();
  for (const e of h.events(p)) {
    if (e.k !== 'indication') continue;
    const q = e.v[v.process] as number;
    if (e.v.type === v.suspect) out.add(q);
    else if (v.restore && e.v.type === v.restore) out.delete(q);
  }
  return out;
}

export const strongAccuracy = defineProperty({
  name: 'strong-accuracy',
  kind: 'safety',
  description: 'no process is detected (suspected) before it crashes',
  params: { ...vocabulary },
  make: (v) => (h) => {
    for (const p of pids(h)) {
      for (const e of h.events(p)) {
        if (e.k !== 'indication' || e.v.type !== v.suspect) continue;
        const q = e.v[v.process] as number;
        if (!crashed(h, q)) return `p${p} detected p${q}, which has not crashed`;
      }
    }
    return null;
  },
});

export const strongCompleteness = defineProperty({
  name: 'strong-completeness',
  kind: 'liveness',
  eventuallyAlways: true,
  description: 'eventually every process that crashes is permanently detected (suspected) by every correct process',
  params: { ...vocabulary },
  make: (v) => (h) => {
    for (const p of h.correct()) {
      const s = suspected(h, p, v);
      for (const q of pids(h)) if (crashed(h, q) && !s.has(q)) return `correct p${p} does not ${v.restore ? 'suspect' : 'detect'} p${q}, which crashed`;
    }
    return null;
  },
});

export const eventualStrongAccuracy = defineProperty({
  name: 'eventual-strong-accuracy',
  kind: 'liveness',
  eventuallyAlways: true,
  description: 'eventually no correct process is suspected by any correct process, for good',
  params: { ...vocabulary, suspect: 'suspect', restore: 'restore' },
  make: (v) => (h) => {
    const correct = h.correct();
    for (const p of correct) for (const q of suspected(h, p, v)) if (correct.includes(q)) return `correct p${p} suspects correct p${q}`;
    return null;
  },
});

export const eventualLeadership = defineProperty({
  name: 'eventual-leadership',
  kind: 'liveness',
  eventuallyAlways: true,
  description: 'eventually every correct process trusts the same correct process, for good',
  params: { trust: 'trust', process: 'p' },
  make: (v) => (h) => {
    const correct = h.correct();
    let leader: number | undefined;
    for (const p of correct) {
      let trusted: number | undefined;
      for (const e of h.events(p)) if (e.k === 'indication' && e.v.type === v.trust) trusted = e.v[v.process] as number;
      if (trusted === undefined) return `correct p${p} trusts no one`;
      if (!correct.includes(trusted)) return `correct p${p} trusts p${trusted}, which crashed`;
      if (leader === undefined) leader = trusted;
      else if (leader !== trusted) return `correct processes trust different leaders (p${leader} and p${trusted})`;
    }
    return null;
  },
});
