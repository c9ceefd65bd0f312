// The Raft reducers one event at a time: the vote rules, AppendEntries' consistency check
// and suffix deletion, and the leader's commitment rule (figure 2 of the paper).
import { describe, expect, it } from 'vitest';
import { produce, type Draft } from 'immer';
import raft, { type Entry, type RaftServer } from '../../specs/raft/raft.ts';
import type { Ctx } from '../../src/system/protocol.ts';

const server = raft.roles.process;
type Msg = { type: string; [f: string]: unknown };

const follower = (over: Partial<RaftServer> = {}): RaftServer => ({ currentTerm: 0, votedFor: null, log: [], commitIndex: 0, role: 'follower', votes: [], nextIndex: [], matchIndex: [], ...over });
const e = (term: number, cmd: string): Entry => ({ term, cmd });

/** Runs one handler of server `self` (of 3) on `state`; returns the new state and the effects. */
function step(state: RaftServer, handle: (draft: Draft<RaftServer>, ctx: Ctx<any, any>) => unknown, opts: { self?: number; params?: Record<string, unknown> } = {}) {
  const sent: { to: number; msg: Msg }[] = [];
  const indications: Msg[] = [];
  const all = [0, 1, 2];
  const ctx = {
    self: opts.self ?? 0,
    role: 'process',
    n: 3,
    all,
    params: { ...raft.params, ...opts.params },
    pids: () => all,
    roleOf: () => 'process',
    send: (to: number, msg: Msg) => sent.push({ to, msg: JSON.parse(JSON.stringify(msg)) }),
    broadcast: (msg: Msg, to: readonly number[] = all) => to.forEach((q) => sent.push({ to: q, msg: JSON.parse(JSON.stringify(msg)) })),
    setTimer: () => {},
    cancelTimer: () => {},
    store: () => {},
    indicate: (i: Msg) => indications.push(JSON.parse(JSON.stringify(i))),
    fresh: () => {
      throw new Error('raft takes no fresh ordinals');
    },
  } as unknown as Ctx<any, any>;
  const next = produce(state, (d) => handle(d, ctx) as undefined);
  return { state: next, sent, indications };
}

const requestVote = (term: number, lastLogIndex: number, lastLogTerm: number) => ({ type: 'REQUEST_VOTE' as const, term, lastLogIndex, lastLogTerm });
const appendEntries = (term: number, prevLogIndex: number, prevLogTerm: number, entries: Entry[], leaderCommit = 0) => ({ type: 'APPEND_ENTRIES' as const, term, prevLogIndex, prevLogTerm, entries, leaderCommit });

describe('RequestVote', () => {
  const vote = (s: RaftServer, m: ReturnType<typeof requestVote>, from: number, params = {}) => step(s, (d, ctx) => server.messages!.REQUEST_VOTE!(d, m, from, ctx), { self: 2, params });

  it('grants a candidate of a newer term whose log is at least as up to date, and adopts the term', () => {
    const r = vote(follower({ currentTerm: 1, log: [e(1, 'x')] }), requestVote(2, 1, 1), 1);
    expect(r.state).toMatchObject({ currentTerm: 2, votedFor: 1 });
    expect(r.sent).toEqual([{ to: 1, msg: { type: 'VOTE', term: 2, granted: true } }]);
  });

  it('denies a candidate whose last entry is of an older term, even with a longer log (and says nothing)', () => {
    const r = vote(follower({ currentTerm: 2, log: [e(2, 'y')] }), requestVote(3, 2, 1), 0);
    expect(r.state).toMatchObject({ currentTerm: 3, votedFor: null });
    expect(r.sent).toEqual([]);
  });

  it('denies a candidate whose last entry is of the same term but whose log is shorter', () => {
    const r = vote(follower({ currentTerm: 1, log: [e(1, 'x'), e(1, 'w')] }), requestVote(2, 1, 1), 0);
    expect(r.state.votedFor).toBeNull();
    expect(r.sent).toEqual([]);
  });

  it('votes once per term, unless voteTwice', () => {
    const voted = follower({ currentTerm: 1, votedFor: 0 });
    expect(vote(voted, requestVote(1, 0, 0), 1).sent).toEqual([]);
    expect(vote(voted, requestVote(1, 0, 0), 0).sent).toEqual([{ to: 0, msg: { type: 'VOTE', term: 1, granted: true } }]);
    const twice = vote(voted, requestVote(1, 0, 0), 1, { voteTwice: true });
    expect(twice.state.votedFor).toBe(1);
    expect(twice.sent).toEqual([{ to: 1, msg: { type: 'VOTE', term: 1, granted: true } }]);
  });

  it('answers a request of an older term with its current term, and the candidate steps down', () => {
    const r = vote(follower({ currentTerm: 3 }), requestVote(2, 0, 0), 1);
    expect(r.sent).toEqual([{ to: 1, msg: { type: 'VOTE', term: 3, granted: false } }]);
    const candidate = follower({ currentTerm: 2, role: 'candidate', votedFor: 1, votes: [1] });
    const back = step(candidate, (d, ctx) => server.messages!.VOTE!(d, { type: 'VOTE', term: 3, granted: false }, 2, ctx), { self: 1 });
    expect(back.state).toMatchObject({ currentTerm: 3, role: 'follower', votedFor: null, votes: [] });
  });

  it('a candidate that gets a majority becomes leader, announces it and replicates its log', () => {
    const candidate = follower({ currentTerm: 3, role: 'candidate', votedFor: 0, votes: [0], log: [e(1, 'x')] });
    const r = step(candidate, (d, ctx) => server.messages!.VOTE!(d, { type: 'VOTE', term: 3, granted: true }, 2, ctx));
    expect(r.state).toMatchObject({ role: 'leader', nextIndex: [2, 2, 2], matchIndex: [1, 0, 0] });
    expect(r.indications).toEqual([{ type: 'leader', term: 3 }]);
    expect(r.sent.map((s) => s.to)).toEqual([1, 2]);
    expect(r.sent[0].msg).toEqual(appendEntries(3, 1, 1, []));
  });
});

