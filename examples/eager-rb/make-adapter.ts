/**
 * The drive adapter of the toy implementation: it starts one node per process of the trace,
 * turns the model's requests and messages into the node's calls and wire format, and reports
 * back, in the model's terms, what the nodes send and deliver.
 */
import type { DriveAdapter } from '../../src/index.ts'; // a user's package: from 'protocheck'
import type { EagerRbNode, Transport } from './node.ts';

type NodeClass = new (id: number, size: number, transport: Transport, relay: boolean) => EagerRbNode;
type Data = { type: 'DATA'; src: number; m: string };

export function eagerRbAdapter(Node: NodeClass): DriveAdapter {
  let nodes: (EagerRbNode | undefined)[] = [];
  return {
    reportsSends: true,
    start(system, sink) {
      const relay = system.params.relay !== false;
      nodes = system.processes.map(
        ({ id }) =>
          new Node(id, system.n, {
            send: (to, w) => sink.send(id, to, { type: 'DATA', src: w.origin, m: w.body }),
            deliver: (origin, body) => sink.indicate(id, { type: 'deliver', src: origin, m: body }),
          }, relay),
      );
    },
    request(p, request) {
      const r = request as { type: string; m: string };
      if (r.type !== 'broadcast') throw new Error(`the implementation has no request ${r.type}`);
      node(p).broadcast(r.m);
    },
    deliver(from, to, message) {
      const m = message as Data;
      node(to).receive(from, { kind: 'data', origin: m.src, body: m.m });
    },
    crash(p) {
      nodes[p] = undefined;
    },
  };

  function node(p: number): EagerRbNode {
    const n = nodes[p];
    if (!n) throw new Error(`p${p} has crashed`);
    return n;
  }
}
