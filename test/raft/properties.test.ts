// Raft's four safety properties on hand-made histories and server states: each holds where
// it should and fails with a message that names the servers, the term and the index.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { electionSafety, leaderCompleteness, logMatching, stateMachineSafety, type RaftView } from '../../properties/raft/properties.ts';
import { propertyDefs } from '../../properties/index.ts';

type Entry = { term: number; cmd: string };
const e = (term: number, cmd: string): Entry => ({ term, cmd });
const server = (role: string, currentTerm: number, log: Entry[]): RaftView => ({ role, currentTerm, log });
const leader = (term: number): HistoryEvent => ({ k: 'indication', v: { type: 'leader', term } });
const applied = (index: number, entry: Entry, currentTerm: number): HistoryEvent => ({ k: 'indication', v: { type: 'apply', index, term: entry.term, cmd: entry.cmd, currentTerm } });

function history(events: HistoryEvent[][], states: (RaftView | null)[] = events.map(() => null)): History {
  return {
    n: events.length,
    events: (p) => events[p],
    isDown: () => false,
    correct: () => events.map((_, p) => p),
    faulty: () => [],
    roleOf: () => 'process',
    state: (p) => states[p],
  };
}

const info = { n: 3, roles: ['process'], roleOf: () => 'process' };
function check(def: PropertyDef, h: History, params: Record<string, unknown> = {}): string | null {
  return def.make({ ...def.params, ...params }, info)(h);
}

describe('the registry', () => {
  it('lists the four Raft properties, all safety', () => {
    for (const name of ['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety']) expect(propertyDefs[name]?.kind, name).toBe('safety');
  });
});

describe('election-safety', () => {
  it('holds with one leader per term, the same server winning several terms', () => {
    expect(check(electionSafety, history([[leader(1), leader(3)], [leader(2)], []]))).toBeNull();
  });

  it('fails when two servers are elected in one term', () => {
    expect(check(electionSafety, history([[leader(1)], [leader(2)], [leader(1)]]))).toBe('p0 and p2 were both elected leader in term 1');
  });

  it('reads the indication and field names it is given', () => {
    const h = history([[{ k: 'indication', v: { type: 'elected', epoch: 5 } }], [{ k: 'indication', v: { type: 'elected', epoch: 5 } }]]);
    expect(check(electionSafety, h)).toBeNull();
    expect(check(electionSafety, h, { leader: 'elected', term: 'epoch' })).toBe('p0 and p1 were both elected leader in term 5');
  });
});

describe('log-matching', () => {
  const none: HistoryEvent[] = [];

  it('holds for logs that agree up to their last common term, and diverge after it', () => {
    const h = history([none, none, none], [server('leader', 3, [e(1, 'x'), e(3, 'z')]), server('follower', 3, [e(1, 'x'), e(2, 'y')]), server('follower', 2, [])]);
    expect(check(logMatching, h)).toBeNull();
  });

  it('fails when two entries of one index and term hold different commands', () => {
    const h = history([none, none], [server('leader', 2, [e(2, 'x')]), server('follower', 2, [e(2, 'y')])]);
    expect(check(logMatching, h)).toBe('p0 and p1 both have an entry of term 2 at index 1, but at index 1 p0 has "x" (term 2) and p1 has "y" (term 2)');
  });

  it('fails when logs agree on an entry but not on one before it', () => {
    const h = history([none, none], [server('follower', 3, [e(1, 'x'), e(3, 'z')]), server('follower', 3, [e(2, 'y'), e(3, 'z')])]);
    expect(check(logMatching, h)).toBe('p0 and p1 both have an entry of term 3 at index 2, but at index 1 p0 has "x" (term 1) and p1 has "y" (term 2)');
  });

  it('skips a server that is down and lost its state', () => {
    const h = history([none, none], [server('follower', 1, [e(1, 'x')]), null]);
    expect(check(logMatching, h)).toBeNull();
  });
});

describe('leader-completeness', () => {
  it('holds when every later leader has the applied entry', () => {
    const h = history([[applied(1, e(1, 'x'), 1)], [], []], [server('follower', 2, [e(1, 'x')]), server('leader', 2, [e(1, 'x'), e(2, 'y')]), server('follower', 2, [e(1, 'x')])]);
    expect(check(leaderCompleteness, h)).toBeNull();
  });

  it('does not ask it of a leader of the term the entry was applied in, or of an earlier one', () => {
    // p0 applied x in term 3; p1 still believes it leads term 2 (stale, and its log lacks x)
    const h = history([[applied(1, e(1, 'x'), 3)], [], []], [server('leader', 3, [e(1, 'x')]), server('leader', 2, [e(2, 'y')]), server('follower', 3, [e(1, 'x')])]);
    expect(check(leaderCompleteness, h)).toBeNull();
  });

  it('fails when a leader of a later term has another entry at that index (figure 8)', () => {
    const h = history([[applied(1, e(1, 'x'), 3)], [], []], [server('follower', 4, [e(1, 'x')]), server('leader', 4, [e(2, 'y')]), server('follower', 4, [e(1, 'x')])]);
    expect(check(leaderCompleteness, h)).toBe('p0 applied "x" (term 1) at index 1 in term 3, but p1, leader of term 4, has "y" (term 2) there');
  });

  it('fails when a leader of a later term has no entry there', () => {
    const h = history([[applied(2, e(1, 'x'), 1)], []], [server('follower', 1, [e(1, 'w'), e(1, 'x')]), server('leader', 2, [e(1, 'w')])]);
    expect(check(leaderCompleteness, h)).toBe('p0 applied "x" (term 1) at index 2 in term 1, but p1, leader of term 2, has no entry there');
  });
});

describe('state-machine-safety', () => {
  it('holds when servers apply the same commands at the same indices, at different times', () => {
    const h = history([[applied(1, e(1, 'x'), 1), applied(2, e(2, 'y'), 2)], [applied(1, e(1, 'x'), 2)], []]);
    expect(check(stateMachineSafety, h)).toBeNull();
  });

  it('fails when two servers apply different commands at one index', () => {
    const h = history([[applied(1, e(1, 'x'), 3)], [applied(1, e(2, 'y'), 4)], []]);
    expect(check(stateMachineSafety, h)).toBe('p0 applied "x" at index 1 but p1 applied "y"');
  });
});
