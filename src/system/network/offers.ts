/**
 * Which messages in flight the channel discipline offers, for random runs (step-picker.ts): a
 * flag per message of one network array, in one buffer that follows the run. A run's next
 * network is its last one with a message removed or messages inserted, so the flags are moved
 * in place and only the neighbours of the change are tested again (a discipline's `offered`
 * reads a message and the one before it: channels.ts); any other array (time passing, a
 * crash, a renaming, the exhaustive search's worlds) is scanned afresh when first asked.
 *
 * One buffer, not flags per array: copies per world kept in a weak map made the collector a
 * quarter of a run's CPU (bench/README.md, gossip speed).
 */
import type { Envelope } from '../world.ts';
import type { Channels } from './channels.ts';

export class Offers {
  /** The array the flags describe. */
  private net: readonly Envelope[] | undefined;
  private flags = new Uint8Array(64);
  private count = 0;

  constructor(private readonly channels: Channels) {}

  /** How many messages of `net` are offered. */
  countOf(net: readonly Envelope[]): number {
    if (this.net !== net) this.scan(net);
    return this.count;
  }

  /** Whether the message at index i of `net` is offered. */
  offered(net: readonly Envelope[], i: number): boolean {
    if (this.net !== net) this.scan(net);
    return this.flags[i] === 1;
  }

  /** The index of the k-th offered message of `net`, or -1. */
  indexOf(net: readonly Envelope[], k: number): number {
    if (this.net !== net) this.scan(net);
    const f = this.flags;
    for (let i = 0; i < net.length; i++) if (f[i] === 1 && k-- === 0) return i;
    return -1;
  }

  /** `child` is `parent` without its message at index i. */
  removed(parent: readonly Envelope[], child: readonly Envelope[], i: number): void {
    if (this.net !== parent) return;
    const f = this.flags;
    this.count -= f[i];
    f.copyWithin(i, i + 1, parent.length);
    this.net = child;
    if (i < child.length) this.refresh(child, i);
  }

  /** Whether the flags describe `net`, so that insertions into a copy of it can follow (`inserted`, then `record`). */
  follows(net: readonly Envelope[]): boolean {
    return this.net === net;
  }

  /** A message was inserted at index j of `building` (a copy of the array the flags describe, being built). */
  inserted(building: readonly Envelope[], j: number): void {
    this.room(building.length);
    const f = this.flags;
    f.copyWithin(j + 1, j, building.length - 1);
    f[j] = 0;
    this.refresh(building, j);
    if (j + 1 < building.length) this.refresh(building, j + 1);
  }

  /** The flags now describe `net` (the built array, frozen). */
  record(net: readonly Envelope[]): void {
    this.net = net;
  }

  private scan(net: readonly Envelope[]): void {
    const n = net.length;
    this.room(n);
    const f = this.flags;
    let count = 0;
    for (let i = 0; i < n; i++) count += f[i] = this.channels.offered(net, i) ? 1 : 0;
    this.count = count;
    this.net = net;
  }

  private refresh(net: readonly Envelope[], i: number): void {
    const v = this.channels.offered(net, i) ? 1 : 0;
    this.count += v - this.flags[i];
    this.flags[i] = v;
  }

  private room(n: number): void {
    if (this.flags.length >= n) return;
    const bigger = new Uint8Array(Math.max(n, 2 * this.flags.length));
    bigger.set(this.flags);
    this.flags = bigger;
  }
}
