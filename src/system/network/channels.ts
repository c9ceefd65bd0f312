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

const envKeys = new WeakMap<Envelope, string>();
/** A message's content key (with the sender's clock under causality: a send at another point is another message), cached per envelope. */
export function envKey(e: Envelope): string {
  let k = envKeys.get(e);
  if (k === undefined) {
    k = e.vc === undefined ? fingerprintHex(e.msg) : fingerprintHex([e.msg, e.vc]);
    envKeys.set(e, k);
  }
  return k;
}

const deadline = (e: Envelope): number => e.d ?? -1;

export function sameChannel(a: Envelope, b: Envelope): boolean {
  return a.from === b.from && a.to === b.to;
}

/** By channel, then content, then deadline. */
export function compareEnv(a: Envelope, b: Envelope): number {
  return a.from - b.from || a.to - b.to || (envKey(a) < envKey(b) ? -1 : envKey(a) > envKey(b) ? 1 : 0) || deadline(a) - deadline(b);
}

export function sameEnv(a: Envelope, b: Envelope): boolean {
  return a.from === b.from && a.to === b.to && envKey(a) === envKey(b) && a.d === b.d;
}
