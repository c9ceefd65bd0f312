/**
 * Raft leader election and log replication (Ongaro & Ousterhout, "In Search of an
 * Understandable Consensus Algorithm", figure 2). Each server keeps currentTerm, votedFor,
 * a log of { term, cmd } entries and commitIndex, and is a follower, a candidate or the
 * leader. Log indices start at 1 as in the paper: `log[i - 1]` is entry i.
 *
 * - Election: a server's `timeout` timer fires at any later step (the system is
 *   asynchronous); it then starts an election in term currentTerm + 1 and asks the others
 *   for their votes. A server grants at most one vote per term, and only to a candidate
 *   whose log is at least as up to date as its own (last log term, then length).
 * - Replication: the leader appends a client's `put` to its log and sends AppendEntries
 *   from each follower's nextIndex; the follower checks prevLogIndex/prevLogTerm, deletes a
 *   conflicting suffix and appends; on a mismatch the leader backs nextIndex up and retries.
 * - Commitment: the leader commits index N once a majority has matchIndex >= N and
 *   log[N].term == currentTerm; followers learn it from leaderCommit. Servers apply what
 *   they commit, in index order.
 *
 * Messages that carry no news are not sent: a denied vote (the candidate learns nothing
 * from it), and AppendEntries from a leader whose log is empty (the heartbeat that only
 * announces the term). Raft tolerates lost messages, so every run here is a run of Raft in
 * which those were lost. A request of an older term is answered with the current term, and
 * its sender steps down, as in the paper. The leader sends AppendEntries when it is elected,
 * when it appends, and when a follower's log did not match; followers learn commitIndex
 * from the next of those.
 *
 * Bounds that keep the model finite and small (each one leaves a subset of Raft's runs):
 * - `maxTerm`: no election beyond this term;
 * - `followersOnly`: servers whose election timer never fires (they vote and replicate);
 * - `takeTurns`: the servers that may campaign take the terms in turn (with two, one has
 *   the odd terms and the other the even ones); a timeout skips the others' terms, as if
 *   the server had timed out again at once and its first requests were lost;
 * - `cutLinks`: pairs of servers whose link is down for the whole run (every message
 *   between them is lost), so they hear of each other only through a third server;
 * - the log grows only by the workload's puts, which a server that is not the leader
 *   ignores (the client would retry elsewhere).
 *
 * Observable: `{ type: 'leader', term }` when a server wins an election, and
 * `{ type: 'apply', index, term, cmd, currentTerm }` for each entry a server applies
 * (`term` is the entry's, `currentTerm` the server's when it applied it). The state has the
 * shape `RaftServer` below; properties/raft reads `role`, `currentTerm` and `log`.
 *
 * Broken variants, as parameters:
 * - `voteTwice`: a server grants its vote even if it already voted for another candidate
 *   in that term, so two candidates can both win the same term (election safety fails);
 * - `commitByCounting`: the leader commits an entry of an earlier term as soon as a
 *   majority stores it (the paper's figure 8): a later leader whose log lacks it may still
 *   be elected and overwrite it (state-machine safety and leader completeness fail).
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';

export interface Entry {
  term: number;
  cmd: string;
}

export type Role = 'follower' | 'candidate' | 'leader';

export interface RaftServer {
  currentTerm: number;
  votedFor: Pid | null;
  log: Entry[];
  commitIndex: number;
  role: Role;
  /** Candidate: the servers that granted their vote (itself included), sorted. */
  votes: Pid[];
  /** Leader: per server, the index of the next entry to send (empty otherwise). */
  nextIndex: number[];
  /** Leader: per server, the highest index known to be replicated there (empty otherwise). */
  matchIndex: number[];
}

type Message =
  | { type: 'REQUEST_VOTE'; term: number; lastLogIndex: number; lastLogTerm: number }
  | { type: 'VOTE'; term: number; granted: boolean }
  | { type: 'APPEND_ENTRIES'; term: number; prevLogIndex: number; prevLogTerm: number; entries: Entry[]; leaderCommit: number }
  | { type: 'APPEND_REPLY'; term: number; success: boolean; prevLogIndex: number; matchIndex: number };

type T = {
  message: Message;
  request: { type: 'put'; cmd: string };
  indication: { type: 'leader'; term: number } | { type: 'apply'; index: number; term: number; cmd: string; currentTerm: number };
  timer: 'timeout';
};

