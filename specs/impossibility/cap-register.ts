/**
 * A register replicated on every process, for the CAP lesson. A client's `write(v)` or
 * `read` arrives at one replica, which answers `{ type: respond, v }`.
 *
 * `mode: consistent` chooses consistency: a write is applied locally, sent to every other
 * replica and answered once all of them acknowledge it; a read asks every other replica for
 * its (timestamp, value) and answers the newest. Each operation waits for every replica, so
 * when messages between them are lost it never returns.
 *
 * `mode: available` chooses availability: every operation is answered at once from the local
 * copy, and a write is then sent to the others, which apply it when it arrives. A read that
 * starts after a write returned elsewhere may still see the old value.
 *
 * Timestamps are the writer's own counter: one writer per register, as in the lesson.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';

type Value = string | null;
type Request = { type: 'write'; v: string } | { type: 'read' };
type Message =
  | { type: 'UPDATE'; ts: number; v: string; ack: boolean }
  | { type: 'ACK' }
  | { type: 'QUERY' }
  | { type: 'STATE'; ts: number; v: Value };
type Indication = { type: 'respond'; v?: Value };
type T = { message: Message; request: Request; indication: Indication };
type P = { mode: string };

interface State {
  ts: number;
  v: Value;
  /** The operation waiting for the other replicas (consistent mode), and their answers so far. */
  op: Request | null;
  waiting: number;
  best: [number, Value];
  queue: Request[];
}

const others = (ctx: Ctx<T, P>): Pid[] => ctx.all.filter((q) => q !== ctx.self);

function start(s: State, req: Request, ctx: Ctx<T, P>): void {
  const available = ctx.params.mode === 'available';
  if (req.type === 'write') {
    s.ts++;
    s.v = req.v;
    ctx.broadcast({ type: 'UPDATE', ts: s.ts, v: req.v, ack: !available }, others(ctx));
  } else if (!available) ctx.broadcast({ type: 'QUERY' }, others(ctx));
  if (available) return void ctx.indicate(req.type === 'read' ? { type: 'respond', v: s.v } : { type: 'respond' });
  s.op = req;
  s.waiting = ctx.n - 1;
  s.best = [s.ts, s.v];
}

function answered(s: State, ctx: Ctx<T, P>): void {
  if (--s.waiting > 0 || !s.op) return;
  ctx.indicate(s.op.type === 'read' ? { type: 'respond', v: s.best[1] } : { type: 'respond' });
  s.op = null;
  const next = s.queue.shift();
  if (next) start(s, next, ctx);
}

const request = (s: State, req: Request, ctx: Ctx<T, P>) => (s.op ? void s.queue.push(req) : start(s, req, ctx));

export default defineProtocol<T, State, P>({
  name: 'cap-register',
  params: { mode: 'consistent' },
  init: () => ({ ts: 0, v: null, op: null, waiting: 0, best: [0, null], queue: [] }),
  requests: { write: request, read: request },
  messages: {
    UPDATE(s, m, from, ctx) {
      if (m.ts > s.ts) [s.ts, s.v] = [m.ts, m.v];
      if (m.ack) ctx.send(from, { type: 'ACK' });
    },
    ACK(s, _m, _from, ctx) {
      answered(s, ctx);
    },
    QUERY(s, _m, from, ctx) {
      ctx.send(from, { type: 'STATE', ts: s.ts, v: s.v });
    },
    STATE(s, m, _from, ctx) {
      if (m.ts > s.best[0]) s.best = [m.ts, m.v];
      answered(s, ctx);
    },
  },
});
