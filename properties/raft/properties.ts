/**
 * Raft's safety properties (Ongaro & Ousterhout, figure 3). Election safety and
 * state-machine safety read the history; log matching and leader completeness also read
 * the servers' current states through `h.state(p)`, which must have the shape of
 * `RaftView` (specs/raft/raft.ts's state has it). Indications, by default:
 * `{ type: 'leader', term }` when a server becomes leader, and
 * `{ type: 'apply', index, term, cmd, currentTerm }` for each entry a server applies
 * (`term` is the entry's term, `currentTerm` the server's term when it applied it). The
 * indication and field names are parameters.
 */
import { defineProperty, indications, type History } from '../../src/system/history.ts';

/** What the state-reading properties expect of a server's state. */
export interface RaftView {
  readonly role: string;
  readonly currentTerm: number;
  /** Entry i (counted from 1) is `log[i - 1]`. */
  readonly log: readonly { readonly term: number; readonly cmd: unknown }[];
}

const vocabulary = { leader: 'leader', apply: 'apply', index: 'index', term: 'term', cmd: 'cmd', currentTerm: 'currentTerm' };
type Vocab = typeof vocabulary;

interface Applied {
  p: number;
  index: number;
  term: number;
  cmd: unknown;
  /** The server's term when it applied the entry: the entry was committed in this term or before. */
  currentTerm: number;
}

// Plain index loops throughout: log matching and leader completeness read the servers' states,
// so they are judged wherever the states or the history are new (src/system/judge.ts), and
// flatMap, Array.from with a mapper and JSON.stringify of equal strings were once a fifth of a
// Raft search.
const show = (x: unknown) => JSON.stringify(x);
const entryText = (e: { term: number; cmd: unknown } | undefined) => (e ? `${show(e.cmd)} (term ${e.term})` : 'no entry');
const sameCmd = (a: unknown, b: unknown) => a === b || show(a) === show(b);
const sameEntry = (a: { term: number; cmd: unknown }, b: { term: number; cmd: unknown }) => a.term === b.term && sameCmd(a.cmd, b.cmd);

function applied(h: History, v: Vocab): Applied[] {
  const out: Applied[] = [];
  for (let p = 0; p < h.n; p++) {
    const as = indications(h, p, v.apply);
    for (let i = 0; i < as.length; i++) {
      const a = as[i];
      out.push({ p, index: a[v.index] as number, term: a[v.term] as number, cmd: a[v.cmd], currentTerm: a[v.currentTerm] as number });
    }
  }
  return out;
}

/** The servers' states that are up, with their pids. */
function servers(h: History): { p: number; s: RaftView }[] {
  const out: { p: number; s: RaftView }[] = [];
  for (let p = 0; p < h.n; p++) {
    const s = h.state(p) as RaftView | null;
    if (s) out.push({ p, s });
  }
  return out;
}

export const electionSafety = defineProperty({
  name: 'election-safety',
  kind: 'safety',
  description: 'at most one leader is elected in a given term',
  params: { leader: vocabulary.leader, term: vocabulary.term },
  make: (v) => (h) => {
    const leaderOf = new Map<number, number>();
    for (let p = 0; p < h.n; p++) {
      for (const l of indications(h, p, v.leader)) {
        const term = l[v.term] as number;
        const other = leaderOf.get(term);
        if (other !== undefined && other !== p) return `p${other} and p${p} were both elected leader in term ${term}`;
        leaderOf.set(term, p);
      }
    }
    return null;
  },
});

export const logMatching = defineProperty({
  name: 'log-matching',
  kind: 'safety',
  description: 'if two logs have an entry with the same index and term, the logs are identical in all entries up to that index',
  params: {},
  make: () => (h) => {
    const all = servers(h);
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      for (let j = i + 1; j < all.length; j++) {
        const b = all[j];
        if (a.s.log === b.s.log) continue;
        for (let n = Math.min(a.s.log.length, b.s.log.length); n >= 1; n--) {
          if (a.s.log[n - 1].term !== b.s.log[n - 1].term) continue;
          for (let k = 1; k <= n; k++) {
            const x = a.s.log[k - 1];
            const y = b.s.log[k - 1];
            if (!sameEntry(x, y)) return `p${a.p} and p${b.p} both have an entry of term ${a.s.log[n - 1].term} at index ${n}, but at index ${k} p${a.p} has ${entryText(x)} and p${b.p} has ${entryText(y)}`;
          }
          break; // identical up to n: so they are below it too
        }
      }
    }
    return null;
  },
});

export const leaderCompleteness = defineProperty({
  name: 'leader-completeness',
  kind: 'safety',
  description: 'an entry committed in a term is in the log of every leader of a higher term (checked as: every entry a server applied in its term t is in the log of every current leader whose term is above t)',
  params: { ...vocabulary },
  make: (v) => (h) => {
    const leaders = servers(h).filter(({ s }) => s.role === 'leader');
    if (leaders.length === 0) return null;
    for (const a of applied(h, v)) {
      for (const { p, s } of leaders) {
        if (s.currentTerm <= a.currentTerm) continue;
        const e = s.log[a.index - 1];
        if (!e || !sameEntry(e, a)) return `p${a.p} applied ${entryText(a)} at index ${a.index} in term ${a.currentTerm}, but p${p}, leader of term ${s.currentTerm}, has ${entryText(e)} there`;
      }
    }
    return null;
  },
});

export const stateMachineSafety = defineProperty({
  name: 'state-machine-safety',
  kind: 'safety',
  description: 'no two servers apply different commands at the same log index',
  params: { apply: vocabulary.apply, index: vocabulary.index, cmd: vocabulary.cmd },
  make: (v) => (h) => {
    const first = new Map<number, { p: number; cmd: unknown }>();
    for (let p = 0; p < h.n; p++) {
      for (const a of indications(h, p, v.apply)) {
        const index = a[v.index] as number;
        const seen = first.get(index);
        if (!seen) first.set(index, { p, cmd: a[v.cmd] });
        else if (!sameCmd(seen.cmd, a[v.cmd])) return `p${seen.p} applied ${show(seen.cmd)} at index ${index} but p${p} applied ${show(a[v.cmd])}`;
      }
    }
    return null;
  },
});
