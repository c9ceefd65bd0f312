/**
 * The (1, N) Byzantine regular register with signatures (Cachin, Guerraoui and Rodrigues,
 * algorithm 4.16, "authenticated-data Byzantine quorum", N > 3f): every process is a replica;
 * the writer signs [VALUE, ts, v] and sends WRITE(ts, v, σ) to all, and returns after more than
 * (N + f) / 2 ACKs; a reader sends READ(rid) to all and returns, out of more than (N + f) / 2
 * replies whose signature checks, the value with the highest timestamp. A read quorum and a write
 * quorum share a correct replica, which holds the last written value or a later one; a Byzantine
 * replica can replay an old signed value but cannot forge a newer one. A process answers its own
 * requests as a replica at once.
 *
 * `quorumDelta: -1` waits for one reply fewer: a read quorum may then be a replica that missed the
 * write and the Byzantine one, replaying the initial value.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { Draft } from 'immer';

type Sig = { readonly signed: unknown; readonly by: Pid } | null;
type Message =
  | { type: 'WRITE'; ts: number; v: string; sig: Sig }
  | { type: 'ACK'; ts: number }
  | { type: 'READ'; rid: number }
  | { type: 'VALUE'; rid: number; ts: number; v: string | null; sig: Sig };
type Request = { type: 'write'; v: string } | { type: 'read' };
type Indication = { type: 'respond'; v?: string | null };
type Params = { writer: number; f: number; quorumDelta: number };
type C = Ctx<{ message: Message; request: Request; indication: Indication }, Params>;

interface State {
  /** As a replica: the latest signed value. */
  ts: number;
  v: string | null;
  sig: Sig;
  /** As the writer: the timestamp of the write under way and who acknowledged it. */
  wts: number;
  acks: Pid[] | null;
  /** As a reader: the read under way and the replies, by replica (sorted). */
  rid: number;
  replies: { from: Pid; ts: number; v: string | null }[] | null;
}

const content = (ts: number, v: string | null) => ['VALUE', ts, v];
const quorum = (ctx: C) => Math.floor((ctx.n + ctx.params.f) / 2) + 1 + ctx.params.quorumDelta;
const others = (ctx: C) => ctx.all.filter((q) => q !== ctx.self);

function onAck(s: Draft<State>, ts: number, q: Pid, ctx: C): void {
  if (!s.acks || ts !== s.wts || s.acks.includes(q)) return;
  s.acks.splice(s.acks.filter((x) => x < q).length, 0, q);
  if (s.acks.length >= quorum(ctx)) {
    s.acks = null;
    ctx.indicate({ type: 'respond' });
  }
}

function onValue(s: Draft<State>, m: { rid: number; ts: number; v: string | null; sig: Sig }, q: Pid, ctx: C): void {
  if (!s.replies || m.rid !== s.rid || s.replies.some((r) => r.from === q)) return;
  // the initial value needs no signature; any other must be the writer's
  if (!(m.ts === 0 && m.v === null) && !ctx.verify(ctx.params.writer, content(m.ts, m.v), m.sig)) return;
  s.replies.splice(s.replies.filter((r) => r.from < q).length, 0, { from: q, ts: m.ts, v: m.v });
  if (s.replies.length >= quorum(ctx)) {
    const best = s.replies.reduce((a, b) => (b.ts > a.ts ? b : a));
    s.replies = null;
    ctx.indicate({ type: 'respond', v: best.v });
  }
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, Params>({
  name: 'byzantine-regular-register',
  params: { writer: 0, f: 1, quorumDelta: 0 },
  messageFields: { WRITE: ['ts', 'v', 'sig'], ACK: ['ts'], READ: ['rid'], VALUE: ['rid', 'ts', 'v', 'sig'] },
  domains: { v: [null, 'a', 'b'], ts: [0], sig: [null] },
  signatures: { sig: (m) => content(m.ts as number, m.v as string | null) },
  init: () => ({ ts: 0, v: null, sig: null, wts: 0, acks: null, rid: 0, replies: null }),
  requests: {
    write(s, req, ctx) {
      if (ctx.self !== ctx.params.writer) return;
      s.wts += 1;
      const sig = ctx.sign(content(s.wts, req.v));
      ctx.broadcast({ type: 'WRITE', ts: s.wts, v: req.v, sig }, others(ctx));
      s.ts = s.wts;
      s.v = req.v;
      s.sig = sig;
      s.acks = [];
      onAck(s, s.wts, ctx.self, ctx);
    },
    read(s, _req, ctx) {
      s.rid += 1;
      s.replies = [];
      ctx.broadcast({ type: 'READ', rid: s.rid }, others(ctx));
      onValue(s, { rid: s.rid, ts: s.ts, v: s.v, sig: s.sig }, ctx.self, ctx);
    },
  },
  messages: {
    WRITE(s, msg, from, ctx) {
      if (from !== ctx.params.writer || msg.ts <= s.ts) return;
      s.ts = msg.ts;
      s.v = msg.v;
      s.sig = msg.sig;
      ctx.send(from, { type: 'ACK', ts: msg.ts });
    },
    ACK: (s, msg, from, ctx) => onAck(s, msg.ts, from, ctx),
    READ(s, msg, from, ctx) {
      ctx.send(from, { type: 'VALUE', rid: msg.rid, ts: s.ts, v: s.v, sig: s.sig });
    },
    VALUE: (s, msg, from, ctx) => onValue(s, msg, from, ctx),
  },
});
