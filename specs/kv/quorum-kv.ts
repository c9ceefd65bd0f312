/**
 * A quorum-replicated key-value store (Dynamo-style, n replicas, every process a replica and
 * a coordinator): `put(key, v)` stores (timestamp, v) on w replicas, `get(key)` asks r
 * replicas and returns the value with the highest timestamp (null for a key never written).
 * The coordinator counts itself as one replica. With r + w > n every read quorum meets every
 * write quorum, so a get that starts after a put completed sees it (the store is regular per
 * key); with r + w <= n a get may read only replicas the put never reached: a stale read.
 *
 * Timestamps are the coordinator's own counter, so each key has a single writer. Requests
 * `{ type: put, key, v }` and `{ type: get, key }`, each answered in order by
 * `{ type: respond, v }` (v: the value read). Each process runs one operation at a time and
 * queues requests that arrive meanwhile.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';

type Value = string | null;
type Request = { type: 'put'; key: string; v: string } | { type: 'get'; key: string };
type Respond = { type: 'respond'; op: 'put' } | { type: 'respond'; op: 'get'; v: Value };
type Message =
  | { type: 'PUT'; rid: number; key: string; ts: number; v: string }
  | { type: 'PUTACK'; rid: number }
  | { type: 'GET'; rid: number; key: string }
  | { type: 'GOT'; rid: number; ts: number; v: Value };

interface State {
  /** The replica: per key, [timestamp, value]. */
  store: Record<string, [number, string]>;
  /** The coordinator's timestamp counter. */
  clock: number;
  op: Request | null;
  rid: number;
  acks: number;
  /** Replies to the get in progress (its own included): [ts, value]. */
  replies: [number, Value][];
  queue: Request[];
}

type P = { r: number; w: number };
type T = { message: Message; request: Request; indication: Respond };
type C = Ctx<T, P>;

const others = (ctx: C): Pid[] => ctx.all.filter((q) => q !== ctx.self);

function read(s: State, key: string): [number, Value] {
  return s.store[key] ?? [0, null];
}

function write(s: State, key: string, ts: number, v: string): void {
  if (ts > read(s, key)[0]) s.store[key] = [ts, v];
}

/** Completes the operation in progress when its quorum is reached. */
function progress(s: State, ctx: C): void {
  const op = s.op;
  if (!op) return;
  if (op.type === 'put' && s.acks >= ctx.params.w) {
    s.acks = 0;
    done(s, { type: 'respond', op: 'put' }, ctx);
  } else if (op.type === 'get' && s.replies.length >= ctx.params.r) {
    let best = s.replies[0];
    for (const x of s.replies) if (x[0] > best[0]) best = x;
    s.replies = [];
    done(s, { type: 'respond', op: 'get', v: best[1] }, ctx);
  }
}

function done(s: State, ind: Respond, ctx: C): void {
  s.op = null;
  ctx.indicate(ind);
  const next = s.queue.shift();
  if (next) start(s, next, ctx);
}

function start(s: State, req: Request, ctx: C): void {
  s.op = req;
  s.rid++;
  if (req.type === 'put') {
    s.clock++;
    write(s, req.key, s.clock, req.v);
    s.acks = 1;
    if (s.acks < ctx.params.w) ctx.broadcast({ type: 'PUT', rid: s.rid, key: req.key, ts: s.clock, v: req.v }, others(ctx));
  } else {
    s.replies = [read(s, req.key)];
    if (s.replies.length < ctx.params.r) ctx.broadcast({ type: 'GET', rid: s.rid, key: req.key }, others(ctx));
  }
  progress(s, ctx);
}

export default defineProtocol<T, State, P>({
  name: 'quorum-kv',
  params: { r: 2, w: 2 },
  init: () => ({ store: {}, clock: 0, op: null, rid: 0, acks: 0, replies: [], queue: [] }),
  requests: {
    put: (s, req, ctx) => (s.op ? void s.queue.push(req) : start(s, req, ctx)),
    get: (s, req, ctx) => (s.op ? void s.queue.push(req) : start(s, req, ctx)),
  },
  messages: {
    PUT(s, m, from, ctx) {
      write(s, m.key, m.ts, m.v);
      ctx.send(from, { type: 'PUTACK', rid: m.rid });
    },
    PUTACK(s, m, _from, ctx) {
      if (s.op?.type !== 'put' || m.rid !== s.rid) return;
      s.acks++;
      progress(s, ctx);
    },
    GET(s, m, from, ctx) {
      const [ts, v] = read(s, m.key);
      ctx.send(from, { type: 'GOT', rid: m.rid, ts, v });
    },
    GOT(s, m, _from, ctx) {
      if (s.op?.type !== 'get' || m.rid !== s.rid) return;
      s.replies.push([m.ts, m.v]);
      progress(s, ctx);
    },
  },
});
