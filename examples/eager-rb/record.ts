/**
 * A test cluster of the toy implementation that records what a real deployment would log, as a
 * protocheck history: each node's broadcasts (requests), deliveries (indications) and crashes,
 * one JSON line each, in the order they happen. A seeded scheduler delivers the messages in
 * flight in random order until none is left, so the history ends settled.
 *
 *   node --import tsx examples/eager-rb/record.ts --out history.jsonl [--buggy] [--seed 7] [--broadcasts 5] [--nodes 3] [--crash]
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { FastPathEagerRbNode } from './buggy-node.ts';
import { EagerRbNode, type Wire } from './node.ts';

export interface RecordOptions {
  nodes: number;
  broadcasts: number;
  seed: number;
  buggy: boolean;
  /** Crash one node part way through. */
  crash: boolean;
}

/** The history's lines: a header, then the events. */
export function record(o: RecordOptions): string[] {
  let s = o.seed >>> 0 || 1;
  const random = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  const lines = [JSON.stringify({ protocheck: 1, processes: o.nodes, properties: ['no-duplication', 'no-creation', 'agreement', { validity: { recipients: 'all' } }], settled: true })];
  let clock = 0;
  const log = (process: number, kind: string, value?: unknown) => lines.push(JSON.stringify({ process, kind, ...(value ? { value } : {}), time: ++clock }));
  const inFlight: { from: number; to: number; w: Wire }[] = [];
  const down = new Set<number>();
  const Node = o.buggy ? FastPathEagerRbNode : EagerRbNode;
  const nodes = Array.from({ length: o.nodes }, (_, id) =>
    new Node(id, o.nodes, {
      send: (to, w) => inFlight.push({ from: id, to, w }),
      deliver: (origin, body) => log(id, 'indication', { type: 'deliver', src: origin, m: body }),
    }),
  );
  let sent = 0;
  const crashAt = o.crash ? Math.floor(o.broadcasts / 2) : -1;
  while (sent < o.broadcasts || inFlight.length) {
    if (sent < o.broadcasts && (inFlight.length === 0 || random() < 0.3)) {
      const p = Math.floor(random() * o.nodes);
      if (down.has(p)) continue;
      log(p, 'request', { type: 'broadcast', m: `m${sent}` });
      nodes[p].broadcast(`m${sent}`);
      if (sent++ === crashAt) {
        down.add(p);
        log(p, 'crash');
      }
      continue;
    }
    const [{ from, to, w }] = inFlight.splice(Math.floor(random() * inFlight.length), 1);
    if (!down.has(to)) nodes[to].receive(from, w);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, buggy: { type: 'boolean' }, seed: { type: 'string' }, broadcasts: { type: 'string' }, nodes: { type: 'string' }, crash: { type: 'boolean' } } });
  const lines = record({ nodes: Number(values.nodes ?? 3), broadcasts: Number(values.broadcasts ?? 5), seed: Number(values.seed ?? 1), buggy: !!values.buggy, crash: !!values.crash });
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  for (const l of lines) out.write(l + '\n');
  if (out !== process.stdout) out.end();
}
