/**
 * Streaming monitors of the consensus, replication, membership and Raft properties: each keeps
 * what was decided, output, installed or elected so far (one value per process, term, view id
 * or log index), never the events. The non-uniform variants, which judge only the processes
 * up at each point, ask their definitions again at each of their events (`recheck`).
 */
import { consensusAgreement as consensusAgreementDef } from '../../../properties/consensus/properties.ts';
import { viewAgreement as viewAgreementDef } from '../../../properties/membership/properties.ts';
import type { HistoryEvent } from '../../system/history.ts';
import { recheck, show, type MonitorFactory } from './monitor.ts';

type Ev = { readonly type: string; readonly [f: string]: unknown };
const ind = (e: HistoryEvent, type: unknown): e is HistoryEvent & { k: 'indication'; v: Ev } => e.k === 'indication' && e.v.type === type;
const req = (e: HistoryEvent, type: unknown): e is HistoryEvent & { k: 'request'; v: Ev } => e.k === 'request' && e.v.type === type;
type P = Record<string, string>;

export const consensusValidity: MonitorFactory = (params) => {
  const v = params as P;
  const proposed = new Set<string>();
  return {
    event(q, e) {
      if (req(e, v.propose)) proposed.add(show(e.v[v.value]));
      else if (ind(e, v.decide) && !proposed.has(show(e.v[v.value]))) return `p${q} decided ${show(e.v[v.value])}, which no process proposed`;
      return null;
    },
  };
};

export const consensusIntegrity: MonitorFactory = (params) => {
  const v = params as P;
  const first = new Map<number, unknown>();
  return {
    event(q, e) {
      if (!ind(e, v.decide)) return null;
      if (first.has(q)) return `p${q} decided twice: ${show(first.get(q))} then ${show(e.v[v.value])}`;
      first.set(q, e.v[v.value]);
      return null;
    },
  };
};

/** Agreement among all processes: every decision so far has the same value, until one does not. */
export const consensusAgreement: MonitorFactory = (params, system) => {
  const v = params as P & { uniform: boolean };
  if (!v.uniform) return recheck(consensusAgreementDef, params, system, (e) => ind(e, v.decide));
  let agreed: string | undefined;
  const decided = new Set<number>();
  return {
    event(q, e) {
      if (!ind(e, v.decide)) return null;
      const d = show(e.v[v.value]);
      const before = decided.has(q);
      decided.add(q);
      if (agreed === undefined || d === agreed) {
        agreed = d;
        return null;
      }
      // the definition names the lowest process that decided first, then the first that differs
      const others = [...decided].filter((r) => r !== q);
      const low = Math.min(...others);
      if (q < low && !before) return `p${q} decided ${d} but p${low} decided ${agreed}`;
      return `p${Math.min(low, q)} decided ${agreed} but p${q} decided ${d}`;
    },
  };
};

export const termination: MonitorFactory = (params) => {
  const v = params as P;
  const decided = new Set<number>();
  return {
    event(q, e) {
      if (ind(e, v.decide)) decided.add(q);
      return null;
    },
    end(h) {
      for (const q of h.correct()) {
        if (v.role && h.roleOf(q) !== v.role) continue;
        if (!decided.has(q)) return `correct p${q}${v.role ? ` (${v.role})` : ''} never decides`;
      }
      return null;
    },
  };
};

/**
 * Same outputs among all replicas: pairwise prefixes means one chain, the longest sequence so
 * far; each replica's next output must be the chain's at its position. The part of the chain
 * every replica has passed is dropped (when the processes are known).
 */
export const sameOutputs: MonitorFactory = (params, system) => {
  const v = params as P & { uniform: boolean };
  if (!v.uniform) return undefined;
  let chain: string[] = [];
  let offset = 0;
  const length: number[] = [];
  return {
    event(q, e) {
      if (!ind(e, v.indication)) return null;
      const out = show(e.v[v.value]);
      const i = length[q] ?? 0;
      length[q] = i + 1;
      if (i - offset >= chain.length) chain.push(out);
      else if (chain[i - offset] !== out) {
        let other = -1;
        for (let r = 0; r < system.n; r++) if (r !== q && (length[r] ?? 0) > i) {
          other = r;
          break;
        }
        const [a, b] = q < other ? [q, other] : [other, q];
        const [va, vb] = q < other ? [out, chain[i - offset]] : [chain[i - offset], out];
        return `p${a} and p${b} differ at output ${i + 1}: p${a} output ${va} but p${b} output ${vb}`;
      }
      if (system.fixed && chain.length > 4096) {
        let low = Infinity;
        for (let r = 0; r < system.n; r++) low = Math.min(low, length[r] ?? 0);
        if (low - offset > 2048) {
          chain = chain.slice(low - offset);
          offset = low;
        }
      }
      return null;
    },
  };
};

