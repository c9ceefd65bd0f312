/**
 * The properties of mutual exclusion, written as a user writes their own: one over the
 * processes' states (h.state), one over the history. A spec names them as
 * `./mutex-props.ts#mutualExclusion` and `./mutex-props.ts#eventualEntry`.
 */
import { defineProperty, requests, indications } from '../../src/index.ts';

/** Safety: at most one process is in its critical section, in every reachable state. */
export const mutualExclusion = defineProperty({
  name: 'mutual-exclusion',
  kind: 'safety',
  description: 'at most one process is in its critical section at any time',
  check(h) {
    const inside = [];
    for (let p = 0; p < h.n; p++) if ((h.state(p) as { inCS?: boolean } | null)?.inCS) inside.push(`p${p}`);
    return inside.length > 1 ? `${inside.join(' and ')} are in their critical sections together` : null;
  },
});

/** Liveness: a correct process that asks for the lock eventually enters its critical section. */
export const eventualEntry = defineProperty({
  name: 'eventual-entry',
  kind: 'liveness',
  description: 'every correct process that asks for the lock eventually enters its critical section',
  params: { request: 'acquire', indication: 'enter' },
  make: (p) => (h) => {
    for (const q of h.correct()) {
      const asked = requests(h, q, p.request).length;
      const entered = indications(h, q, p.indication).length;
      if (entered < asked) return `p${q} asked for the lock ${asked} time(s) but entered its critical section ${entered} time(s)`;
    }
    return null;
  },
});
