/**
 * Independence of system steps, for partial-order reduction (sleep sets, src/core/sleep.ts).
 *
 * Two steps of different processes commute: a step of process p (a delivery to p, a request,
 * a timer or a failure-detector indication at p) reads and writes only p's state, history,
 * timers, issued requests, stored value and detected set, removes at most one message
 * addressed to p, and adds messages to a network that is a canonical multiset (sorted by
 * channel, then by content or send order). Neither step can disable the other: only p's own
 * steps remove p's messages, timers and requests, and only the adversary changes who is down
 * or partitioned.
 *
 * Each component says which of its steps are local to a process (`actor`) and adds its own
 * exceptions (`dependent`): with duplication, a send and a delivery of equal envelopes do not
 * commute (the network); with real time, a request reads every process (the history). The
 * adversary's steps, the oracles' outputs (which read and count global state) and any step a
 * component does not claim are dependent on everything. A protocol with ordinals may call
 * `ctx.fresh()`, which reads every ordinal in the world (two proposers picking fresh ballots
 * do not commute): all its steps are dependent. FIFO channels need no exception: only the head
 * of a channel is deliverable, deliveries on one channel are steps of the same process, and a
 * send appends behind the head.
 */
import type { SystemComponent } from './component.ts';
import type { Pid, ProtocolModule } from './protocol.ts';
import type { SysAction } from './world.ts';

/**
 * The relation for one system: whether two steps enabled in the same world commute (see above);
 * false when unsure. Built once: sleep sets ask it for every pair of actions a state takes.
 */
export function independence(owner: (a: SysAction) => SystemComponent, components: readonly SystemComponent[], protocol: ProtocolModule): (a: SysAction, b: SysAction) => boolean {
  if (protocol.ordinals?.length) return () => false;
  const exceptions = components.filter((c) => c.dependent);
  return (a, b) => {
    const p = owner(a).actor?.(a) ?? -1;
    const q = owner(b).actor?.(b) ?? -1;
    if (p < 0 || q < 0 || p === q) return false;
    for (let i = 0; i < exceptions.length; i++) {
      const c = exceptions[i];
      if (c.dependent!(a, b, p, q) || c.dependent!(b, a, q, p)) return false;
    }
    return true;
  };
}

/**
 * The same relation as footprints (Model.footprint, for core/dpor.ts): a step touches its
 * actor and what the components' `touches` add; null (everything) for a step no component
 * claims, and for every step of a protocol with ordinals or of a system with a component
 * that has exceptions but does not say them as footprints. Two steps with disjoint
 * footprints are independent above; the converse need not hold (two deliveries from one
 * sender under duplication commute, and share the sender here).
 */
export function footprints(owner: (a: SysAction) => SystemComponent, components: readonly SystemComponent[], protocol: ProtocolModule): (a: SysAction) => readonly Pid[] | null {
  if (protocol.ordinals?.length || components.some((c) => c.dependent && !c.touches)) return () => null;
  const adders = components.filter((c) => c.touches);
  return (a) => {
    const p = owner(a).actor?.(a) ?? -1;
    if (p < 0) return null;
    let out: Pid[] | undefined;
    for (let i = 0; i < adders.length; i++) {
      const more = adders[i].touches!(a);
      if (more === null) return null;
      if (more === undefined) continue;
      out ??= [p];
      for (const q of more) if (!out.includes(q)) out.push(q);
    }
    return out ?? [p];
  };
}

