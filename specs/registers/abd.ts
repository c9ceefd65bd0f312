/**
 * (1, N) atomic register, CGR "Read-Impose Write-Majority" (fail-silent, N > 2f; Attiya,
 * Bar-Noy and Dolev): the majority-voting regular register plus a write-back. A reader
 * queries a majority, picks the value with the highest timestamp, and before returning it
 * imposes it on a majority; so once a read returned a value, every later read sees a
 * timestamp at least as high (no new/old inversion).
 *
 * `writeBack: false` skips the imposing phase: the majority-voting regular register again.
 * `fastRead: true` skips it only when every reply of the read's majority carried the highest
 * timestamp: that value is already held by a majority, which is all the write-back ensures.
 *
 * A process handles its own part of a broadcast at once, without a message to itself. Each
 * process runs one operation at a time and queues requests that arrive meanwhile.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { RegisterRequest, Respond, Value } from './types.ts';

type Message =
  | { type: 'WRITE'; rid: number; ts: number; v: Value }
  | { type: 'ACK'; rid: number }
  | { type: 'READ'; rid: number }
  | { type: 'VALUE'; rid: number; ts: number; v: Value };

interface State {
  /** The replica: the highest timestamp seen and its value. */
  ts: number;
  val: Value;
  /** The writer's timestamp. */
  wts: number;
  /** The operation in progress: a write, a read querying, a read imposing what it read. */
  op: 'write' | 'read' | 'impose' | null;
  rid: number;
  /** Acknowledgements of the write (or imposition) in progress, its own included. */
  acks: number;
  /** Replies to the read in progress (its own included): [ts, value]. */
  readlist: [number, Value][];
  /** The value the read in progress will return. */
  readval: Value;
  queue: RegisterRequest[];
}

type T = { message: Message; request: RegisterRequest; indication: Respond };
type C = Ctx<T, { writeBack: boolean; fastRead: boolean }>;

const others = (ctx: C): Pid[] => ctx.all.filter((q) => q !== ctx.self);

/** Writes (ts, v) locally and on a majority: WRITE to the others, the acknowledgements counted in ACK. */
function impose(s: State, ts: number, v: Value, ctx: C): void {
  if (ts > s.ts) {
    s.ts = ts;
    s.val = v;
  }
  s.acks = 1;
  ctx.broadcast({ type: 'WRITE', rid: s.rid, ts, v }, others(ctx));
}

function start(s: State, req: RegisterRequest, ctx: C): void {
  s.rid++;
  if (req.type === 'write') {
    s.op = 'write';
    s.wts++;
    impose(s, s.wts, req.v, ctx);
  } else {
    s.op = 'read';
    s.readlist = [[s.ts, s.val]];
    ctx.broadcast({ type: 'READ', rid: s.rid }, others(ctx));
  }
}

function finish(s: State, ind: Respond, ctx: C): void {
  s.op = null;
  s.acks = 0;
  s.readval = null;
  ctx.indicate(ind);
  const next = s.queue.shift();
  if (next) start(s, next, ctx);
}

function request(s: State, req: RegisterRequest, ctx: C): void {
  if (s.op) s.queue.push(req);
  else start(s, req, ctx);
}

export default defineProtocol<T, State, { writeBack: boolean; fastRead: boolean }>({
  name: 'read-impose-write-majority',
  params: { writeBack: true, fastRead: false },
  init: () => ({ ts: 0, val: null, wts: 0, op: null, rid: 0, acks: 0, readlist: [], readval: null, queue: [] }),
  requests: {
    write: (s, req, ctx) => request(s, req, ctx),
    read: (s, req, ctx) => request(s, req, ctx),
  },
  messages: {
    WRITE(s, m, from, ctx) {
      if (m.ts > s.ts) {
        s.ts = m.ts;
        s.val = m.v;
      }
      ctx.send(from, { type: 'ACK', rid: m.rid });
    },
    ACK(s, m, _from, ctx) {
      if ((s.op !== 'write' && s.op !== 'impose') || m.rid !== s.rid) return;
      s.acks++;
      if (s.acks * 2 > ctx.n) finish(s, s.op === 'write' ? { type: 'respond', op: 'write' } : { type: 'respond', op: 'read', v: s.readval }, ctx);
    },
    READ(s, m, from, ctx) {
      ctx.send(from, { type: 'VALUE', rid: m.rid, ts: s.ts, v: s.val });
    },
    VALUE(s, m, _from, ctx) {
      if (s.op !== 'read' || m.rid !== s.rid) return;
      s.readlist.push([m.ts, m.v]);
      if (s.readlist.length * 2 <= ctx.n) return;
      let best = s.readlist[0];
      for (const r of s.readlist) if (r[0] > best[0]) best = r;
      const settled = ctx.params.fastRead && s.readlist.every((r) => r[0] === best[0]);
      if (!ctx.params.writeBack || settled) {
        s.readlist = [];
        return finish(s, { type: 'respond', op: 'read', v: best[1] }, ctx);
      }
      s.readlist = [];
      s.op = 'impose';
      s.readval = best[1];
      impose(s, best[0], best[1], ctx);
    },
  },
});
