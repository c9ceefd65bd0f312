/**
 * (N, N) atomic register, CGR "Read-Impose Write-Consult-Majority" (fail-silent, N > 2f):
 * every process may write. A value carries a timestamp and the index of its writer, ordered
 * lexicographically. A writer first consults a majority for the highest timestamp and then
 * imposes its value with the next one; a reader queries a majority and imposes the highest
 * (timestamp, writer) it saw before returning it.
 *
 * `consult: false` breaks it: a writer uses its own counter instead of asking a majority, so a
 * write that starts after another one completed may still be ordered before it (its value is
 * lost, and a read after both returns the older value).
 *
 * `fastRead: true` skips a read's imposing phase when its whole majority already held the
 * highest (timestamp, writer): that value is at a majority already.
 *
 * A process handles its own part of a broadcast at once, without a message to itself. Each
 * process runs one operation at a time and queues requests that arrive meanwhile.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { RegisterRequest, Respond, Value } from './types.ts';

type Message =
  | { type: 'WRITE'; rid: number; ts: number; wr: Pid; v: Value }
  | { type: 'ACK'; rid: number }
  | { type: 'READ'; rid: number }
  | { type: 'VALUE'; rid: number; ts: number; wr: Pid; v: Value };

interface State {
  /** The replica: the highest (timestamp, writer) seen and its value. */
  ts: number;
  wr: Pid;
  val: Value;
  /** The operation in progress, and its phase: consulting/querying a majority, or imposing. */
  op: 'write' | 'read' | null;
  phase: 'query' | 'impose';
  rid: number;
  acks: number;
  /** Replies to the query in progress (its own included): [ts, writer, value]. */
  readlist: [number, Pid, Value][];
  /** The value being written, or the value the read will return. */
  opval: Value;
  /** Own writes so far (the timestamp source when `consult` is off). */
  writes: number;
  queue: RegisterRequest[];
}

type P = { consult: boolean; fastRead: boolean };
type T = { message: Message; request: RegisterRequest; indication: Respond };
type C = Ctx<T, P>;

const others = (ctx: C): Pid[] => ctx.all.filter((q) => q !== ctx.self);
const newer = (ts: number, wr: Pid, s: { ts: number; wr: Pid }) => ts > s.ts || (ts === s.ts && wr > s.wr);

function impose(s: State, ts: number, wr: Pid, v: Value, ctx: C): void {
  s.phase = 'impose';
  if (newer(ts, wr, s)) {
    s.ts = ts;
    s.wr = wr;
    s.val = v;
  }
  s.acks = 1;
  ctx.broadcast({ type: 'WRITE', rid: s.rid, ts, wr, v }, others(ctx));
}

function start(s: State, req: RegisterRequest, ctx: C): void {
  s.rid++;
  s.op = req.type;
  s.opval = req.type === 'write' ? req.v : null;
  if (req.type === 'write' && !ctx.params.consult) {
    s.writes++;
    return impose(s, s.writes, ctx.self, req.v, ctx);
  }
  s.phase = 'query';
  s.readlist = [[s.ts, s.wr, s.val]];
  ctx.broadcast({ type: 'READ', rid: s.rid }, others(ctx));
}

function finish(s: State, ctx: C): void {
  ctx.indicate(s.op === 'write' ? { type: 'respond', op: 'write' } : { type: 'respond', op: 'read', v: s.opval });
  s.op = null;
  s.phase = 'query';
  s.acks = 0;
  s.opval = null;
  const next = s.queue.shift();
  if (next) start(s, next, ctx);
}

function request(s: State, req: RegisterRequest, ctx: C): void {
  if (s.op) s.queue.push(req);
  else start(s, req, ctx);
}

export default defineProtocol<T, State, P>({
  name: 'read-impose-write-consult-majority',
  params: { consult: true, fastRead: false },
  init: () => ({ ts: 0, wr: -1, val: null, op: null, phase: 'query', rid: 0, acks: 0, readlist: [], opval: null, writes: 0, queue: [] }),
  requests: {
    write: (s, req, ctx) => request(s, req, ctx),
    read: (s, req, ctx) => request(s, req, ctx),
  },
  messages: {
    WRITE(s, m, from, ctx) {
      if (newer(m.ts, m.wr, s)) {
        s.ts = m.ts;
        s.wr = m.wr;
        s.val = m.v;
      }
      ctx.send(from, { type: 'ACK', rid: m.rid });
    },
    ACK(s, m, _from, ctx) {
      if (!s.op || s.phase !== 'impose' || m.rid !== s.rid) return;
      s.acks++;
      if (s.acks * 2 > ctx.n) finish(s, ctx);
    },
    READ(s, m, from, ctx) {
      ctx.send(from, { type: 'VALUE', rid: m.rid, ts: s.ts, wr: s.wr, v: s.val });
    },
    VALUE(s, m, _from, ctx) {
      if (!s.op || s.phase !== 'query' || m.rid !== s.rid) return;
      s.readlist.push([m.ts, m.wr, m.v]);
      if (s.readlist.length * 2 <= ctx.n) return;
      const replies = s.readlist.slice();
      let best = replies[0];
      for (const r of replies) if (newer(r[0], r[1], { ts: best[0], wr: best[1] })) best = r;
      s.readlist = [];
      if (s.op === 'read') {
        s.opval = best[2];
        // fastRead: the whole majority already holds the highest pair, nothing to impose
        if (ctx.params.fastRead && replies.every((r) => r[0] === best[0] && r[1] === best[1])) return finish(s, ctx);
        impose(s, best[0], best[1], best[2], ctx);
      } else impose(s, best[0] + 1, ctx.self, s.opval, ctx);
    },
  },
});
