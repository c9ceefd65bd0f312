/**
 * Signed echo broadcast (Cachin, Guerraoui and Rodrigues, algorithm 3.17; Byzantine consistent
 * broadcast with signatures, N > 3f): the sender sends SEND(v) to all; every process answers the
 * first SEND from the sender with its signature over [ECHO, v], to the sender only; once the
 * sender holds valid signatures of more than (N + f) / 2 processes it sends FINAL(v, Σ) to all,
 * and a process delivers v on a FINAL whose certificate Σ has that many valid signers. Echoes cost
 * N messages instead of N², and a certificate convinces whoever sees it: a Byzantine sender that
 * equivocates cannot get more than (N + f) / 2 signatures for two values.
 *
 * `quorumDelta: -1` accepts one signature fewer: the Byzantine sender's own signature then
 * completes a certificate for each value.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Sig = { readonly signed: unknown; readonly by: Pid };
type Message = { type: 'SEND'; v: string } | { type: 'ECHO'; v: string; sig: Sig } | { type: 'FINAL'; v: string; cert: Sig[] };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  /** The sender: the value it broadcast and the signatures it collected, by signer. */
  value: string | null;
  sigs: Sig[];
  finalSent: boolean;
  echoed: boolean;
  delivered: boolean;
}

const content = (v: string) => ['ECHO', v];

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, { sender: number; f: number; quorumDelta: number }>({
  name: 'signed-echo-broadcast',
  params: { sender: 0, f: 1, quorumDelta: 0 },
  messageFields: { SEND: ['v'], ECHO: ['v', 'sig'], FINAL: ['v', 'cert'] },
  domains: { v: ['a', 'b'] },
  signatures: { sig: (m) => content(m.v as string) },
  certificates: { cert: (m) => content(m.v as string) },
  pids: ['by'],
  init: () => ({ value: null, sigs: [], finalSent: false, echoed: false, delivered: false }),
  requests: {
    broadcast(s, req, ctx) {
      if (ctx.self !== ctx.params.sender || s.value !== null) return;
      s.value = req.m;
      ctx.broadcast({ type: 'SEND', v: req.m });
    },
  },
  messages: {
    SEND(s, msg, from, ctx) {
      if (from !== ctx.params.sender || s.echoed) return;
      s.echoed = true;
      ctx.send(ctx.params.sender, { type: 'ECHO', v: msg.v, sig: ctx.sign(content(msg.v)) });
    },
    ECHO(s, msg, from, ctx) {
      if (ctx.self !== ctx.params.sender || s.finalSent || msg.v !== s.value || !ctx.verify(from, content(msg.v), msg.sig)) return;
      if (s.sigs.some((x) => x.by === from)) return;
      s.sigs.splice(s.sigs.filter((x) => x.by < from).length, 0, msg.sig);
      if (s.sigs.length >= quorum(ctx.n, ctx.params)) {
        s.finalSent = true;
        ctx.broadcast({ type: 'FINAL', v: msg.v, cert: s.sigs });
      }
    },
    FINAL(s, msg, _from, ctx) {
      if (s.delivered || !Array.isArray(msg.cert)) return;
      const signers = new Set(msg.cert.filter((x) => ctx.all.some((p) => ctx.verify(p, content(msg.v), x))).map((x) => x.by));
      if (signers.size < quorum(ctx.n, ctx.params)) return;
      s.delivered = true;
      ctx.indicate({ type: 'deliver', src: ctx.params.sender, m: msg.v });
    },
  },
});

/** More than (N + f) / 2, shifted by `quorumDelta`. */
function quorum(n: number, p: { f: number; quorumDelta: number }): number {
  return Math.floor((n + p.f) / 2) + 1 + p.quorumDelta;
}
