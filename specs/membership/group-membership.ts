/**
 * Consensus-Based Group Membership (CGR algorithm 6.8): every process starts in view
 * (0, all processes). When the perfect failure detector has reported crashes of members of
 * the current view (and of nobody outside it), a process proposes the processes it still
 * believes correct in the next instance of flooding uniform consensus (specs/consensus),
 * and installs each decided set as the next view. Consensus decides the smallest proposed
 * set (the one that excludes most), so every process installs the same views.
 *
 * `useConsensus: false` is the broken variant: each process installs a new view on its own
 * detections, without agreeing with the others.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { addPid, type Rules } from '../consensus/flooding.ts';
import { progress, receiveFor, startInstances, type InstanceMessage, type Instances } from '../consensus/instances.ts';

type T = {
  message: { type: 'PROPOSAL' } & InstanceMessage<Pid[]>;
  request: never;
  indication: { type: 'view'; id: number; members: Pid[] };
};

interface State {
  view: { id: number; members: Pid[] };
  detected: Pid[];
  consensus: Instances<Pid[]>;
}

interface Params {
  rounds: number;
  useConsensus: boolean;
}

type Ctx = { self: Pid; n: number; all: readonly Pid[]; params: Params; broadcast(m: T['message'], to?: readonly Pid[]): void; indicate(i: T['indication']): void };

/** Smaller sets first, then lexicographically. */
function compareSets(a: Pid[], b: Pid[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function install(s: State, id: number, members: Pid[], ctx: Ctx): void {
  s.view = { id, members };
  ctx.indicate({ type: 'view', id, members: members.slice() });
}

function agreeOnViews(s: State, ctx: Ctx): void {
  const rules: Rules<Pid[]> = { rounds: ctx.params.rounds || ctx.n, order: compareSets, waitForDetector: true };
  progress(s.consensus, {
    self: ctx.self,
    all: ctx.all,
    detected: s.detected,
    rules,
    proposal: () => {
      const correct = ctx.all.filter((q) => !s.detected.includes(q));
      const strictlyInside = correct.length < s.view.members.length && correct.every((q) => s.view.members.includes(q));
      return strictlyInside ? correct : null;
    },
    decided: (members) => install(s, s.consensus.next - 1, members.slice(), ctx),
    flood: (m) => ctx.broadcast({ type: 'PROPOSAL', ...m }, ctx.all.filter((q) => q !== ctx.self)),
  });
}

export default defineProtocol<T, State, { rounds: number; useConsensus: boolean }>({
  name: 'group-membership',
  description: 'consensus-based group membership with a perfect failure detector (CGR 6.8)',
  params: { rounds: 0, useConsensus: true },
  init: (ctx) => ({ view: { id: 0, members: ctx.all.slice() }, detected: [], consensus: startInstances<Pid[]>() }),
  messages: {
    PROPOSAL(s, msg, from, ctx) {
      receiveFor(s.consensus, msg, from, { rounds: ctx.params.rounds || ctx.n, order: compareSets, waitForDetector: true });
      agreeOnViews(s, ctx);
    },
  },
  failures: {
    crash(s, q, ctx) {
      addPid(s.detected, q);
      if (ctx.params.useConsensus) agreeOnViews(s, ctx);
      else if (s.view.members.includes(q)) install(s, s.view.id + 1, s.view.members.filter((m) => m !== q), ctx);
    },
  },
});
