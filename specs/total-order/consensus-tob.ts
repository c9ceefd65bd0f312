/**
 * Consensus-Based Total-Order Broadcast (CGR algorithm 6.1) with the flooding uniform
 * consensus of specs/consensus: every process delivers the same messages in the same order.
 * The algorithm is in tob.ts; this protocol indicates each delivery.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { startTob, tobBroadcast, tobCrash, tobReceive, type Item, type TobMessage, type TobState } from './tob.ts';

type T = {
  message: TobMessage;
  request: { type: 'broadcast'; m: string };
  indication: { type: 'deliver'; src: Pid; m: string };
};

function deliver(items: Item[], ctx: { indicate(i: T['indication']): void }): void {
  for (const it of items) ctx.indicate({ type: 'deliver', src: it.src, m: it.m });
}

export default defineProtocol<T, TobState, { rounds: number; useConsensus: boolean }>({
  name: 'consensus-tob',
  description: 'total-order broadcast from reliable broadcast and a sequence of uniform consensus instances (CGR 6.1)',
  params: { rounds: 0, useConsensus: true },
  init: () => startTob(),
  requests: {
    broadcast: (s, req, ctx) => deliver(tobBroadcast(s, req.m, ctx), ctx),
  },
  messages: {
    DATA: (s, msg, from, ctx) => deliver(tobReceive(s, msg, from, ctx), ctx),
    PROPOSAL: (s, msg, from, ctx) => deliver(tobReceive(s, msg, from, ctx), ctx),
  },
  failures: {
    crash: (s, q, ctx) => deliver(tobCrash(s, q, ctx), ctx),
  },
});
