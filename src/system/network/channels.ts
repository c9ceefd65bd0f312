/**
 * A channel discipline: the order in which a network offers the messages in flight, and the
 * canonical order in which a world keeps them (so that two runs that sent the same messages
 * in different orders meet in one state wherever the discipline allows it).
 */
import { fingerprintHex } from '../../core/fingerprint.ts';
import type { Envelope } from '../world.ts';

export interface Channels {
  readonly name: string;
  /**
   * Whether the message at index i is offered for delivery (and to the adversary): not when an
   * earlier message hides it (FIFO: the one ahead of it on its channel; unordered: an equal copy).
   * It must depend on net[i - 1] and net[i] only (random runs follow the flags through a run by
   * testing again only the neighbours of a change: offers.ts).
   */
  offered(net: readonly Envelope[], i: number): boolean;
  /** Inserts a sent message at its place and returns that index; with `duplication`, not when an equal copy is already in flight (-1). */
  insert(net: Envelope[], e: Envelope, duplication: boolean): number;
  /** Puts a network whose messages were renamed (ordinals, symmetry) back in canonical order. */
  sort(net: Envelope[]): Envelope[];
}

// Keyed by the message object, which every copy of an envelope shares (a timed model copies each
// envelope at every tick to count its deadline down; a flood forwards the object it received),
// and by the envelope only under causality, where the sender's clock is part of the key.
const msgKeys = new WeakMap<object, string>();
const envKeys = new WeakMap<Envelope, string>();
/** A message's content key (with the sender's clock under causality: a send at another point is another message). */
export function envKey(e: Envelope): string {
  const m = e.msg as unknown;
  if (e.vc === undefined) {
    if (typeof m !== 'object' || m === null) return fingerprintHex(m);
    let k = msgKeys.get(m);
    if (k === undefined) msgKeys.set(m, (k = fingerprintHex(m)));
    return k;
  }
  let k = envKeys.get(e);
  if (k === undefined) envKeys.set(e, (k = fingerprintHex([e.msg, e.vc])));
  return k;
}

const deadline = (e: Envelope): number => e.d ?? -1;

export function sameChannel(a: Envelope, b: Envelope): boolean {
  return a.from === b.from && a.to === b.to;
}

/** The same message object (and clock): the same content, known without computing keys. */
const sameObjects = (a: Envelope, b: Envelope): boolean => a.msg === b.msg && a.vc === b.vc;

/** By channel, then content, then deadline. */
export function compareEnv(a: Envelope, b: Envelope): number {
  const c = a.from - b.from || a.to - b.to;
  if (c !== 0) return c;
  if (!sameObjects(a, b)) {
    const ka = envKey(a);
    const kb = envKey(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
  }
  return deadline(a) - deadline(b);
}

export function sameEnv(a: Envelope, b: Envelope): boolean {
  return a.from === b.from && a.to === b.to && a.d === b.d && (sameObjects(a, b) || envKey(a) === envKey(b));
}
