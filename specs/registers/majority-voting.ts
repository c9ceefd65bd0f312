/**
 * Majority Voting Regular Register, (1, N): CGR "Majority Voting Regular Register"
 * (fail-silent, N > 2f). The writer tags each write with a timestamp and waits until a
 * majority of processes acknowledged it; a reader asks every process for its (timestamp,
 * value) and returns the value with the highest timestamp among a majority of replies.
 *
 * Regular, not atomic: a read concurrent with a write may see the new value at one replica of
 * its majority, and a later read may meet only replicas still holding the old one (a new/old
 * inversion).
 *
 * A process handles its own part of a broadcast at once, without a message to itself (the
 * textbook's broadcast includes the sender; the local step changes nothing but the state
 * count). Each process runs one operation at a time and queues requests that arrive meanwhile.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { RegisterRequest, Respond, Value } from './types.ts';

type Message =
  | { type: 'WRITE'; ts: number; v: Value }
  | { type: 'ACK'; ts: number }
  | { type: 'READ'; rid: number }
  | { type: 'VALUE'; rid: number; ts: number; v: Value };

interface State {
  /** The replica: the highest timestamp seen and its value. */
  ts: number;
  val: Value;
  /** The writer's timestamp. */
  wts: number;
  /** The operation in progress, if any. */
  op: 'write' | 'read' | null;
  /** How many acknowledged the write in progress (itself included). */
  acks: number;
  rid: number;
  /** Replies to the read in progress (its own included): [ts, value]. */
  readlist: [number, Value][];
  queue: RegisterRequest[];
}

type T = { message: Message; request: RegisterRequest; indication: Respond };
type C = Ctx<T>;

const others = (ctx: C): Pid[] => ctx.all.filter((q) => q !== ctx.self);

function start(s: State, req: RegisterRequest, ctx: C): void {
  if (req.type === 'write') {
    s.op = 'write';
    s.wts++;
    if (s.wts > s.ts) {
      s.ts = s.wts;
      s.val = req.v;
    }
    s.acks = 1;
    ctx.broadcast({ type: 'WRITE', ts: s.wts, v: req.v }, others(ctx));
  } else {
    s.op = 'read';
    s.rid++;
    s.readlist = [[s.ts, s.val]];
    ctx.broadcast({ type: 'READ', rid: s.rid }, others(ctx));
  }
}

function finish(s: State, ind: Respond, ctx: C): void {
  s.op = null;
  ctx.indicate(ind);
  const next = s.queue.shift();
  if (next) start(s, next, ctx);
}

function request(s: State, req: RegisterRequest, ctx: C): void {
  if (s.op) s.queue.push(req);
  else start(s, req, ctx);
}

export default defineProtocol<T, State>({
  name: 'majority-voting-regular-register',
  init: () => ({ ts: 0, val: null, wts: 0, op: null, acks: 0, rid: 0, readlist: [], queue: [] }),
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
      ctx.send(from, { type: 'ACK', ts: m.ts });
    },
    ACK(s, m, _from, ctx) {
      if (s.op !== 'write' || m.ts !== s.wts) return;
      s.acks++;
      if (s.acks * 2 > ctx.n) {
        s.acks = 0;
        finish(s, { type: 'respond', op: 'write' }, ctx);
      }
    },
    READ(s, m, from, ctx) {
      ctx.send(from, { type: 'VALUE', rid: m.rid, ts: s.ts, v: s.val });
    },
    VALUE(s, m, _from, ctx) {
      if (s.op !== 'read' || m.rid !== s.rid) return;
      s.readlist.push([m.ts, m.v]);
      if (s.readlist.length * 2 > ctx.n) {
        let best = s.readlist[0];
        for (const r of s.readlist) if (r[0] > best[0]) best = r;
        s.readlist = [];
        finish(s, { type: 'respond', op: 'read', v: best[1] }, ctx);
      }
    },
  },
});
