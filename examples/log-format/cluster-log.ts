/**
 * A log format for a small made-up cluster log, the kind of line a service writes anyway:
 *
 *   2026-12-01T10:00:00.120Z node=n1 BCAST id=7 body="hello"
 *   2026-12-01T10:00:00.180Z node=n2 DELIVER from=n1 id=7 body="hello"
 *   2026-12-01T10:00:01.000Z node=n3 CRASH
 *
 * `protocheck observe examples/log-format/cluster.txt --format examples/log-format/cluster-log.ts` reads it: each
 * line becomes the event it records, and every other line (the service's chatter) is skipped.
 * A field that names a process, such as the sender of a delivery, holds its index in the
 * header's list, as in the model.
 */
import type { LogFormat } from '../../src/index.ts'; // a user's package: from 'protocheck'

const NODES = ['n1', 'n2', 'n3'];
const LINE = /^(\S+) node=(\S+) (BCAST|DELIVER|CRASH|RESTART)\b(.*)$/;

function fields(rest: string): Record<string, string> {
  return Object.fromEntries([...rest.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map(([, k, v]) => [k, v.startsWith('"') ? (JSON.parse(v) as string) : v]));
}

export default {
  name: 'cluster log',
  header: { processes: NODES, properties: ['no-duplication', 'no-creation', 'agreement', { 'no-duplication': { id: 'id' } }] },
  event(line) {
    const m = LINE.exec(line);
    if (!m) return null;
    const [, stamp, node, what, rest] = m;
    const time = Date.parse(stamp);
    if (Number.isNaN(time)) throw new Error(`bad timestamp ${stamp}`);
    const f = fields(rest);
    switch (what) {
      case 'BCAST':
        return { process: node, kind: 'request', value: { type: 'broadcast', id: Number(f.id), m: f.body }, time };
      case 'DELIVER': {
        const src = NODES.indexOf(f.from);
        if (src < 0) throw new Error(`unknown sender ${f.from}`);
        return { process: node, kind: 'indication', value: { type: 'deliver', src, id: Number(f.id), m: f.body }, time };
      }
      case 'CRASH':
        return { process: node, kind: 'crash', time };
      default:
        return { process: node, kind: 'recover', time };
    }
  },
} satisfies LogFormat;
