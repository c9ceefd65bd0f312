// The consensus family of the catalogue: flooding uniform consensus, total-order broadcast
// from consensus, a replicated state machine on it, and group membership. Each spec gives
// its verdict and names the property; the broken variants' traces tell their story.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSpec, type SpecOutcome } from '../../src/spec/run.ts';
import { advance, propose, receive, startInstance, type Rules } from '../../specs/consensus/flooding.ts';

const specs = join(import.meta.dirname, '..', '..', 'specs');

async function run(file: string): Promise<SpecOutcome> {
  const o = await runSpec(join(specs, file));
  expect(o.expectation?.differences, file).toEqual([]);
  return o;
}

const actions = (o: SpecOutcome) => o.trace!.steps.slice(1).map((s) => s.action);

describe('the flooding core', () => {
  const rules: Rules<string> = { rounds: 2, order: (a, b) => (a < b ? -1 : a > b ? 1 : 0), waitForDetector: true };

  it('keeps a later round for later, ignores an earlier one, and decides the least value after the last round', () => {
    const inst = startInstance<string>();
    propose(inst, 'y', 1, rules);
    receive(inst, { r: 2, values: ['x'] }, 0, rules);
    expect(inst.values).toEqual(['y']);
    expect(inst.later).toEqual([{ r: 2, heard: [0], values: ['x'] }]);
    receive(inst, { r: 1, values: ['z'] }, 2, rules);
    // p0 is neither heard in round 1 nor detected: no progress
    expect(advance(inst, 1, [0, 1, 2], [], rules)).toEqual({ floods: [], decided: false });
    // p0 detected: round 1 completes, round 2 starts with p0's early message; p2 is still awaited
    const r = advance(inst, 1, [0, 1, 2], [0], rules);
    expect(r).toEqual({ floods: [{ r: 2, values: ['y', 'z'] }], decided: false });
    expect(inst).toMatchObject({ round: 2, heard: [0, 1], values: ['x', 'y', 'z'], later: [] });
    receive(inst, { r: 1, values: ['w'] }, 0, rules);
    expect(inst.values).not.toContain('w');
    receive(inst, { r: 2, values: ['y', 'z'] }, 2, rules);
    expect(advance(inst, 1, [0, 1, 2], [0], rules)).toEqual({ floods: [], decided: true });
    expect(inst.decision).toBe('x');
  });

  it('with waitForDetector: false, stops waiting after all processes but one', () => {
    const inst = startInstance<string>();
    propose(inst, 'y', 1, { ...rules, waitForDetector: false });
    receive(inst, { r: 1, values: ['z'] }, 2, rules);
    expect(advance(inst, 1, [0, 1, 2], [], { ...rules, waitForDetector: false }).floods).toEqual([{ r: 2, values: ['y', 'z'] }]);
  });
});

describe('flooding uniform consensus', () => {
  it('holds against one crash with N rounds, termination included', async () => {
    const o = await run('consensus/flooding-uniform-consensus.yaml');
    expect(o.result.verdict).toBe('ok');
    expect(o.liveness).toEqual(['termination']);
    expect(o.fairCycles).toBeDefined();
  });

  it('N rounds against N - 1 crashes: P reports p1 crashed while its last flood is still on the way', async () => {
    const o = await run('consensus/flooding-uniform-consensus-two-crashes.yaml');
    expect(o.result.violation!.property).toBe('consensus-agreement(uniform: true)');
    expect(o.result.violation!.message).toBe('p1 decided "x" but p2 decided "y"');
    const a = actions(o);
    expect(a.length).toBe(16);
    // p1 and p2 detect p0 before its round-1 message arrives, and p1 still gets its round-2 one
    expect(a).toContain('deliver PROPOSAL(r=2, values=[x,y]) p0→p1');
    expect(a.indexOf('detect p1 crash(p0)')).toBeGreaterThan(a.indexOf('deliver PROPOSAL(r=2, values=[x,y]) p0→p1'));
    expect(a).not.toContain('deliver PROPOSAL(r=1, values=[x]) p0→p1');
    expect(a.slice(-2)).toEqual(['crash p1', 'detect p2 crash(p1)']);
    const lastNet = o.trace!.steps.findLast((s) => 'network' in s.changes)!.changes.network as string[];
    expect(lastNet.some((m) => m.startsWith('PROPOSAL(r=3') && m.endsWith('p1→p2'))).toBe(true);
  });

  it('f + 1 rounds break even regular agreement; a process that does not wait for P breaks it without any crash', async () => {
    const few = await run('consensus/flooding-uniform-consensus-f-plus-1-rounds.yaml');
    expect(few.result.violation!.property).toBe('consensus-agreement(uniform: true)');
    const [crashed] = actions(few).filter((x) => x.startsWith('crash')).map((x) => x.slice(6));
    expect(crashed).toBe('p0');
    expect(few.result.violation!.message).toMatch(/^p1 decided "x" but p2 decided "y"$/);
    const noWait = await run('consensus/flooding-uniform-consensus-no-wait.yaml');
    expect(noWait.result.violation!.property).toBe('consensus-agreement(uniform: true)');
    expect(actions(noWait).some((x) => x.startsWith('crash') || x.startsWith('detect'))).toBe(false);
  });
});