type Params = {
  maxTerm: number;
  followersOnly: number[];
  takeTurns: boolean;
  cutLinks: number[][];
  voteTwice: boolean;
  commitByCounting: boolean;
};

type C = Ctx<T, Params>;

const lastTerm = (log: readonly Entry[]) => (log.length ? log[log.length - 1].term : 0);
const termAt = (log: readonly Entry[], index: number) => (index === 0 ? 0 : log[index - 1].term);
const isMajority = (count: number, ctx: C) => count * 2 > ctx.n;
const others = (ctx: C) => ctx.all.filter((p) => p !== ctx.self && !ctx.params.cutLinks.some((l) => l.includes(p) && l.includes(ctx.self)));

/**
 * The term of this server's next election: the next one, or with `takeTurns` the next of
 * its own (the candidates take terms in turn), as if it had timed out again at once in
 * the others' terms and those requests were lost.
 */
function nextElectionTerm(s: RaftServer, ctx: C): number {
  if (!ctx.params.takeTurns) return s.currentTerm + 1;
  const candidates = ctx.all.filter((p) => !ctx.params.followersOnly.includes(p));
  let t = s.currentTerm + 1;
  while (candidates[(t - 1) % candidates.length] !== ctx.self) t++;
  return t;
}

/** The election timer runs while the server may still start an election. */
function armTimer(s: RaftServer, ctx: C): void {
  if (s.role !== 'leader' && !ctx.params.followersOnly.includes(ctx.self) && nextElectionTerm(s, ctx) <= ctx.params.maxTerm) ctx.setTimer('timeout');
  else ctx.cancelTimer('timeout');
}

/** A message of a newer term: adopt the term and become a follower. */
function adoptTerm(s: RaftServer, term: number, ctx: C): void {
  s.currentTerm = term;
  s.votedFor = null;
  becomeFollower(s, ctx);
}

function becomeFollower(s: RaftServer, ctx: C): void {
  s.role = 'follower';
  s.votes = [];
  s.nextIndex = [];
  s.matchIndex = [];
  armTimer(s, ctx);
}

function sendAppendEntries(s: RaftServer, to: Pid, ctx: C): void {
  const prevLogIndex = s.nextIndex[to] - 1;
  ctx.send(to, {
    type: 'APPEND_ENTRIES',
    term: s.currentTerm,
    prevLogIndex,
    prevLogTerm: termAt(s.log, prevLogIndex),
    entries: s.log.slice(prevLogIndex),
    leaderCommit: s.commitIndex,
  });
}

/** Applies the entries up to `upTo` that were not applied yet (commitIndex is also lastApplied: they move together). */
function commitUpTo(s: RaftServer, upTo: number, ctx: C): void {
  for (let i = s.commitIndex + 1; i <= upTo; i++) ctx.indicate({ type: 'apply', index: i, term: s.log[i - 1].term, cmd: s.log[i - 1].cmd, currentTerm: s.currentTerm });
  s.commitIndex = Math.max(s.commitIndex, upTo);
}

/** The leader's commitment rule: the highest N stored by a majority, if log[N] is of the current term. */
function advanceCommit(s: RaftServer, ctx: C): void {
  for (let n = s.log.length; n > s.commitIndex; n--) {
    if (!isMajority(s.matchIndex.filter((m) => m >= n).length, ctx)) continue;
    if (s.log[n - 1].term === s.currentTerm || ctx.params.commitByCounting) commitUpTo(s, n, ctx);
    return;
  }
}

function becomeLeader(s: RaftServer, ctx: C): void {
  s.role = 'leader';
  s.votes = [];
  s.nextIndex = ctx.all.map(() => s.log.length + 1);
  s.matchIndex = ctx.all.map((p) => (p === ctx.self ? s.log.length : 0));
  armTimer(s, ctx);
  ctx.indicate({ type: 'leader', term: s.currentTerm });
  if (s.log.length) for (const p of others(ctx)) sendAppendEntries(s, p, ctx);
}

function upToDate(s: RaftServer, lastLogIndex: number, lastLogTerm: number): boolean {
  const mine = lastTerm(s.log);
  return lastLogTerm > mine || (lastLogTerm === mine && lastLogIndex >= s.log.length);
}

