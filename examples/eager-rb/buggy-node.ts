/**
 * A plausible bug: "deliver our own broadcast at once, no need to wait for the network". The
 * shortcut forgets to mark the message as seen, so when the copy a node sends itself arrives
 * it is delivered a second time. Every committed eager-rb trace catches it at its first step:
 * the model delivers nothing when p0 broadcasts.
 */
import { EagerRbNode } from './node.ts';

export class FastPathEagerRbNode extends EagerRbNode {
  override broadcast(body: string): void {
    this.transport.deliver(this.id, body);
    super.broadcast(body);
  }
}