describe('flooding consensus (regular)', () => {
  it('holds for the correct processes, termination included', async () => {
    const o = await run('consensus/flooding-consensus.yaml');
    expect(o.result.verdict).toBe('ok');
    expect(o.properties).toContain('consensus-agreement(uniform: false)');
  });

  it('is not uniform: p0 decides early and crashes, the correct processes decide without its value', async () => {
    const o = await run('consensus/flooding-consensus-not-uniform.yaml');
    expect(o.result.violation!.property).toBe('consensus-agreement(uniform: true)');
    expect(o.result.violation!.message).toBe('p0 decided "x" but p2 decided "y"');
    const steps = o.trace!.steps;
    const decided = steps.findIndex((s) => s.process === 0 && (s.indications ?? []).length > 0);
    expect(decided).toBeGreaterThan(0);
    expect(steps.findIndex((s) => s.action === 'crash p0')).toBeGreaterThan(decided);
  });
});

describe('total-order broadcast and the replicated state machine', () => {
  it('consensus-based total-order broadcast holds', async () => {
    const o = await run('total-order/consensus-tob.yaml');
    expect(o.result.verdict).toBe('ok');
    expect(o.properties).toContain('total-order');
  });

  it('delivering in arrival order breaks total order', async () => {
    const o = await run('total-order/tob-arrival-order.yaml');
    expect(o.result.violation!.property).toBe('total-order');
    expect(o.result.violation!.message).toBe('p0 and p1 delivered "a" from p0 and "b" from p1 in different orders');
  });

  it('replicas on total-order broadcast give the same outputs; applying in arrival order makes them diverge', async () => {
    const ok = await run('total-order/replicated-state-machine.yaml');
    expect(ok.result.verdict).toBe('ok');
    expect(ok.properties).toContain('same-outputs');
    const broken = await run('total-order/replicated-state-machine-arrival-order.yaml');
    expect(broken.result.violation!.property).toBe('same-outputs');
    expect(broken.result.violation!.message).toBe('p0 output 5 but p1 output 1: output 1 differs');
  });
});

describe('group membership', () => {
  it('consensus-based membership holds against two crashes, completeness included', async () => {
    const o = await run('membership/group-membership.yaml');
    expect(o.result.verdict).toBe('ok');
    expect(o.liveness).toEqual(['view-completeness']);
  });

  it('installing views without consensus breaks agreement when two crashes are detected in different orders', async () => {
    const o = await run('membership/group-membership-no-consensus.yaml');
    expect(o.result.violation!.property).toBe('view-agreement');
    expect(actions(o)).toEqual(['crash p0', 'detect p1 crash(p0)', 'crash p1', 'detect p2 crash(p1)']);
    expect(o.result.violation!.message).toBe('p1 installed (1, {p1, p2}) but p2 installed (1, {p0, p2})');
  });
});
