/**
 * Broadcast with completion, for the perfect failure detector P: p0 sends its message to
 * every other process and waits for their acknowledgements before it indicates `done`. A
 * process that crashes never acknowledges; P eventually reports its crash (strong
 * completeness), and the broadcaster stops waiting for it.
 *
 * `useDetector: false` is the classic mistake: ignoring the detector's crash notifications,
 * the broadcaster waits forever for an acknowledgement that will never come.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Message = { type: 'DATA'; m: string } | { type: 'ACK'; m: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string } | { type: 'done'; src: Pid; m: string };

interface State {
  /** The message being broadcast, and the processes whose acknowledgement is awaited. */
  current: string | null;
  waiting: Pid[];
  /** Processes known to have crashed. */
  crashed: Pid[];
}

function complete(s: { current: string | null; waiting: Pid[] }, ctx: { self: Pid; indicate(i: Indication): void }): void {
  if (s.current !== null && s.waiting.length === 0) {
    ctx.indicate({ type: 'done', src: ctx.self, m: s.current });
    s.current = null;
  }
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, { useDetector: boolean }>({
  name: 'ack-broadcast',
  description: 'broadcast that completes once every process acknowledged or was detected crashed (perfect failure detector)',
  params: { useDetector: true },
  init: () => ({ current: null, waiting: [], crashed: [] }),
  requests: {
    broadcast(s, req, ctx) {
      const others = ctx.all.filter((q) => q !== ctx.self && !s.crashed.includes(q));
      s.current = req.m;
      s.waiting = others;
      ctx.indicate({ type: 'deliver', src: ctx.self, m: req.m });
      ctx.broadcast({ type: 'DATA', m: req.m }, others);
      complete(s, ctx);
    },
  },
  messages: {
    DATA(_s, msg, from, ctx) {
      ctx.indicate({ type: 'deliver', src: from, m: msg.m });
      ctx.send(from, { type: 'ACK', m: msg.m });
    },
    ACK(s, _msg, from, ctx) {
      s.waiting = s.waiting.filter((q) => q !== from);
      complete(s, ctx);
    },
  },
  failures: {
    crash(s, q, ctx) {
      if (!ctx.params.useDetector) return;
      s.crashed.push(q);
      s.waiting = s.waiting.filter((x) => x !== q);
      complete(s, ctx);
    },
  },
});
