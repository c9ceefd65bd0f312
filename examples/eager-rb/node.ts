/**
 * A toy implementation of eager reliable broadcast, written as an implementation is (a class
 * with its own state and wire format, talking to a transport), not as a protocheck reducer.
 * It is what `protocheck drive` tests against the model in specs/broadcast/eager-rb.ts.
 */

/** The implementation's own wire format (the model's message is `{ type: 'DATA', src, m }`). */
export interface Wire {
  kind: 'data';
  origin: number;
  body: string;
}

/** What a node talks to: the network below, and the application above. */
export interface Transport {
  send(to: number, message: Wire): void;
  deliver(origin: number, body: string): void;
}

export class EagerRbNode {
  private readonly seen = new Set<string>();

  constructor(
    readonly id: number,
    readonly size: number,
    protected readonly transport: Transport,
    /** Relay what it delivers (off: the broken variant the catalogue shows, eager-rb-no-relay). */
    readonly relay = true,
  ) {}

  broadcast(body: string): void {
    this.sendAll({ kind: 'data', origin: this.id, body });
  }

  receive(_from: number, message: Wire): void {
    const id = `${message.origin}:${message.body}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.transport.deliver(message.origin, message.body);
    if (this.relay) this.sendAll(message);
  }

  protected sendAll(message: Wire): void {
    for (let to = 0; to < this.size; to++) this.transport.send(to, message);
  }
}
