/**
 * Monte Carlo runs pick a step without listing them (SystemModel.pickStep, the network's
 * offered flags carried from world to world): the step picked must be the one the list would
 * give, steps(w)[floor(r * count)], in every world of a run and for every r, whatever the
 * network (loss, duplication, FIFO, partitions), faults, timing and churn.
 */
import { describe, expect, it } from 'vitest';
import { random32 } from '../../src/core/stats.ts';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import type { SystemModel } from '../../src/system/system.ts';
import type { SysAction, World } from '../../src/system/world.ts';

const CASES: [string, string[]][] = [
  ['specs/gossip/push-die.yaml', ['processes=8', 'params.fanout=3']],
  ['specs/gossip/ihave.yaml', ['processes=8']],
  ['specs/gossip/rumour-anti-entropy.yaml', ['processes=6']],
  ['specs/broadcast/eager-rb.yaml', []],
  ['specs/broadcast/eager-rb.yaml', ['network=duplicating']],
  ['specs/broadcast/eager-rb.yaml', ['network=lossy']],
  ['specs/broadcast/eager-rb.yaml', ['network={ ordering: fifo, loss: fair, duplication: true }']],
  ['specs/broadcast/eager-rb.yaml', ['network={ partitions: [[[0], [1, 2]], [[0, 1], [2]]], maxPartitions: 3 }']],
  ['specs/broadcast/eager-rb-stubborn.yaml', ['faults={ model: crash-recovery, max: 2 }']],
  ['specs/failure-detectors/heartbeat-p.yaml', []],
  ['specs/clocks/vector-clock-no-increment-on-send.yaml', []],
];

/** The index picked with r, and its action, by the list. */
function listed(model: SystemModel, w: World, r: number): SysAction | undefined {
  const steps = model.steps(w);
  return steps.length === 0 ? undefined : steps[Math.floor(r * steps.length)];
}

describe('pickStep picks what the list of steps would', () => {
  for (const [file, set] of CASES) {
    it(`${file} ${set.join(' ')}`, async () => {
      const spec = loadSpec(file, set);
      const model = (await buildModel({ ...spec, properties: [] })).model as SystemModel;
      model.sampling(true);
      let compared = 0;
      try {
        for (let run = 0; run < 40; run++) {
          const rnd = random32(1000 + run);
          let w = model.initialStates()[0];
          for (let depth = 0; depth < 200; depth++) {
            const count = model.steps(w).length;
            // every step in turn, at both ends of its share of [0, 1)
            for (let k = 0; k < count; k++) {
              for (const r of [k / count, (k + 0.999) / count]) {
                const a = model.pickStep(w, () => r);
                expect(a).toEqual(listed(model, w, r));
                compared++;
              }
            }
            const a = model.pickStep(w, rnd);
            if (!a) {
              expect(count).toBe(0);
              break;
            }
            const next = model.sample(w, a, rnd);
            if (next === null) break;
            w = next;
          }
        }
      } finally {
        model.sampling(false);
      }
      expect(compared).toBeGreaterThan(100);
    });
  }
});
