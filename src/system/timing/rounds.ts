/**
 * Synchronous rounds in lockstep (the lecture notes' round model): a message is delivered
 * exactly `delay` ticks after it was sent, never earlier, and timers fire on time. The
 * synchronous model's bound ("within `delay` ticks") lets a message arrive in the tick it was
 * sent, so the time at which a rumour reaches a node would depend on how the scheduler
 * interleaves one tick's steps; here one hop takes one tick, and times measured in ticks are
 * rounds. Within a tick, the steps due (deliveries, timers) still come in any order.
 */
import type { ComponentFactory } from '../component.ts';
import type { Channels } from '../network/channels.ts';
import { timers } from './timers.ts';

export const rounds: ComponentFactory = (sys) => timers(sys, 'always', (sys.config.timing as { delay: number }).delay);

/** A channel discipline that offers a message only once its delivery is due (its bound counted down to 0). */
export function lockstep(base: Channels): Channels {
  return {
    name: base.name,
    offered: (net, i) => net[i].d === 0 && base.offered(net, i),
    insert: base.insert,
    sort: base.sort,
  };
}
