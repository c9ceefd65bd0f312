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
 * The exceptions, all treated as dependent:
 * - the adversary's steps (crash, recover, drop, duplicate, partition, heal) and any step
 *   kind this file does not know;
 * - with `duplication: true` the network keeps one copy per envelope, so a send and a
 *   delivery of equal envelopes do not commute: a delivery from q is dependent on q's steps;
 * - with `realTime: true` a request records every process's indication count, so it reads
 *   every process: requests are dependent on every step;
 * - a protocol with ordinals may call `ctx.fresh()`, which reads every ordinal in the world
 *   (two proposers picking fresh ballots do not commute): all its steps are dependent.
 * FIFO channels need no exception: only the head of a channel is deliverable, deliveries on
 * one channel are steps of the same process, and a send appends behind the head.
 */
import { fingerprintHex } from '../core/fingerprint.ts';
import type { SystemConfig } from './config.ts';
import type { Pid, ProtocolModule } from './protocol.ts';
import type { Envelope, SysAction } from './system.ts';

/** The process whose step this is, or -1 for the adversary's steps and unknown kinds. */
function actor(a: SysAction): Pid {
  switch (a.t) {
    case 'deliver':
      return a.e.to;
    case 'request':
    case 'timer':
    case 'detect':
      return a.p;
    default:
      return -1;
  }
}

/** Whether two steps enabled in the same world commute (see above); false when unsure. */
export function independentSteps(system: { readonly config: SystemConfig; readonly protocol: ProtocolModule }, a: SysAction, b: SysAction): boolean {
  const p = actor(a), q = actor(b);
  if (p < 0 || q < 0 || p === q) return false;
  const config = system.config;
  if (system.protocol.ordinals?.length) return false;
  if (config.realTime && (a.t === 'request' || b.t === 'request')) return false;
  if (config.network.duplication && ((a.t === 'deliver' && a.e.from === q) || (b.t === 'deliver' && b.e.from === p))) return false;
  return true;
}

const messageKeys = new WeakMap<Envelope, string>();

/** The identity of a step across worlds: a delivery by its envelope's content, not its index in the network. */
export function stepKey(a: SysAction): string {
  switch (a.t) {
    case 'deliver':
    case 'duplicate':
    case 'drop': {
      let k = messageKeys.get(a.e);
      if (k === undefined) messageKeys.set(a.e, (k = fingerprintHex(a.e.msg)));
      return `${a.t} ${a.e.from}>${a.e.to} ${k}`;
    }
    case 'request':
      return `request ${a.p}`;
    case 'timer':
      return `timer ${a.p} ${a.name}`;
    case 'detect':
      return `detect ${a.p} ${a.q}`;
    case 'crash':
    case 'recover':
      return `${a.t} ${a.p}`;
    case 'partition':
      return `partition ${a.k}`;
    default:
      return a.t;
  }
}
