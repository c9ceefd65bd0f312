/**
 * The double-spend race's outcome: whether block B was reverted, i.e. whether at the end of the
 * run an honest miner's chain no longer holds it (it adopted the attacker's). A yes/no per run,
 * estimated as a probability; it reads only the final state, so `--exact` computes it too.
 */
import { defineMetric, type History } from '../../src/index.ts';

const reverted = (h: History): boolean => h.correct().some((p) => h.roleOf(p) === 'miner' && !((h.state(p) as { chain: readonly string[] }).chain.includes('B')));

export const revertedB = defineMetric({
  name: 'reverted',
  description: 'whether an honest miner ends the run on a chain without block B (the attacker overtook it)',
  kind: 'proportion',
  params: {},
  make: () => (run) => reverted(run.history),
  atEnd: () => reverted,
});