type View = { id: number; members: number[] };
const viewOf = (e: { v: Ev }, v: P): View => ({ id: e.v[v.id] as number, members: e.v[v.members] as number[] });
const showView = (x: View) => `(${x.id}, {${x.members.map((q) => `p${q}`).join(', ')}})`;
const sameMembers = (a: number[], b: number[]) => a.length === b.length && a.every((q) => b.includes(q));

export const viewMonotonicity: MonitorFactory = (params) => {
  const v = params as P;
  const last: View[] = [];
  return {
    event(q, e) {
      if (!ind(e, v.indication)) return null;
      const b = viewOf(e, v);
      const a = last[q];
      last[q] = b;
      if (a && (b.id <= a.id || !b.members.every((m) => a.members.includes(m)))) return `p${q} installed ${showView(a)} and then ${showView(b)}`;
      return null;
    },
  };
};

/** Per id (view id, term, log index), the value agreed and the lowest process that reported it. */
function firstPer<T>(same: (a: T, b: T) => boolean, text: (low: { q: number; x: T }, other: { q: number; x: T }) => string) {
  const seen = new Map<unknown, { q: number; x: T }>();
  return (id: unknown, q: number, x: T): string | null => {
    const s = seen.get(id);
    if (!s) {
      seen.set(id, { q, x });
      return null;
    }
    if (same(s.x, x)) {
      if (q < s.q) s.q = q;
      return null;
    }
    return q < s.q ? text({ q, x }, s) : text(s, { q, x });
  };
}

export const viewAgreement: MonitorFactory = (params, system) => {
  const v = params as P & { uniform: boolean };
  if (!v.uniform) return recheck(viewAgreementDef, params, system, (e) => ind(e, v.indication));
  const judge = firstPer<View>((a, b) => sameMembers(a.members, b.members), (a, b) => `p${a.q} installed ${showView(a.x)} but p${b.q} installed ${showView(b.x)}`);
  return { event: (q, e) => (ind(e, v.indication) ? judge(viewOf(e, v).id, q, viewOf(e, v)) : null) };
};

export const viewAccuracy: MonitorFactory = (params, system) => {
  const v = params as P;
  const faulty = new Set<number>();
  return {
    event(q, e) {
      if (e.k === 'crash') faulty.add(q);
      if (!ind(e, v.indication)) return null;
      const view = viewOf(e, v);
      for (let r = 0; r < system.n; r++) if (!view.members.includes(r) && !faulty.has(r)) return `p${q} installed ${showView(view)}, which excludes p${r}, but p${r} has not crashed`;
      return null;
    },
  };
};

export const viewCompleteness: MonitorFactory = (params) => {
  const v = params as P;
  const last: View[] = [];
  return {
    event(q, e) {
      if (ind(e, v.indication)) last[q] = viewOf(e, v);
      return null;
    },
    end(h) {
      for (const crashed of h.faulty()) {
        for (const q of h.correct()) {
          const l = last[q];
          if (!l || l.members.includes(crashed)) return `p${crashed} crashed but correct p${q} ${l ? `still has it in its view ${showView(l)}` : 'never installs a view'}`;
        }
      }
      return null;
    },
  };
};

export const electionSafety: MonitorFactory = (params) => {
  const v = params as P;
  const leaders = new Map<unknown, number>();
  return {
    event(q, e) {
      if (!ind(e, v.leader)) return null;
      const term = e.v[v.term];
      const other = leaders.get(term);
      if (other === undefined) leaders.set(term, q);
      else if (other !== q) return `p${Math.min(other, q)} and p${Math.max(other, q)} were both elected leader in term ${term as number}`;
      return null;
    },
  };
};

export const stateMachineSafety: MonitorFactory = (params) => {
  const v = params as P;
  const judge = firstPer<{ index: unknown; cmd: string }>(
    (a, b) => a.cmd === b.cmd,
    (a, b) => `p${a.q} applied ${a.x.cmd} at index ${a.x.index as number} but p${b.q} applied ${b.x.cmd}`,
  );
  return {
    event(q, e) {
      if (!ind(e, v.apply)) return null;
      const index = e.v[v.index];
      return judge(index, q, { index, cmd: show(e.v[v.cmd]) });
    },
  };
};
