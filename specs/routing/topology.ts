/**
 * The routing specs' topology: the links between routers are a protocol parameter
 * (`links: [[a, b], ...]`), as the network itself connects every process. A router learns that
 * a link failed from its link layer, as a request `{ type: link-down, peer }`; from then on it
 * sends nothing over it and ignores what still arrives on it (the system model has no
 * single-link failure distinct from a partition, so the failure is the routers' input).
 */
import type { Pid } from '../../src/index.ts';

export type Links = readonly (readonly number[])[];

/** The routers linked to p whose link is not down. */
export function neighbours(links: Links, p: Pid, down: readonly Pid[]): Pid[] {
  const out: Pid[] = [];
  for (const [a, b] of links) {
    const q = a === p ? b : b === p ? a : -1;
    if (q >= 0 && !down.includes(q) && !out.includes(q)) out.push(q);
  }
  return out.sort((x, y) => x - y);
}
