/**
 * Single-decree Paxos with proposers that never give up: a proposer that is pre-empted (an
 * acceptor answers NACK, carrying the higher ballot it promised) starts a new ballot with
 * `ctx.fresh()`, above every ballot in the system, and so pre-empts its rival in turn. Two
 * such proposers can duel forever (FLP): safety holds, termination does not.
 *
 * Ballots are ordinals (`b`, `of`, `ballot`, `promised`): the explorer renumbers them by rank,
 * so the unbounded sequence of ballots stays a finite state space. For the same reason a
 * proposer hears every acceptor before its next move (it moves to phase 2 once all have
 * answered its prepare, and retries once all have answered and one refused): none of its
 * messages is left in flight when it starts a ballot, so the network stays bounded. With no
 * crashes in the spec, waiting for every answer changes no outcome, only how soon it comes.
 * Decisions are still taken by a majority (the proposer learns its own ballot's fate).
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Accepted = { b: number; v: string } | null;

type Message =
  | { type: 'PREPARE'; b: number }
  | { type: 'PROMISE'; b: number; accepted: Accepted }
  | { type: 'ACCEPT'; b: number; v: string }
  | { type: 'ACCEPTED'; b: number; v: string }
  /** A refusal of ballot `of`: the acceptor promised `b`, higher. */
  | { type: 'NACK'; of: number; b: number };

type T = {
  message: Message;
  request: { type: 'propose'; v: string };
  indication: { type: 'decide'; v: string };
};

interface Proposer {
  value: string | null;
  ballot: number;
  phase: 'idle' | 'prepare' | 'accept' | 'decided';
  /** The acceptors that promised (with what they had accepted) or accepted this ballot, by phase. */
  promises: { from: Pid; accepted: Accepted }[];
  acks: Pid[];
  /** The acceptors that refused this ballot in this phase. */
  refused: Pid[];
}

interface Acceptor {
  promised: number;
  accepted: Accepted;
}

type ProposerCtx = { pids(role: string): readonly Pid[]; fresh(): number; broadcast(m: Message, to?: readonly Pid[]): void };

function startBallot(s: Proposer, ctx: ProposerCtx): void {
  s.ballot = ctx.fresh();
  s.phase = 'prepare';
  s.promises = [];
  s.acks = [];
  s.refused = [];
  ctx.broadcast({ type: 'PREPARE', b: s.ballot }, ctx.pids('acceptor'));
}

/** Once every acceptor answered the current phase: on to phase 2, or a new ballot. */
function answered(s: Proposer, ctx: ProposerCtx): void {
  const acceptors = ctx.pids('acceptor');
  const heard = s.refused.length + (s.phase === 'prepare' ? s.promises.length : s.acks.length);
  if (heard < acceptors.length) return;
  if (s.phase === 'prepare' && s.promises.length * 2 > acceptors.length) {
    let best: Accepted = null;
    for (const p of s.promises) if (p.accepted && (!best || p.accepted.b > best.b)) best = p.accepted;
    s.phase = 'accept';
    s.refused = [];
    ctx.broadcast({ type: 'ACCEPT', b: s.ballot, v: best ? best.v : s.value! }, acceptors);
    return;
  }
  // pre-empted: start again, above every ballot there is
  startBallot(s, ctx);
}

const proposer = role<T, Proposer>({
  init: () => ({ value: null, ballot: 0, phase: 'idle', promises: [], acks: [], refused: [] }),
  requests: {
    propose(s, req, ctx) {
      s.value = req.v;
      startBallot(s, ctx);
    },
  },
  messages: {
    PROMISE(s, msg, from, ctx) {
      if (s.phase !== 'prepare' || msg.b !== s.ballot || s.promises.some((p) => p.from === from)) return;
      s.promises.push({ from, accepted: msg.accepted });
      s.promises.sort((a, b) => a.from - b.from);
      answered(s, ctx);
    },
    ACCEPTED(s, msg, from, ctx) {
      if (s.phase !== 'accept' || msg.b !== s.ballot || s.acks.includes(from)) return;
      s.acks.push(from);
      s.acks.sort((a, b) => a - b);
      if (s.acks.length * 2 > ctx.pids('acceptor').length) {
        s.phase = 'decided';
        ctx.indicate({ type: 'decide', v: msg.v });
        return;
      }
      answered(s, ctx);
    },
    NACK(s, msg, from, ctx) {
      if ((s.phase !== 'prepare' && s.phase !== 'accept') || msg.of !== s.ballot || s.refused.includes(from)) return;
      s.refused.push(from);
      s.refused.sort((a, b) => a - b);
      answered(s, ctx);
    },
  },
});

const acceptor = role<T, Acceptor>({
  init: () => ({ promised: 0, accepted: null }),
  messages: {
    PREPARE(s, msg, from, ctx) {
      if (msg.b <= s.promised) {
        ctx.send(from, { type: 'NACK', of: msg.b, b: s.promised });
        return;
      }
      s.promised = msg.b;
      ctx.send(from, { type: 'PROMISE', b: msg.b, accepted: s.accepted });
    },
    ACCEPT(s, msg, from, ctx) {
      if (msg.b < s.promised) {
        ctx.send(from, { type: 'NACK', of: msg.b, b: s.promised });
        return;
      }
      s.promised = msg.b;
      s.accepted = { b: msg.b, v: msg.v };
      ctx.send(from, { type: 'ACCEPTED', b: msg.b, v: msg.v });
    },
  },
});

export default defineProtocol<T>({
  name: 'paxos-dueling',
  description: 'single-decree Paxos whose pre-empted proposers retry with fresh ballots, forever',
  ordinals: ['b', 'of', 'ballot', 'promised'],
  roles: { proposer, acceptor },
});
