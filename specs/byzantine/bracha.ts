/**
 * Bracha's authenticated double-echo broadcast (Cachin, Guerraoui and Rodrigues, algorithm 3.18;
 * Byzantine reliable broadcast over authenticated links, N > 3f): the sender sends SEND(v); every
 * process echoes the first SEND from the sender; a process sends READY(v) once more than
 * (N + f) / 2 processes echoed v, or once more than f processes sent READY(v) (one of them is
 * correct); it delivers v after more than 2f READY(v) (f + 1 of them correct, so every correct
 * process will get more than f of them and send READY(v) too: totality). A process counts its
 * own ECHO and READY at once (the message to itself carries nothing new, and costs states).
 *
 * `readyDelta: -1` joins a READY after f READYs instead of more than f: they may all be the
 * Byzantine processes', which then lead correct processes to be ready for different values, and
 * one that readied the other value never gathers enough READYs to deliver (totality fails).
 * `echoDelta` shifts the ECHO quorum the same way (with a budget of two messages per recipient,
 * one ECHO fewer breaks totality too: bench/byzantine/bracha-small-echo-quorum.yaml).
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { Draft } from 'immer';

type Message = { type: 'SEND'; v: string } | { type: 'ECHO'; v: string } | { type: 'READY'; v: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };
type Params = { sender: number; f: number; echoDelta: number; readyDelta: number };
type C = Ctx<{ message: Message; request: Request; indication: Indication }, Params>;

interface State {
  echoed: boolean;
  ready: boolean;
  delivered: boolean;
  /** Who echoed, and who sent READY for, each value (sorted). */
  echoes: Record<string, Pid[]>;
  readies: Record<string, Pid[]>;
}

/** Adds q to a sorted list, once; false if it was there. */
function note(list: Pid[], q: Pid): boolean {
  if (list.includes(q)) return false;
  list.splice(list.filter((x) => x < q).length, 0, q);
  return true;
}

function sendReady(s: Draft<State>, v: string, ctx: C): void {
  if (s.ready) return;
  s.ready = true;
  s.echoes = {};
  ctx.broadcast({ type: 'READY', v }, ctx.all.filter((q) => q !== ctx.self));
  onReady(s, v, ctx.self, ctx);
}

function onEcho(s: Draft<State>, v: string, q: Pid, ctx: C): void {
  if (!note((s.echoes[v] ??= []), q)) return;
  if (s.echoes[v].length >= Math.floor((ctx.n + ctx.params.f) / 2) + 1 + ctx.params.echoDelta) sendReady(s, v, ctx);
}

function onReady(s: Draft<State>, v: string, q: Pid, ctx: C): void {
  if (!note((s.readies[v] ??= []), q)) return;
  const count = s.readies[v].length;
  if (count >= ctx.params.f + 1 + ctx.params.readyDelta) sendReady(s, v, ctx);
  if (count > 2 * ctx.params.f && !s.delivered) {
    s.delivered = true;
    s.readies = {};
    ctx.indicate({ type: 'deliver', src: ctx.params.sender, m: v });
  }
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, Params>({
  name: 'bracha-reliable-broadcast',
  params: { sender: 0, f: 1, echoDelta: 0, readyDelta: 0 },
  messageFields: { SEND: ['v'], ECHO: ['v'], READY: ['v'] },
  domains: { v: ['a', 'b'] },
  init: () => ({ echoed: false, ready: false, delivered: false, echoes: {}, readies: {} }),
  requests: {
    broadcast(s, req, ctx) {
      if (ctx.self !== ctx.params.sender || s.echoed) return;
      // the sender takes its own SEND at once
      ctx.broadcast({ type: 'SEND', v: req.m }, ctx.all.filter((q) => q !== ctx.self));
      s.echoed = true;
      ctx.broadcast({ type: 'ECHO', v: req.m }, ctx.all.filter((q) => q !== ctx.self));
      onEcho(s, req.m, ctx.self, ctx);
    },
  },
  messages: {
    SEND(s, msg, from, ctx) {
      if (from !== ctx.params.sender || s.echoed) return;
      s.echoed = true;
      ctx.broadcast({ type: 'ECHO', v: msg.v }, ctx.all.filter((q) => q !== ctx.self));
      onEcho(s, msg.v, ctx.self, ctx);
    },
    // once ready, echoes change nothing; once delivered, nothing does (ignoring them keeps states few)
    ECHO: (s, msg, from, ctx) => (s.ready ? undefined : onEcho(s, msg.v, from, ctx)),
    READY: (s, msg, from, ctx) => (s.delivered ? undefined : onReady(s, msg.v, from, ctx)),
  },
});
