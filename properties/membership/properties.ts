/**
 * Group membership (CGR module 6.12): processes install views `{ type: 'view', id, members }`
 * (the names are parameters), starting from the initial view (0, all processes), which is
 * not indicated.
 */
import { defineProperty, indications, type History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';

const vocabulary = { indication: 'view', id: 'id', members: 'members' };
type Vocab = typeof vocabulary;

interface View {
  id: number;
  members: Pid[];
}

function views(h: History, p: Pid, v: Vocab): View[] {
  return indications(h, p, v.indication).map((i) => ({ id: i[v.id] as number, members: i[v.members] as Pid[] }));
}

const pids = (h: History) => Array.from({ length: h.n }, (_, i) => i);
const showView = (v: View) => `(${v.id}, {${v.members.map((q) => `p${q}`).join(', ')}})`;
const sameMembers = (a: Pid[], b: Pid[]) => a.length === b.length && a.every((q) => b.includes(q));

export const viewMonotonicity = defineProperty({
  name: 'view-monotonicity',
  kind: 'safety',
  description: 'if a process installs view (j, M) and then view (k, N), then j < k and N is a subset of M',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const q of pids(h)) {
      const vs = views(h, q, p);
      for (let i = 1; i < vs.length; i++) {
        const [a, b] = [vs[i - 1], vs[i]];
        if (b.id <= a.id || !b.members.every((m) => a.members.includes(m))) return `p${q} installed ${showView(a)} and then ${showView(b)}`;
      }
    }
    return null;
  },
});

export const viewAgreement = defineProperty({
  name: 'view-agreement',
  kind: 'safety',
  description: 'no two processes install views with the same id and different members (uniform: false restricts this to correct processes)',
  params: { ...vocabulary, uniform: true },
  make: (p) => (h) => {
    const seen = new Map<number, { q: Pid; v: View }>();
    for (const q of p.uniform ? pids(h) : h.correct()) {
      for (const v of views(h, q, p)) {
        const first = seen.get(v.id);
        if (!first) seen.set(v.id, { q, v });
        else if (!sameMembers(first.v.members, v.members)) return `p${first.q} installed ${showView(first.v)} but p${q} installed ${showView(v)}`;
      }
    }
    return null;
  },
});

export const viewCompleteness = defineProperty({
  name: 'view-completeness',
  kind: 'liveness',
  description: 'if a process crashes, then eventually every correct process installs a view that excludes it',
  params: { ...vocabulary },
  make: (p) => (h) => {
    for (const crashed of h.faulty()) {
      for (const q of h.correct()) {
        const vs = views(h, q, p);
        const last = vs[vs.length - 1];
        if (!last || last.members.includes(crashed)) return `p${crashed} crashed but correct p${q} ${last ? `still has it in its view ${showView(last)}` : 'never installs a view'}`;
      }
    }
    return null;
  },
});

export const viewAccuracy = defineProperty({
  name: 'view-accuracy',
  kind: 'safety',
  description: 'if some process installs a view (j, M) without process q, then q has crashed',
  params: { ...vocabulary },
  make: (p) => (h) => {
    const faulty = new Set(h.faulty());
    for (const q of pids(h)) {
      for (const v of views(h, q, p)) {
        const excluded = pids(h).find((r) => !v.members.includes(r) && !faulty.has(r));
        if (excluded !== undefined) return `p${q} installed ${showView(v)}, which excludes p${excluded}, but p${excluded} has not crashed`;
      }
    }
    return null;
  },
});
