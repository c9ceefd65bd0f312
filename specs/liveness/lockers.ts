/**
 * Two clients each need both of two resources (think: two proposers that each need a
 * majority of the acceptors). A resource grants its lock to one client at a time.
 *
 * - `order: greedy` asks for both at once; a client that is refused one lock releases what it
 *   got and retries later. Both can be refused forever, each holding the lock the other
 *   needs for a moment, in a loop: a livelock, found as a lasso (every step of the loop is a
 *   fair step: messages are delivered, timers fire, and yet nobody ever gets both).
 * - `order: ordered` asks for the resources one after the other, in the same order for every
 *   client, and keeps what it holds while it waits: whoever holds the first resource gets the
 *   second, so every request is eventually granted.
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Message = { type: 'LOCK' } | { type: 'GRANT' } | { type: 'DENY' } | { type: 'RELEASE' } | { type: 'FREED' };
type Request = { type: 'acquire'; m: string };
type Indication = { type: 'granted'; src: Pid; m: string };
type T = { message: Message; request: Request; indication: Indication; timer: 'retry' };
type Params = { order: string };

interface Client {
  job: string | null;
  /** The locks held. */
  got: Pid[];
  /** Replies awaited (greedy: one per resource asked; ordered: at most one). */
  awaiting: number;
  refused: boolean;
  /** Releases not yet confirmed: a client retries once they are (one message per client and resource in flight, at most). */
  releasing: number;
}

const client = role<T, Client, Params>({
  init: () => ({ job: null, got: [], awaiting: 0, refused: false, releasing: 0 }),
  requests: {
    acquire(s, req, ctx) {
      s.job = req.m;
      ask(s, ctx);
    },
  },
  messages: {
    GRANT(s, _msg, from, ctx) {
      s.got.push(from);
      s.got.sort((a, b) => a - b);
      s.awaiting--;
      settle(s, ctx);
    },
    DENY(s, _msg, _from, ctx) {
      s.awaiting--;
      s.refused = true;
      settle(s, ctx);
    },
    FREED(s, _msg, _from, ctx) {
      s.releasing--;
      if (s.releasing === 0 && s.job !== null && s.refused) ctx.setTimer('retry');
    },
  },
  timers: {
    retry(s, ctx) {
      ask(s, ctx);
    },
  },
});

type ClientCtx = Parameters<NonNullable<typeof client.timers>['retry'] & {}>[1];

/** Asks for the locks still missing: all of them (greedy) or the next one in order. */
function ask(s: Client, ctx: ClientCtx): void {
  const missing = ctx.pids('resource').filter((r) => !s.got.includes(r));
  const asked = ctx.params.order === 'ordered' ? missing.slice(0, 1) : missing;
  for (const r of asked) ctx.send(r, { type: 'LOCK' });
  s.awaiting = asked.length;
  s.refused = false;
}

/** Once every reply is in: done when all locks are held; else release (greedy) or keep (ordered) and retry, or ask for the next. */
function settle(s: Client, ctx: ClientCtx): void {
  if (s.awaiting > 0 || s.job === null) return;
  const resources = ctx.pids('resource');
  if (s.got.length === resources.length) {
    ctx.indicate({ type: 'granted', src: ctx.self, m: s.job });
    for (const r of s.got) ctx.send(r, { type: 'RELEASE' });
    s.releasing += s.got.length;
    s.got = [];
    s.job = null;
    return;
  }
  if (!s.refused) return ask(s, ctx); // ordered: the next resource
  if (ctx.params.order !== 'ordered' && s.got.length) {
    for (const r of s.got) ctx.send(r, { type: 'RELEASE' });
    s.releasing += s.got.length;
    s.got = [];
    return; // retry once the releases are confirmed
  }
  ctx.setTimer('retry');
}

const resource = role<T, { holder: Pid | null }, Params>({
  init: () => ({ holder: null }),
  messages: {
    LOCK(s, _msg, from, ctx) {
      if (s.holder === null || s.holder === from) {
        s.holder = from;
        ctx.send(from, { type: 'GRANT' });
      } else ctx.send(from, { type: 'DENY' });
    },
    RELEASE(s, _msg, from, ctx) {
      if (s.holder === from) s.holder = null;
      ctx.send(from, { type: 'FREED' });
    },
  },
});

export default defineProtocol<T, unknown, Params>({
  name: 'lockers',
  description: 'two clients that each need two locks: greedy acquisition livelocks, ordered acquisition does not',
  params: { order: 'greedy' },
  roles: { client, resource },
});