export default defineProtocol<T, RaftServer, Params>({
  name: 'raft',
  description: 'Raft leader election and log replication',
  params: { maxTerm: 4, followersOnly: [] as number[], takeTurns: false, cutLinks: [] as number[][], voteTwice: false, commitByCounting: false },
  init: (ctx) => {
    const s: RaftServer = { currentTerm: 0, votedFor: null, log: [], commitIndex: 0, role: 'follower', votes: [], nextIndex: [], matchIndex: [] };
    armTimer(s, ctx);
    return s;
  },
  timers: {
    timeout(s, ctx) {
      const term = nextElectionTerm(s, ctx);
      if (s.role === 'leader' || term > ctx.params.maxTerm) return;
      s.currentTerm = term;
      s.role = 'candidate';
      s.votedFor = ctx.self;
      s.votes = [ctx.self];
      s.nextIndex = [];
      s.matchIndex = [];
      armTimer(s, ctx);
      ctx.broadcast({ type: 'REQUEST_VOTE', term: s.currentTerm, lastLogIndex: s.log.length, lastLogTerm: lastTerm(s.log) }, others(ctx));
    },
  },
  requests: {
    put(s, req, ctx) {
      if (s.role !== 'leader') return;
      s.log.push({ term: s.currentTerm, cmd: req.cmd });
      s.matchIndex[ctx.self] = s.log.length;
      for (const p of others(ctx)) sendAppendEntries(s, p, ctx);
    },
  },
  messages: {
    REQUEST_VOTE(s, msg, from, ctx) {
      if (msg.term < s.currentTerm) {
        ctx.send(from, { type: 'VOTE', term: s.currentTerm, granted: false });
        return;
      }
      if (msg.term > s.currentTerm) adoptTerm(s, msg.term, ctx);
      const free = s.votedFor === null || s.votedFor === from || ctx.params.voteTwice;
      if (!free || !upToDate(s, msg.lastLogIndex, msg.lastLogTerm)) return;
      s.votedFor = from;
      ctx.send(from, { type: 'VOTE', term: s.currentTerm, granted: true });
    },
    VOTE(s, msg, from, ctx) {
      if (msg.term > s.currentTerm) return adoptTerm(s, msg.term, ctx);
      if (!msg.granted || msg.term !== s.currentTerm || s.role !== 'candidate' || s.votes.includes(from)) return;
      s.votes.push(from);
      s.votes.sort((a, b) => a - b);
      if (isMajority(s.votes.length, ctx)) becomeLeader(s, ctx);
    },
    APPEND_ENTRIES(s, msg, from, ctx) {
      if (msg.term < s.currentTerm) {
        ctx.send(from, { type: 'APPEND_REPLY', term: s.currentTerm, prevLogIndex: msg.prevLogIndex, success: false, matchIndex: 0 });
        return;
      }
      if (msg.term > s.currentTerm) adoptTerm(s, msg.term, ctx);
      else if (s.role === 'candidate') becomeFollower(s, ctx);
      const reply = { type: 'APPEND_REPLY', term: s.currentTerm, prevLogIndex: msg.prevLogIndex } as const;
      if (msg.prevLogIndex > s.log.length || termAt(s.log, msg.prevLogIndex) !== msg.prevLogTerm) {
        ctx.send(from, { ...reply, success: false, matchIndex: 0 });
        return;
      }
      msg.entries.forEach((e, k) => {
        const index = msg.prevLogIndex + 1 + k;
        if (index <= s.log.length && s.log[index - 1].term !== e.term) s.log.splice(index - 1);
        if (index > s.log.length) s.log.push(e);
      });
      const lastNew = msg.prevLogIndex + msg.entries.length;
      if (msg.leaderCommit > s.commitIndex) commitUpTo(s, Math.min(msg.leaderCommit, lastNew), ctx);
      ctx.send(from, { ...reply, success: true, matchIndex: lastNew });
    },
    APPEND_REPLY(s, msg, from, ctx) {
      if (msg.term > s.currentTerm) return adoptTerm(s, msg.term, ctx);
      if (msg.term !== s.currentTerm || s.role !== 'leader') return;
      if (msg.success) {
        if (msg.matchIndex <= s.matchIndex[from]) return;
        s.matchIndex[from] = msg.matchIndex;
        s.nextIndex[from] = Math.max(s.nextIndex[from], msg.matchIndex + 1);
        advanceCommit(s, ctx);
        return;
      }
      // the follower has no entry matching prevLogIndex: retry one entry earlier
      const next = Math.max(s.matchIndex[from] + 1, Math.min(s.nextIndex[from], msg.prevLogIndex));
      if (next === s.nextIndex[from]) return;
      s.nextIndex[from] = next;
      sendAppendEntries(s, from, ctx);
    },
  },
});
