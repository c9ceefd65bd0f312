/**
 * Liveness under symmetry (src/core/symmetry-liveness.ts): the fair-cycle check on the quotient
 * with its components lifted back to real states gives the verdict of the check without the
 * reduction, where judging fairness on the quotient itself does not; and on the catalogue's
 * liveness specs that can take a symmetry, the same verdicts and lassos with and without it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/core/liveness.ts';
import { checkLivenessUpToSymmetry } from '../../src/core/symmetry-liveness.ts';
import type { Model } from '../../src/core/model.ts';
import { rebuildPath } from '../../src/core/path.ts';
import { runSpec, type SpecOutcome } from '../../src/spec/run.ts';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { replayOnModel } from '../../src/trace/replay.ts';

const root = join(import.meta.dirname, '..', '..');

/**
 * Two processes pass a turn back and forth (`ping`); the one whose turn it is may also stop
 * (`exit`), which settles the property. Renaming the processes maps turn 1 to turn 0. The run
 * that pings forever is fair: each exit is enabled only every other state, never continuously.
 * On the quotient the two turns are one state in which "exit p0" is enabled and never taken on
 * its loop, so the quotient alone calls the loop unfair.
 */
type Turn = { turn: 0 | 1; done: boolean };
type Act = { kind: 'ping' | 'exit'; p: 0 | 1 };
const turns: Model<Turn, Act> = {
  name: 'Turns',
  initialStates: () => [{ turn: 0, done: false }],
  actions: (s) => (s.done ? [] : [{ kind: 'ping', p: (1 - s.turn) as 0 | 1 }, { kind: 'exit', p: s.turn }]),
  next: (s, a) => (a.kind === 'ping' ? { turn: a.p, done: false } : { turn: s.turn, done: true }),
  label: (a) => `${a.kind} p${a.p}`,
  fairness: () => 'weak',
  invariants: [],
  liveness: [{ name: 'stops', settled: (s) => (s.done ? null : 'nobody has stopped') }],
};
const turnsUpToRenaming: Model<Turn, Act> = { ...turns, canonical: (s) => ({ turn: 0, done: s.done }) };

describe('fair cycles up to symmetry', () => {
  it('finds the fair loop that the quotient alone misses, as a lasso of the model itself', () => {
    expect(checkLiveness(turns).verdict).toBe('violation');
    // the unsound shortcut: fairness read on the quotient's labels
    expect(checkLiveness(turnsUpToRenaming).verdict).toBe('ok');
    const r = checkLivenessUpToSymmetry(turnsUpToRenaming);
    expect(r.verdict).toBe('violation');
    expect(r.stats.states).toBe(2);
    expect(r.stats.unfolded).toBe(2);
    const v = r.violation!;
    expect(v.quiescent).toBeUndefined();
    const { states, actions } = rebuildPath(turns, v.path);
    // the loop closes on the state itself, not on a renaming of it, and takes both pings
    expect(states.at(-1)).toEqual(states[v.loopStart!]);
    expect(actions.slice(v.loopStart).map(turns.label).sort()).toEqual(['ping p0', 'ping p1']);
  });

  it('a canonical form that differs between renamings is noticed when a lift meets a form the quotient never met, and the check runs without it', () => {
    // the stopped states keep their turn in the form: "stopped at turn 1" is never met from turn 0
    const inexact: Model<Turn, Act> = { ...turns, canonical: (s) => (s.done ? s : { turn: 0, done: false }) };
    const r = checkLivenessUpToSymmetry(inexact);
    expect(r.stats.inexact).toBe(true);
    expect(r.verdict).toBe('violation');
    expect(r.stats.states).toBe(4);
  });

  it('a state whose only fair step leads to a renamed copy of it is not one a run stays in', () => {
    const pingOnly: Model<Turn, Act> = { ...turnsUpToRenaming, actions: (s) => [{ kind: 'ping', p: (1 - s.turn) as 0 | 1 }] };
    const r = checkLivenessUpToSymmetry(pingOnly);
    expect(r.verdict).toBe('violation');
    expect(r.violation!.quiescent).toBeUndefined();
    expect(r.stats.quiescent).toBe(0);
  });
});

