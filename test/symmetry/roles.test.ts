/**
 * Symmetry of protocol roles declared in a spec: the same verdicts with and without it, fewer
 * states with it, broken variants still caught, and a clear error when it cannot apply.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec, type SpecOutcome } from '../../src/spec/run.ts';
import { renameWorld } from '../../src/system/symmetry.ts';
import { PidRenamer } from '../../src/system/pid-rename.ts';
import { unordered } from '../../src/system/network/unordered.ts';
import type { World } from '../../src/system/world.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

async function withAndWithout(file: string, overrides: string[] = [], por?: boolean): Promise<[SpecOutcome, SpecOutcome]> {
  const reduced = await runSpec(fixture(file), { overrides, settings: { por } });
  const full = await runSpec(fixture(file), { overrides, settings: { por, symmetry: false } });
  return [reduced, full];
}

function expectSameVerdict(reduced: SpecOutcome, full: SpecOutcome): void {
  expect(reduced.result.verdict).toBe(full.result.verdict);
  expect(reduced.result.violation?.property).toBe(full.result.violation?.property);
  expect(reduced.trace?.steps.length).toBe(full.trace?.steps.length);
}

describe('symmetry: [role] in a spec', () => {
  it('Paxos with interchangeable acceptors: ok, with fewer states (and sleep sets with them)', async () => {
    const [reduced, full] = await withAndWithout('paxos-2-acceptors.yaml', [], true);
    expectSameVerdict(reduced, full);
    expect(reduced.result.verdict).toBe('ok');
    expect(reduced.symmetry).toEqual([{ role: 'acceptor', pids: [2, 3] }]);
    expect(full.symmetry).toBeUndefined();
    expect(full.result.stats.distinct).toBe(516);
    // (516 + the 44 states the swap of the two acceptors leaves as they are) / 2
    expect(reduced.result.stats.distinct).toBe(280);
    // the classes' sizes add up to the unreduced count: the canonical form is exact
    expect(reduced.result.stats.represented).toBe(516);
    expect(reduced.result.stats.por?.applied).toBe(true);
  });

  it.each(['ignorePromisedValues', 'acceptBelowPromise'])('Paxos broken by %s still breaks agreement under symmetry, with a trace as short', async (flag) => {
    const [reduced, full] = await withAndWithout('paxos-2-acceptors.yaml', [`${flag}=true`]);
    expectSameVerdict(reduced, full);
    expect(reduced.result.violation?.property).toBe('consensus-agreement');
    expect(reduced.result.stats.distinct).toBeLessThan(full.result.stats.distinct);
  });

  it('sleep sets and symmetry together: the same verdicts, and states up to renaming either way', async () => {
    const por = await runSpec(fixture('paxos-2-acceptors.yaml'), { settings: { por: true } });
    const plain = await runSpec(fixture('paxos-2-acceptors.yaml'), { settings: { por: false } });
    expectSameVerdict(por, plain);
    expect(por.result.stats.por?.applied).toBe(true);
    // the proposers' lists of acceptor pids are declared sets (pidSets), sorted again after a
    // renaming: the canonical form is exact, so the count does not depend on the exploration order
    expect(por.result.stats.distinct).toBe(280);
    expect(plain.result.stats.distinct).toBe(280);
  });

  it('eager reliable broadcast over fair-loss links, the receivers interchangeable: ok, with fewer states (fair cycles on the full graph)', async () => {
    const [reduced, full] = await withAndWithout('eager-rb-stubborn.yaml');
    expectSameVerdict(reduced, full);
    expect(reduced.result.verdict).toBe('ok');
    expect(reduced.symmetry).toEqual([{ role: 'process', pids: [1, 2] }]);
    expect(full.result.stats.distinct).toBe(1297);
    expect(reduced.result.stats.represented).toBe(1297);
    expect(reduced.result.stats.distinct).toBe(685);
  });

  it('eager broadcast without retransmission still fails validity under symmetry', async () => {
    const [reduced, full] = await withAndWithout('eager-rb-stubborn.yaml', ['retransmit=false']);
    expectSameVerdict(reduced, full);
    expect(reduced.result.violation?.property).toBe('validity(recipients: "all")');
  });

  it('uniform reliable broadcast, whose processes hold lists of each other: one state per class, and the fair-cycle pass on the quotient the search kept', async () => {
    const [reduced, full] = await withAndWithout('urb-pids.yaml');
    expectSameVerdict(reduced, full);
    expect(reduced.result.verdict).toBe('ok');
    expect(full.result.stats.distinct).toBe(1100);
    // keys that named the other processes as they were sorted renamings of one world apart
    // (1,208 "represented" and 615 kept, before a process's key saw its peers only as peers)
    expect(reduced.result.stats.represented).toBe(1100);
    expect(reduced.result.stats.distinct).toBe(569);
  });

  it('uniform reliable broadcast delivering early breaks uniform agreement under symmetry, with a lasso as short', async () => {
    const [reduced, full] = await withAndWithout('urb-pids.yaml', ['deliverEarly=true']);
    expectSameVerdict(reduced, full);
    expect(reduced.result.violation?.property).toBe('agreement(uniform: true)');
    expect(reduced.result.violation?.kind).toBe('liveness');
    expect(reduced.result.stats.distinct).toBeLessThan(full.result.stats.distinct);
  });

  it('refuses a protocol that does not say where its pids are', async () => {
    await expect(runSpec(fixture('eager-rb-string-keys.yaml'))).rejects.toThrow(/does not say where process ids appear.*pids: \[/);
  });

  it('refuses roles without two interchangeable processes, and unknown roles', async () => {
    await expect(runSpec(fixture('paxos-proposers-differ.yaml'))).rejects.toThrow(/no two processes of role 'proposer' are interchangeable/);
    await expect(runSpec(fixture('paxos-proposers-differ.yaml'), { overrides: ['symmetry.0=learner'] })).rejects.toThrow(/there is no role 'learner'/);
  });

  it('renames pids everywhere: slots, envelopes, detected sets and declared fields', () => {
    const w: World = {
      procs: [{ acks: [1, 2], from: 2, other: 1 }, null, { acks: [] }],
      down: [false, true, false],
      net: [
        { from: 0, to: 1, msg: { type: 'M', src: 1 } },
        { from: 2, to: 0, msg: { type: 'N', src: 2 } },
      ],
      timers: [['t'], [], []],
      history: [[{ k: 'indication', v: { type: 'deliver', src: 2 } }], [{ k: 'crash' }], []],
      issued: [1, 0, 0],
      crashes: 1,
      stored: [null, null, null],
      partition: -1,
      partitionsUsed: 0,
      detected: [[1], [], [1]],
    };
    const swapped = renameWorld(w, [0, 2, 1], new PidRenamer(new Set(['acks', 'from', 'src'])), unordered);
    expect(swapped.procs).toEqual([{ acks: [2, 1], from: 1, other: 1 }, { acks: [] }, null]);
    expect(swapped.down).toEqual([false, false, true]);
    expect(swapped.net).toEqual([
      { from: 0, to: 2, msg: { type: 'M', src: 2 } },
      { from: 1, to: 0, msg: { type: 'N', src: 1 } },
    ]);
    expect(swapped.history).toEqual([[{ k: 'indication', v: { type: 'deliver', src: 1 } }], [], [{ k: 'crash' }]]);
    expect(swapped.detected).toEqual([[2], [2], []]);
  });
});
