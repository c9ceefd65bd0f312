/**
 * A world's fingerprint is summed from its parent's (world-hash.ts): what a step replaced is
 * taken out, what it made put in. This holds that sum, on every system-model spec of the
 * catalogue, to the one made from scratch for a copy of the same world, and holds worlds equal
 * in content but made apart to one fingerprint.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemSpecFiles } from './helpers.ts';
import { fp } from '../../src/core/fingerprint.ts';
import type { Model } from '../../src/core/model.ts';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import type { World } from '../../src/system/world.ts';

const root = join(import.meta.dirname, '..', '..');
/** Worlds visited per spec, breadth-first. */
const WORLDS = 300;

const systemSpecs = systemSpecFiles(root);

function hex(model: Model<World, unknown>, w: World): string {
  model.hash!(w);
  return fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
}

/** The same fields in a new object: no record of its own, so it is hashed from scratch. */
const copy = (w: World): World => ({ ...w });

describe('a world summed from its parent has the fingerprint of the same world summed from scratch', () => {
  it('covers the system-model specs of the catalogue', () => {
    expect(systemSpecs.length).toBeGreaterThanOrEqual(130);
  });

  for (const file of systemSpecs) {
    it(relative(root, file), async () => {
      const { model } = (await buildModel(loadSpec(file))) as unknown as { model: Model<World, unknown> };
      const queue: World[] = [...model.initialStates()];
      let checked = 0;
      for (let head = 0; head < queue.length && checked < WORLDS; head++) {
        const w = queue[head];
        for (const a of model.actions(w)) {
          let next: World | null;
          try {
            next = model.next(w, a);
          } catch {
            continue; // a step that is a finding (a handler that throws) makes no world
          }
          if (!next) continue;
          const summed = hex(model, next);
          expect(hex(model, copy(next)), `after ${model.label(a)}`).toBe(summed);
          checked++;
          queue.push(next);
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('a network is a bag of messages by their rank on their channel', async () => {
    const { model } = (await buildModel(loadSpec(join(root, 'specs/paxos/paxos.yaml')))) as unknown as { model: Model<World, unknown> };
    let w = model.initialStates()[0];
    for (let d = 0; d < 3; d++) w = model.next(w, model.actions(w)[0])!;
    expect(w.net.length).toBeGreaterThan(2);
    // the same messages in a network built anew: equal content, every element a new object
    const rebuilt = copy({ ...w, net: w.net.map((e) => Object.freeze({ ...e, msg: structuredClone(e.msg) })) });
    expect(hex(model, rebuilt)).toBe(hex(model, w));
    // the order on one channel is kept (FIFO): two messages on one channel swapped are another state
    const a = w.net[0];
    const b = w.net.find((e) => JSON.stringify(e.msg) !== JSON.stringify(a.msg))!;
    expect(b).toBeDefined();
    const b2 = Object.freeze({ ...b, from: a.from, to: a.to });
    expect(JSON.stringify(a.msg)).not.toBe(JSON.stringify(b.msg));
    expect(hex(model, copy({ ...w, net: [a, b2] }))).not.toBe(hex(model, copy({ ...w, net: [b2, a] })));
  });
});
