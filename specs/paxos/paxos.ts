/**
 * Single-decree Paxos (Lamport, "Paxos Made Simple"): proposers run ballots
 * (phase 1: prepare/promise, phase 2: accept/accepted), acceptors keep the highest ballot
 * they promised and the last proposal they accepted, and each proposer learns the fate of
 * its own ballots: its value is decided once a majority of acceptors accepted it.
 * (Acceptors answer only the ballot's proposer, and every list in a state is kept sorted,
 * so runs that differ only in arrival order meet in one state.)
 *
 * Ballots are unique per proposer: ballot = attempt * P + index + 1. A proposer retries
 * with a higher ballot on its `retry` timer, at most `attempts` ballots in all.
 *
 * Broken variants, each breaking agreement:
 * - `ignorePromisedValues`: a proposer proposes its own value even when a promise carries
 *   an accepted proposal (the rule that makes Paxos safe is skipped);
 * - `acceptBelowPromise`: an acceptor accepts a proposal whose ballot is below the one it
 *   promised.
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Accepted = { b: number; v: string } | null;

type Message =
  | { type: 'PREPARE'; b: number }
  | { type: 'PROMISE'; b: number; accepted: Accepted }
  | { type: 'ACCEPT'; b: number; v: string }
  | { type: 'ACCEPTED'; b: number; v: string };

type T = {
  message: Message;
  request: { type: 'propose'; v: string };
  indication: { type: 'decide'; v: string };
  timer: 'retry';
};

interface Params {
  attempts: number;
  ignorePromisedValues: boolean;
  acceptBelowPromise: boolean;
}

interface Proposer {
  value: string | null;
  attempt: number;
  ballot: number;
  phase: 'idle' | 'prepare' | 'accept';
  promises: { from: Pid; accepted: Accepted }[];
  /** Learner: the acceptors that accepted the current ballot. */
  acks: Pid[];
  decided: boolean;
}

interface Acceptor {
  promised: number;
  accepted: Accepted;
}

function startBallot(s: Proposer, ctx: { self: Pid; pids(role: string): readonly Pid[]; params: Params; setTimer(n: 'retry'): void; broadcast(m: Message, to?: readonly Pid[]): void }): void {
  const proposers = ctx.pids('proposer');
  s.ballot = s.attempt * proposers.length + proposers.indexOf(ctx.self) + 1;
  s.attempt++;
  s.phase = 'prepare';
  s.promises = [];
  s.acks = [];
  ctx.broadcast({ type: 'PREPARE', b: s.ballot }, ctx.pids('acceptor'));
  if (s.attempt < ctx.params.attempts) ctx.setTimer('retry');
}

const proposer = role<T, Proposer, Params>({
  init: () => ({ value: null, attempt: 0, ballot: 0, phase: 'idle', promises: [], acks: [], decided: false }),
  requests: {
    propose(s, req, ctx) {
      s.value = req.v;
      startBallot(s, ctx);
    },
  },
  timers: {
    retry(s, ctx) {
      if (!s.decided) startBallot(s, ctx);
    },
  },
  messages: {
    PROMISE(s, msg, from, ctx) {
      if (s.phase !== 'prepare' || msg.b !== s.ballot || s.promises.some((p) => p.from === from)) return;
      s.promises.push({ from, accepted: msg.accepted });
      s.promises.sort((a, b) => a.from - b.from);
      const acceptors = ctx.pids('acceptor');
      if (s.promises.length * 2 <= acceptors.length) return;
      let v = s.value!;
      if (!ctx.params.ignorePromisedValues) {
        let best: Accepted = null;
        for (const p of s.promises) if (p.accepted && (!best || p.accepted.b > best.b)) best = p.accepted;
        if (best) v = best.v;
      }
      s.phase = 'accept';
      ctx.broadcast({ type: 'ACCEPT', b: s.ballot, v }, acceptors);
    },
    ACCEPTED(s, msg, from, ctx) {
      if (msg.b !== s.ballot || s.decided || s.acks.includes(from)) return;
      s.acks.push(from);
      s.acks.sort((a, b) => a - b);
      if (s.acks.length * 2 > ctx.pids('acceptor').length) {
        s.decided = true;
        ctx.cancelTimer('retry');
        ctx.indicate({ type: 'decide', v: msg.v });
      }
    },
  },
});

const acceptor = role<T, Acceptor, Params>({
  init: () => ({ promised: 0, accepted: null }),
  messages: {
    PREPARE(s, msg, from, ctx) {
      if (msg.b <= s.promised) return;
      s.promised = msg.b;
      ctx.send(from, { type: 'PROMISE', b: msg.b, accepted: s.accepted });
    },
    ACCEPT(s, msg, from, ctx) {
      if (msg.b < s.promised && !ctx.params.acceptBelowPromise) return;
      s.promised = Math.max(s.promised, msg.b);
      s.accepted = { b: msg.b, v: msg.v };
      ctx.send(from, { type: 'ACCEPTED', b: msg.b, v: msg.v });
    },
  },
});

export default defineProtocol<T, unknown, { attempts: number; ignorePromisedValues: boolean; acceptBelowPromise: boolean }>({
  name: 'paxos',
  description: 'single-decree Paxos with proposers that are also learners',
  params: { attempts: 1, ignorePromisedValues: false, acceptBelowPromise: false },
  // where acceptors' and proposers' pids appear (for symmetry: [acceptor])
  pids: ['from', 'acks'],
  // kept sorted by pid: a renaming of the acceptors sorts them again
  pidSets: ['promises', 'acks'],
  roles: { proposer, acceptor },
});
