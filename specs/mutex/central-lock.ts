/**
 * Mutual exclusion with a central lock server: a client asks the server for the lock, the
 * server grants it to one client at a time (queueing the others), the client leaves its
 * critical section after a while and gives the lock back.
 *
 * `waitForRelease: false` is the classic mistake: the server grants every request at once, so
 * two clients are in their critical sections together.
 *
 * Its properties are the protocol's own (mutex-props.ts), named from the spec as
 * `./mutex-props.ts#mutualExclusion`: an example of properties a user writes.
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Message = { type: 'REQ' } | { type: 'GRANT' } | { type: 'REL' };
type Request = { type: 'acquire' };
type Indication = { type: 'enter' } | { type: 'exit' };
type T = { message: Message; request: Request; indication: Indication; timer: 'leave' };

export interface ServerState {
  /** Who holds the lock (-1: nobody). */
  holder: Pid;
  queue: Pid[];
}

export interface ClientState {
  inCS: boolean;
}

export default defineProtocol<T, unknown, { waitForRelease: boolean }>({
  name: 'central-lock',
  params: { waitForRelease: true },
  pids: ['holder', 'queue'],
  roles: {
    server: role<T, ServerState, { waitForRelease: boolean }>({
      init: () => ({ holder: -1, queue: [] }),
      messages: {
        REQ(s, _m, from, ctx) {
          if (s.holder < 0 || !ctx.params.waitForRelease) {
            s.holder = from;
            ctx.send(from, { type: 'GRANT' });
          } else s.queue.push(from);
        },
        REL(s, _m, _from, ctx) {
          const next = s.queue.shift();
          s.holder = next ?? -1;
          if (next !== undefined) ctx.send(next, { type: 'GRANT' });
        },
      },
    }),
    client: role<T, ClientState>({
      init: () => ({ inCS: false }),
      requests: {
        acquire(_s, _req, ctx) {
          ctx.send(ctx.pids('server')[0], { type: 'REQ' });
        },
      },
      messages: {
        GRANT(s, _m, _from, ctx) {
          s.inCS = true;
          ctx.indicate({ type: 'enter' });
          ctx.setTimer('leave');
        },
      },
      timers: {
        leave(s, ctx) {
          s.inCS = false;
          ctx.indicate({ type: 'exit' });
          ctx.send(ctx.pids('server')[0], { type: 'REL' });
        },
      },
    }),
  },
});
