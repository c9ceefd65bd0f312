/**
 * Probabilistic broadcast's validity, message by message (the lecture's "every correct process
 * delivers m with probability at least 1 − ε"): whether every process up at the end of the run
 * delivered the message with payload `m`. A proportion per run, estimated as a probability.
 */
import { defineMetric } from '../../src/index.ts';

export const everyone = defineMetric({
  name: 'everyone-delivered',
  description: 'whether every correct process delivered the message with payload m by the end of the run',
  kind: 'proportion',
  params: { m: '', indication: 'deliver' },
  make: (p) => (run) => run.history.correct().every((q) => run.history.events(q).some((e) => e.k === 'indication' && e.v.type === p.indication && e.v.m === p.m)),
  atEnd: (p) => (h) => h.correct().every((q) => h.events(q).some((e) => e.k === 'indication' && e.v.type === p.indication && e.v.m === p.m)),
});
