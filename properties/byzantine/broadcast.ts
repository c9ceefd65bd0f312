/**
 * Byzantine consistent and reliable broadcast (Cachin, Guerraoui and Rodrigues, modules 3.11
 * and 3.12), judged over the correct processes only: a Byzantine process has no history, and
 * what it "delivers" means nothing. An instance is identified by its sender (the indication's
 * `src`) and, when `instance` names a field, by that field too; each instance carries one
 * message: a correct sender broadcasts once per instance.
 *
 * Vocabulary (each a parameter): requests `{ type: broadcast, m }`, indications
 * `{ type: deliver, src, m }`.
 */
import { defineProperty, type History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';

const vocabulary = { request: 'broadcast', indication: 'deliver', payload: 'm', sender: 'src', instance: '' };
type Vocab = typeof vocabulary;

const show = (x: unknown) => JSON.stringify(x);

/** The processes a Byzantine history names (none for a history that does not say). */
export function byzantineOf(h: History): Pid[] {
  return h.byzantine?.() ?? [];
}

interface Delivery {
  instance: string;
  sender: Pid;
  payload: unknown;
}

function instanceOf(v: Vocab, sender: Pid, e: { readonly [f: string]: unknown }): string {
  return v.instance ? `p${sender} #${show(e[v.instance])}` : `p${sender}`;
}

function deliveries(h: History, q: Pid, v: Vocab): Delivery[] {
  const out: Delivery[] = [];
  for (const e of h.events(q)) {
    if (e.k !== 'indication' || e.v.type !== v.indication) continue;
    const sender = e.v[v.sender] as Pid;
    out.push({ instance: instanceOf(v, sender, e.v), sender, payload: e.v[v.payload] });
  }
  return out;
}

function broadcasts(h: History, s: Pid, v: Vocab): Delivery[] {
  const out: Delivery[] = [];
  for (const e of h.events(s)) if (e.k === 'request' && e.v.type === v.request) out.push({ instance: instanceOf(v, s, e.v), sender: s, payload: e.v[v.payload] });
  return out;
}

const instanceText = (d: Delivery) => `the instance of ${d.instance}`;

export const byzantineValidity = defineProperty({
  name: 'byzantine-validity',
  kind: 'liveness',
  description: 'if a correct process broadcasts m, every correct process eventually delivers m',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const correct = h.correct();
    for (const s of correct) {
      for (const b of broadcasts(h, s, p)) {
        for (const q of correct) {
          if (!deliveries(h, q, p).some((d) => d.instance === b.instance && show(d.payload) === show(b.payload))) return `correct p${s} broadcast ${show(b.payload)} but correct p${q} never delivered it`;
        }
      }
    }
    return null;
  },
});

export const byzantineNoDuplication = defineProperty({
  name: 'byzantine-no-duplication',
  kind: 'safety',
  description: 'every correct process delivers at most one message in each instance (per sender)',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of h.correct()) {
      const seen = new Map<string, unknown>();
      for (const d of deliveries(h, q, p)) {
        if (seen.has(d.instance)) return `correct p${q} delivered twice in ${instanceText(d)}: ${show(seen.get(d.instance))} then ${show(d.payload)}`;
        seen.set(d.instance, d.payload);
      }
    }
    return null;
  },
});

export const byzantineIntegrity = defineProperty({
  name: 'byzantine-integrity',
  kind: 'safety',
  description: 'if a correct process delivers m with sender s and s is correct, then s broadcast m',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const byz = new Set(byzantineOf(h));
    for (const q of h.correct()) {
      for (const d of deliveries(h, q, p)) {
        if (byz.has(d.sender)) continue;
        if (!broadcasts(h, d.sender, p).some((b) => b.instance === d.instance && show(b.payload) === show(d.payload))) return `correct p${q} delivered ${show(d.payload)} from correct p${d.sender}, which never broadcast it`;
      }
    }
    return null;
  },
});

export const byzantineConsistency = defineProperty({
  name: 'byzantine-consistency',
  kind: 'safety',
  description: 'if a correct process delivers m and another correct process delivers m\' in the same instance, then m = m\'',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const first = new Map<string, { q: Pid; payload: unknown }>();
    for (const q of h.correct()) {
      for (const d of deliveries(h, q, p)) {
        const f = first.get(d.instance);
        if (!f) first.set(d.instance, { q, payload: d.payload });
        else if (show(f.payload) !== show(d.payload)) return `correct p${f.q} delivered ${show(f.payload)} but correct p${q} delivered ${show(d.payload)} in ${instanceText(d)}`;
      }
    }
    return null;
  },
});

export const byzantineTotality = defineProperty({
  name: 'byzantine-totality',
  kind: 'liveness',
  description: 'if some correct process delivers a message in an instance, every correct process eventually delivers a message in it',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const correct = h.correct();
    const by = correct.map((q) => deliveries(h, q, p));
    for (let i = 0; i < correct.length; i++) {
      for (const d of by[i]) {
        for (let j = 0; j < correct.length; j++) {
          if (!by[j].some((x) => x.instance === d.instance)) return `correct p${correct[i]} delivered ${show(d.payload)} in ${instanceText(d)} but correct p${correct[j]} never delivers there`;
        }
      }
    }
    return null;
  },
});
