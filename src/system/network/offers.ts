/**
 * Which messages in flight the channel discipline offers, per network array, for random runs
 * (step-picker.ts): a flag per message and how many are set. Made once per array, and carried
 * over where the network makes a new array from one whose flags are known (a message removed,
 * messages inserted): a discipline's offer of a message depends on it and the message before it
 * only (channels.ts), so only the neighbours of a change can change their flag. A network array
 * made elsewhere (time passing, a crash, a renaming) gets its flags afresh when first asked.
 */
import type { Envelope } from '../world.ts';
import type { Channels } from './channels.ts';

export interface Offer {
  /** 1 where the message at that index is offered. */
  readonly flags: number[];
  count: number;
}

export class Offers {
  private readonly known = new WeakMap<readonly Envelope[], Offer>();

  constructor(private readonly channels: Channels) {}

  /** The flags of a (frozen) network array. */
  of(net: readonly Envelope[]): Offer {
    let o = this.known.get(net);
    if (o === undefined) {
      const n = net.length;
      const flags = new Array<number>(n);
      let count = 0;
      for (let i = 0; i < n; i++) count += flags[i] = this.channels.offered(net, i) ? 1 : 0;
      this.known.set(net, (o = { flags, count }));
    }
    return o;
  }

  /** `child` is `parent` without its message at index i. */
  removed(parent: readonly Envelope[], child: readonly Envelope[], i: number): void {
    const o = this.known.get(parent);
    if (o === undefined) return;
    const flags = o.flags.slice();
    const c: Offer = { flags, count: o.count - flags[i] };
    flags.splice(i, 1);
    if (i < child.length) this.refresh(child, c, i);
    this.known.set(child, c);
  }

  /** A copy of the flags of `net`, to follow insertions into a copy of it (`inserted`), or undefined when they are not known. */
  editable(net: readonly Envelope[]): Offer | undefined {
    const o = this.known.get(net);
    return o === undefined ? undefined : { flags: o.flags.slice(), count: o.count };
  }

  /** A message was inserted at index j of `net` (being built). */
  inserted(net: readonly Envelope[], o: Offer, j: number): void {
    o.flags.splice(j, 0, 0);
    this.refresh(net, o, j);
    if (j + 1 < net.length) this.refresh(net, o, j + 1);
  }

  /** The flags `o` belong to `net`, now frozen. */
  record(net: readonly Envelope[], o: Offer): void {
    this.known.set(net, o);
  }

  private refresh(net: readonly Envelope[], o: Offer, i: number): void {
    const v = this.channels.offered(net, i) ? 1 : 0;
    o.count += v - o.flags[i];
    o.flags[i] = v;
  }
}
