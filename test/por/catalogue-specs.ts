/** The catalogue's spec files, and the smaller instances the partial-order reduction tests compare. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

/** Paxos with 3 acceptors takes 174,000–194,000 states (about 20 s a run here): test/catalogue.test.ts (sleep sets on by default) and bench/protocols.ts run it; these tests compare the 2-acceptor instance. */
export const smaller: Record<string, string[]> = {
  'specs/paxos/paxos.yaml': ['processes.acceptor=2'],
  'specs/paxos/paxos-accept-below-promise.yaml': ['processes.acceptor=2'],
  'specs/paxos/paxos-ignore-promised-values.yaml': ['processes.acceptor=2'],
};