describe('AppendEntries', () => {
  const append = (s: RaftServer, m: ReturnType<typeof appendEntries>) => step(s, (d, ctx) => server.messages!.APPEND_ENTRIES!(d, m, 0, ctx), { self: 2 });

  it('rejects entries whose predecessor it does not have (prevLogIndex/prevLogTerm)', () => {
    const missing = append(follower({ currentTerm: 3 }), appendEntries(3, 1, 1, []));
    expect(missing.sent).toEqual([{ to: 0, msg: { type: 'APPEND_REPLY', term: 3, prevLogIndex: 1, success: false, matchIndex: 0 } }]);
    const otherTerm = append(follower({ currentTerm: 3, log: [e(2, 'y')] }), appendEntries(3, 1, 1, []));
    expect(otherTerm.sent[0].msg).toMatchObject({ success: false });
    expect(otherTerm.state.log).toEqual([e(2, 'y')]);
  });

  it('deletes a conflicting suffix and appends', () => {
    const r = append(follower({ currentTerm: 3, log: [e(1, 'x'), e(2, 'y'), e(2, 'z')] }), appendEntries(4, 1, 1, [e(4, 'w')]));
    expect(r.state.log).toEqual([e(1, 'x'), e(4, 'w')]);
    expect(r.sent[0].msg).toMatchObject({ term: 4, success: true, matchIndex: 2 });
  });

  it('keeps entries past the ones it is sent when they agree (a late, shorter AppendEntries)', () => {
    const r = append(follower({ currentTerm: 3, log: [e(3, 'x'), e(3, 'y')] }), appendEntries(3, 0, 0, [e(3, 'x')]));
    expect(r.state.log).toEqual([e(3, 'x'), e(3, 'y')]);
    expect(r.sent[0].msg).toMatchObject({ success: true, matchIndex: 1 });
  });

  it('commits up to leaderCommit, but not past what this message vouches for, and applies in order', () => {
    const r = append(follower({ currentTerm: 2, log: [e(1, 'x'), e(1, 'stale')] }), appendEntries(2, 1, 1, [], 2));
    expect(r.state.commitIndex).toBe(1);
    expect(r.indications).toEqual([{ type: 'apply', index: 1, term: 1, cmd: 'x', currentTerm: 2 }]);
  });

  it('ignores a leader of an older term, telling it the current term', () => {
    const r = append(follower({ currentTerm: 3 }), appendEntries(2, 0, 0, [e(2, 'y')]));
    expect(r.state.log).toEqual([]);
    expect(r.sent).toEqual([{ to: 0, msg: { type: 'APPEND_REPLY', term: 3, prevLogIndex: 0, success: false, matchIndex: 0 } }]);
  });
});

describe("the leader's commitment rule", () => {
  // p0 leads term 3 with x of term 1, which p2 now stores too
  const leader = (log: Entry[]) => follower({ currentTerm: 3, votedFor: 0, role: 'leader', log, nextIndex: [log.length + 1, 1, 1], matchIndex: [log.length, 0, 0] });
  const replied = (s: RaftServer, matchIndex: number, params = {}) =>
    step(s, (d, ctx) => server.messages!.APPEND_REPLY!(d, { type: 'APPEND_REPLY', term: 3, prevLogIndex: 0, success: true, matchIndex }, 2, ctx), { params });

  it('does not commit an entry of an earlier term stored by a majority', () => {
    const r = replied(leader([e(1, 'x')]), 1);
    expect(r.state).toMatchObject({ commitIndex: 0, matchIndex: [1, 0, 1], nextIndex: [2, 1, 2] });
    expect(r.indications).toEqual([]);
  });

  it('commits it indirectly, with an entry of its own term above it', () => {
    const r = replied(leader([e(1, 'x'), e(3, 'z')]), 2);
    expect(r.state.commitIndex).toBe(2);
    expect(r.indications.map((i) => [i.index, i.cmd])).toEqual([
      [1, 'x'],
      [2, 'z'],
    ]);
  });

  it('commitByCounting (figure 8) commits the old entry by counting replicas', () => {
    const r = replied(leader([e(1, 'x')]), 1, { commitByCounting: true });
    expect(r.state.commitIndex).toBe(1);
    expect(r.indications).toEqual([{ type: 'apply', index: 1, term: 1, cmd: 'x', currentTerm: 3 }]);
  });

  it('backs nextIndex up by one when the follower did not match, and retries', () => {
    const s = follower({ currentTerm: 3, votedFor: 0, role: 'leader', log: [e(1, 'x'), e(3, 'z')], nextIndex: [3, 3, 3], matchIndex: [2, 0, 0] });
    const r = step(s, (d, ctx) => server.messages!.APPEND_REPLY!(d, { type: 'APPEND_REPLY', term: 3, prevLogIndex: 2, success: false, matchIndex: 0 }, 2, ctx));
    expect(r.state.nextIndex).toEqual([3, 3, 2]);
    expect(r.sent).toEqual([{ to: 2, msg: appendEntries(3, 1, 1, [e(3, 'z')]) }]);
  });
});