/** A catalogue spec with and without `symmetry: [role]` (a wrapper of its protocol declares where the pids are, when it does not). */
async function both(spec: string, role: string, wrapper?: string, extra: string[] = []): Promise<[SpecOutcome, SpecOutcome]> {
  const protocol = [...(wrapper ? [`protocol=${join(root, 'test/liveness/fixtures', wrapper)}`] : []), ...extra];
  const reduced = await runSpec(join(root, spec), { overrides: [...protocol, `symmetry=[${role}]`] });
  const full = await runSpec(join(root, spec), { overrides: protocol, settings: { symmetry: false } });
  expect(reduced.symmetry?.length, spec).toBe(1);
  expect(full.symmetry).toBeUndefined();
  expect(reduced.result.verdict, spec).toBe(full.result.verdict);
  expect(reduced.result.violation?.property, spec).toBe(full.result.violation?.property);
  expect(reduced.result.violation?.kind, spec).toBe(full.result.violation?.kind);
  expect(reduced.result.violation?.quiescent, spec).toBe(full.result.violation?.quiescent);
  return [reduced, full];
}

/** A lasso's loop ends on the very state it goes back to. */
function expectClosedLoop(o: SpecOutcome): void {
  const t = o.trace!;
  expect(t.loopStart).toBeDefined();
  expect(t.steps[t.steps.length - 1].fingerprint).toBe(t.steps[t.loopStart!].fingerprint);
}

/** The lasso found up to renaming replays, loop and all, on the model the spec builds with the same settings. */
async function expectReplays(o: SpecOutcome, spec: string, overrides: string[]): Promise<void> {
  const built = await buildModel(loadSpec(join(root, spec), overrides));
  const r = replayOnModel(built.model, o.trace!, { loops: 2 });
  expect(r.mismatch).toBeUndefined();
  expect(r.reproduced).toBe(true);
}

describe('the catalogue liveness specs under symmetry: the same verdicts and lassos', () => {
  it('dueling Paxos (acceptors interchangeable): the duel is found as a lasso either way', async () => {
    const [reduced, full] = await both('specs/paxos/paxos-dueling.yaml', 'acceptor', 'paxos-dueling-pids.ts');
    expect(full.result.violation?.kind).toBe('liveness');
    expectClosedLoop(reduced);
    expectClosedLoop(full);
    await expectReplays(reduced, 'specs/paxos/paxos-dueling.yaml', [`protocol=${join(root, 'test/liveness/fixtures/paxos-dueling-pids.ts')}`, 'symmetry=[acceptor]']);
    expect(reduced.trace!.steps.length).toBe(full.trace!.steps.length);
    expect(reduced.trace!.loopStart).toBe(full.trace!.loopStart);
    // the search up to renaming, then the quotient plus the lifted components, against 9,949 states
    expect(full.result.stats.distinct).toBe(9949);
    expect(reduced.result.stats.distinct).toBeLessThan(full.result.stats.distinct);
  });

  it('greedy lockers (resources interchangeable): the livelock is a lasso either way; ordered lockers hold either way', async () => {
    const [reduced, full] = await both('specs/liveness/lockers-greedy.yaml', 'resource', 'lockers-pids.ts');
    expect(full.result.violation?.quiescent).toBeUndefined();
    expectClosedLoop(reduced);
    expectClosedLoop(full);
    await expectReplays(reduced, 'specs/liveness/lockers-greedy.yaml', [`protocol=${join(root, 'test/liveness/fixtures/lockers-pids.ts')}`, 'symmetry=[resource]']);
    expect(reduced.trace!.steps.length).toBe(full.trace!.steps.length);
    // some of the quotient's components step to renamed copies: they were lifted to be judged
    expect(reduced.fairCycles!.unfolded).toBeGreaterThan(0);
    const [ordered] = await both('specs/liveness/lockers-ordered.yaml', 'resource', 'lockers-pids.ts');
    expect(ordered.result.verdict).toBe('ok');
  });

  it('stubborn eager broadcast holds, and fails at a quiescent state without retransmission, either way', async () => {
    const [ok] = await both('test/symmetry/fixtures/eager-rb-stubborn.yaml', 'process');
    expect(ok.result.verdict).toBe('ok');
    const [broken] = await both('test/symmetry/fixtures/eager-rb-stubborn.yaml', 'process', undefined, ['retransmit=false']);
    expect(broken.result.violation?.quiescent).toBe(true);
  });

  it('the central lock and Chord joins: the same verdicts either way', async () => {
    const [lock] = await both('specs/mutex/central-lock.yaml', 'client');
    expect(lock.result.verdict).toBe('ok');
    const [chord] = await both('specs/chord/chord-join-no-stabilization.yaml', 'process');
    expect(chord.result.violation?.quiescent).toBe(true);
  });
});
