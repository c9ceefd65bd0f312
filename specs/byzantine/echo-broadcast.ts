/**
 * Authenticated echo broadcast (Cachin, Guerraoui and Rodrigues, algorithm 3.16; Byzantine
 * consistent broadcast over authenticated links, N > 3f): the sender sends SEND(v) to all; every
 * process echoes the first SEND it gets from the sender to all, and delivers v once more than
 * (N + f) / 2 processes echoed it. Two such quorums share more than f processes, so a correct
 * one, which echoes one value only: no two correct processes deliver different values.
 *
 * `quorumDelta: -1` waits for one ECHO fewer: two quorums may then meet in the Byzantine process
 * alone, which echoes both values.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { Draft } from 'immer';

type Message = { type: 'SEND'; v: string } | { type: 'ECHO'; v: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  echoed: boolean;
  /** Who echoed each value. */
  echoes: Record<string, Pid[]>;
  delivered: boolean;
}

type C = Ctx<{ message: Message; request: Request; indication: Indication }, { sender: number; f: number; quorumDelta: number }>;

/** Notes q's echo of v; delivers v once more than (N + f) / 2 processes echoed it. */
function echo(s: Draft<State>, v: string, q: Pid, ctx: C): void {
  if (s.delivered) return;
  const who = (s.echoes[v] ??= []);
  if (who.includes(q)) return;
  // kept sorted: the order in which echoes arrived carries nothing
  who.splice(who.filter((x) => x < q).length, 0, q);
  if (who.length >= Math.floor((ctx.n + ctx.params.f) / 2) + 1 + ctx.params.quorumDelta) {
    s.delivered = true;
    ctx.indicate({ type: 'deliver', src: ctx.params.sender, m: v });
  }
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, { sender: number; f: number; quorumDelta: number }>({
  name: 'authenticated-echo-broadcast',
  params: { sender: 0, f: 1, quorumDelta: 0 },
  messageFields: { SEND: ['v'], ECHO: ['v'] },
  domains: { v: ['a', 'b'] },
  init: () => ({ echoed: false, echoes: {}, delivered: false }),
  requests: {
    broadcast(_s, req, ctx) {
      if (ctx.self === ctx.params.sender) ctx.broadcast({ type: 'SEND', v: req.m });
    },
  },
  messages: {
    SEND(s, msg, from, ctx) {
      if (from !== ctx.params.sender || s.echoed) return;
      s.echoed = true;
      // its own echo counts at once: the message to itself would carry nothing new (fewer states)
      ctx.broadcast({ type: 'ECHO', v: msg.v }, ctx.all.filter((q) => q !== ctx.self));
      echo(s, msg.v, ctx.self, ctx);
    },
    ECHO(s, msg, from, ctx) {
      echo(s, msg.v, from, ctx);
    },
  },
});
