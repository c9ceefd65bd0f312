/**
 * Failure detection by heartbeats (Cachin, Guerraoui, Rodrigues, algorithms 2.5 and 2.7).
 *
 * Every `delay` ticks a process asks every other one for a heartbeat and, at the next
 * timeout, acts on those that did not answer:
 * - `eventual: false` (Exclude on Timeout, a perfect detector P): it detects them as crashed,
 *   for good. Sound only in a synchronous system whose timeout exceeds the round trip:
 *   a request and its reply each take at most Δ ticks, so the timeout must be > 2Δ.
 * - `eventual: true` (Increasing Timeout, an eventually perfect detector ◇P, plus the
 *   monarchical leader of algorithm 2.8): it suspects them, restores a suspected process that
 *   answers after all and then lengthens its timeout (`increase`), up to `maxDelay`; it
 *   trusts the lowest process it does not suspect. After GST the timeout outgrows the round
 *   trip and the suspicions become exact.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type T = {
  message: { type: 'HEARTBEAT_REQUEST' } | { type: 'HEARTBEAT_REPLY' };
  request: never;
  indication: { type: 'crash' | 'suspect' | 'restore' | 'trust'; p: Pid };
  timer: 'timeout';
};

interface State {
  /** Who answered since the last timeout. */
  alive: Pid[];
  /** Detected (P) or suspected (◇P). */
  detected: Pid[];
  delay: number;
  leader: Pid;
}

const sorted = (xs: Pid[]) => xs.sort((a, b) => a - b);

export default defineProtocol<T, State, { delay: number; eventual: boolean; increase: boolean; maxDelay: number }>({
  name: 'heartbeat',
  description: 'heartbeat failure detection: P by excluding on timeout, ◇P (and a leader) by increasing the timeout',
  params: { delay: 3, eventual: false, increase: true, maxDelay: 3 },
  // ◇P suspects and restores forever: the history keeps each process's latest word only
  statusIndications: [{ types: ['suspect', 'restore'], key: 'p' }, { types: ['trust'] }],
  init(ctx) {
    ctx.setTimer('timeout', ctx.params.delay);
    return { alive: ctx.all.filter((q) => q !== ctx.self), detected: [], delay: ctx.params.delay, leader: -1 };
  },
  timers: {
    timeout(s, ctx) {
      const { eventual, increase, maxDelay } = ctx.params;
      if (eventual && increase && s.alive.some((q) => s.detected.includes(q))) s.delay = Math.min(s.delay + 1, maxDelay);
      for (const q of ctx.all) {
        if (q === ctx.self) continue;
        const answered = s.alive.includes(q), held = s.detected.includes(q);
        if (!answered && !held) {
          s.detected.push(q);
          sorted(s.detected);
          ctx.indicate({ type: eventual ? 'suspect' : 'crash', p: q });
        } else if (eventual && answered && held) {
          s.detected = s.detected.filter((x) => x !== q);
          ctx.indicate({ type: 'restore', p: q });
        }
      }
      if (eventual) {
        const leader = ctx.all.find((q) => !s.detected.includes(q))!;
        if (leader !== s.leader) {
          s.leader = leader;
          ctx.indicate({ type: 'trust', p: leader });
        }
      }
      s.alive = [];
      ctx.broadcast({ type: 'HEARTBEAT_REQUEST' }, ctx.all.filter((q) => q !== ctx.self));
      ctx.setTimer('timeout', s.delay);
    },
  },
  messages: {
    HEARTBEAT_REQUEST(_s, _m, from, ctx) {
      ctx.send(from, { type: 'HEARTBEAT_REPLY' });
    },
    HEARTBEAT_REPLY(s, _m, from) {
      if (!s.alive.includes(from)) sorted(s.alive).push(from), sorted(s.alive);
    },
  },
});
