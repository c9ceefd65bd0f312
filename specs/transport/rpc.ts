/**
 * Remote procedure calls over a network that loses and duplicates: a client sends its call
 * `{ id }` to the server and resends it until the reply comes back; the server increments a
 * counter for each call it executes, reports it (`{ type: apply, id }`) and replies with the
 * new value. Retrying is what makes a call return over lossy links; it also delivers a call
 * twice when only the reply was lost.
 *
 * At-most-once (`replyCache: true`): the server remembers the reply to each request id and
 * answers a retry from its cache instead of executing it again. At-least-once
 * (`replyCache: false`) executes every copy that arrives: a non-idempotent update applied
 * twice.
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Request = { type: 'call'; id: number };
type Message = { type: 'CALL'; id: number } | { type: 'REPLY'; id: number; result: number };
type Indication = { type: 'apply'; id: number } | { type: 'return'; id: number; result: number };
type T = { message: Message; request: Request; indication: Indication; timer: 'retry' };

export interface ServerState {
  x: number;
  /** The reply cache: [request id, result]. */
  cache: [number, number][];
}

export interface ClientState {
  pending: number[];
}

const server = role<T, ServerState, { replyCache: boolean }>({
  init: () => ({ x: 0, cache: [] }),
  messages: {
    CALL(s, m, from, ctx) {
      const cached = s.cache.find(([id]) => id === m.id);
      if (cached) return void ctx.send(from, { type: 'REPLY', id: m.id, result: cached[1] });
      s.x++;
      ctx.indicate({ type: 'apply', id: m.id });
      if (ctx.params.replyCache) s.cache.push([m.id, s.x]);
      ctx.send(from, { type: 'REPLY', id: m.id, result: s.x });
    },
  },
});

const serverOf = (ctx: { pids(role: string): readonly Pid[] }) => ctx.pids('server')[0];

const client = role<T, ClientState>({
  init: () => ({ pending: [] }),
  requests: {
    call(s, r, ctx) {
      s.pending.push(r.id);
      ctx.send(serverOf(ctx), { type: 'CALL', id: r.id });
      ctx.setTimer('retry');
    },
  },
  messages: {
    REPLY(s, m, _from, ctx) {
      if (!s.pending.includes(m.id)) return;
      s.pending = s.pending.filter((id) => id !== m.id);
      ctx.indicate({ type: 'return', id: m.id, result: m.result });
      if (!s.pending.length) ctx.cancelTimer('retry');
    },
  },
  timers: {
    retry(s, ctx) {
      for (const id of s.pending) ctx.send(serverOf(ctx), { type: 'CALL', id });
      ctx.setTimer('retry');
    },
  },
});

export default defineProtocol<T, unknown, { replyCache: boolean }>({
  name: 'rpc',
  params: { replyCache: true },
  roles: { server, client },
});
