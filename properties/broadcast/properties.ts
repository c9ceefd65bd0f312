import { defineProperty, type History } from '../../src/system/history.ts';
import { all, deliveredBy, describeKey, keyOf, sentBy, vocabulary, type Vocabulary } from './messages.ts';

/** Each process's delivered messages as a set, made once per process and check (a check asks for them once per message and process). */
function deliveredSets(h: History, v: Vocabulary): (q: number) => Set<string> {
  const sets: (Set<string> | undefined)[] = [];
  return (q) => (sets[q] ??= new Set(deliveredBy(h, q, v)));
}

export const validity = defineProperty({
  name: 'validity',
  kind: 'liveness',
  description: 'if a correct process broadcasts (sends) m, then m is eventually delivered: by itself (recipients: self), by every correct process (all), or by the destination of a point-to-point send (target)',
  params: { ...vocabulary, recipients: 'self' },
  make: (p) => (h) => {
    const correct = h.correct();
    const got = deliveredSets(h, p);
    for (const s of correct) {
      for (const m of sentBy(h, s, p)) {
        const who = p.target ? [m.to as number] : p.recipients === 'all' ? correct : [s];
        for (const q of who) {
          if (h.isDown(q)) continue;
          if (!got(q).has(m.key)) return `p${s} ${p.request === 'broadcast' ? 'broadcast' : 'sent'} ${JSON.stringify(m.payload)} but correct p${q} never delivered it`;
        }
      }
    }
    return null;
  },
});

export const noDuplication = defineProperty({
  name: 'no-duplication',
  kind: 'safety',
  description: 'no message is delivered more than once',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of all(h)) {
      const seen = new Set<string>();
      for (const k of deliveredBy(h, q, p)) {
        if (seen.has(k)) return `p${q} delivered ${describeKey(k)} twice`;
        seen.add(k);
      }
    }
    return null;
  },
});

export const noCreation = defineProperty({
  name: 'no-creation',
  kind: 'safety',
  description: 'if a process delivers m with sender s, then m was previously broadcast (sent to it) by s',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const sent = new Set<string>();
    for (const s of all(h)) for (const m of sentBy(h, s, p)) sent.add(p.target ? `${m.key}@${m.to}` : m.key);
    for (const q of all(h)) {
      for (const k of deliveredBy(h, q, p)) if (!sent.has(p.target ? `${k}@${q}` : k)) return `p${q} delivered ${describeKey(k)}, which was never ${p.target ? `sent to p${q}` : 'broadcast'}`;
    }
    return null;
  },
});

export const agreement = defineProperty({
  name: 'agreement',
  kind: 'liveness',
  description: 'if a message is delivered by some correct process (uniform: by any process, even one that crashed), then every correct process eventually delivers it',
  params: { ...vocabulary, uniform: false },
  make: (p) => (h) => {
    const correct = h.correct();
    const from = p.uniform ? all(h) : correct;
    const got = deliveredSets(h, p);
    for (const q of from) {
      for (const k of deliveredBy(h, q, p)) {
        for (const r of correct) {
          if (!got(r).has(k)) return `p${q}${h.isDown(q) ? ' (since crashed)' : ''} delivered ${describeKey(k)} but correct p${r} never did`;
        }
      }
    }
    return null;
  },
});

export const fifoOrder = defineProperty({
  name: 'fifo-order',
  kind: 'safety',
  description: 'if some process broadcasts m1 before m2, no process delivers m2 unless it has already delivered m1',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const order = new Map<string, { sender: number; index: number }>();
    const bySender: string[][] = all(h).map((s) => sentBy(h, s, p).map((m, index) => (order.set(m.key, { sender: s, index }), m.key)));
    for (const q of all(h)) {
      const done = new Set<string>();
      for (const k of deliveredBy(h, q, p)) {
        const o = order.get(k);
        if (o) for (const earlier of bySender[o.sender].slice(0, o.index)) if (!done.has(earlier)) return `p${q} delivered ${describeKey(k)} before ${describeKey(earlier)}, which p${o.sender} broadcast first`;
        done.add(k);
      }
    }
    return null;
  },
});

/** The causal past of each broadcast: what its sender had broadcast or delivered before, transitively. */
function causalPasts(hist: History, p: Vocabulary): Map<string, Set<string>> {
  const direct = new Map<string, string[]>();
  for (const s of all(hist)) {
    const before: string[] = [];
    for (const e of hist.events(s)) {
      if (e.k === 'request' && e.v.type === p.request) {
        const key = keyOf(p, s, e.v);
        direct.set(key, before.slice());
        before.push(key);
      } else if (e.k === 'indication' && e.v.type === p.indication) {
        before.push(keyOf(p, e.v[p.sender] as number, e.v));
      }
    }
  }
  const past = new Map<string, Set<string>>();
  const visit = (k: string, path: Set<string>): Set<string> => {
    const known = past.get(k);
    if (known) return known;
    const out = new Set<string>();
    if (path.has(k)) return out;
    path.add(k);
    for (const d of direct.get(k) ?? []) {
      out.add(d);
      for (const x of visit(d, path)) out.add(x);
    }
    path.delete(k);
    past.set(k, out);
    return out;
  };
  for (const k of direct.keys()) visit(k, new Set());
  return past;
}

export const causalOrder = defineProperty({
  name: 'causal-order',
  kind: 'safety',
  description: 'if m1 causally precedes m2 (its sender broadcast or delivered m1 before broadcasting m2, transitively), no process delivers m2 unless it has already delivered m1',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const past = causalPasts(h, p);
    for (const q of all(h)) {
      const done = new Set<string>();
      for (const k of deliveredBy(h, q, p)) {
        for (const before of past.get(k) ?? []) if (!done.has(before)) return `p${q} delivered ${describeKey(k)} before ${describeKey(before)}, which causally precedes it`;
        done.add(k);
      }
    }
    return null;
  },
});

export const totalOrder = defineProperty({
  name: 'total-order',
  kind: 'safety',
  description: 'if processes p and q both deliver m1 and m2, then p delivers m1 before m2 if and only if q does (uniform: among all processes; otherwise among the correct ones)',
  params: { ...vocabulary, uniform: true },
  make: (p) => (h) => {
    const who = p.uniform ? all(h) : h.correct();
    const pos = who.map((q) => new Map(deliveredBy(h, q, p).map((k, i) => [k, i])));
    for (let a = 0; a < who.length; a++) {
      for (let b = a + 1; b < who.length; b++) {
        const common = [...pos[a].keys()].filter((k) => pos[b].has(k));
        for (let i = 0; i < common.length; i++) {
          for (let j = i + 1; j < common.length; j++) {
            const [x, y] = [common[i], common[j]];
            if (pos[a].get(x)! < pos[a].get(y)! !== pos[b].get(x)! < pos[b].get(y)!) return `p${who[a]} and p${who[b]} delivered ${describeKey(x)} and ${describeKey(y)} in different orders`;
          }
        }
      }
    }
    return null;
  },
});
