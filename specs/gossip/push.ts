/**
 * Eager push gossip ("infect and die", the notes' gossip lecture): a process that hears the
 * rumour for the first time delivers it and forwards it to `fanout` peers chosen at random, once;
 * with `rounds` > 1 it forwards again in each of the next rounds (infect for t rounds). The
 * rumour may die before it reaches everyone: its residue is the price of the low traffic.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Message = { type: 'RUMOUR'; m: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  heard: string | null;
  /** Rounds of forwarding left. */
  left: number;
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication; timer: 'round' }, State, { fanout: number; rounds: number }>({
  name: 'push-gossip',
  params: { fanout: 1, rounds: 1 },
  random: true,
  pids: [],
  init: () => ({ heard: null, left: 0 }),
  requests: {
    broadcast(s, req, ctx) {
      hear(s, req.m, ctx.self, ctx);
    },
  },
  messages: {
    RUMOUR(s, msg, from, ctx) {
      if (s.heard === null) hear(s, msg.m, from, ctx);
    },
  },
  timers: {
    round(s, ctx) {
      forward(s, ctx);
    },
  },
});

function hear(s: State, m: string, _from: Pid, ctx: Parameters<NonNullable<ReturnType<typeof defineProtocol>['roles']['process']['init']>>[0]): void {
  s.heard = m;
  s.left = ctx.params.rounds as number;
  ctx.indicate({ type: 'deliver', src: 0, m });
  forward(s, ctx);
}

function forward(s: State, ctx: any): void {
  if (s.left <= 0 || s.heard === null) return;
  s.left--;
  const peers = (ctx.all as Pid[]).filter((q) => q !== ctx.self);
  for (const q of ctx.pick(peers, ctx.params.fanout)) ctx.send(q, { type: 'RUMOUR', m: s.heard });
  if (s.left > 0) ctx.setTimer('round', 1);
}
