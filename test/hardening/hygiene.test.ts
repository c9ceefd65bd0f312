/**
 * Reducer hygiene from the command line (issue 15): what makes a protocol uncheckable is bad
 * input (exit 2, one short line), found at load time where it can be; a handler that throws
 * is a finding (exit 1) that names the line of the user's code.
 */
import { describe, expect, it } from 'vitest';
import { hostile, run, STACK, tmp } from './helpers.ts';

const dir = tmp('hygiene');

describe('hygiene is bad input, in one line', () => {
  const cases: [string, RegExp][] = [
    ['fn', /p0 \(role process\) handling request fn produced a state or effect that cannot be serialised: a function at state\.f/],
    ['cycle', /cannot be serialised: a cycle: state\.c\.self refers back to state\.c /],
    ['random', /p0 \(role process\) handling request random is not deterministic/],
    ['send', /p0 \(role process\) handling message DATA\(m=x\) from p0 mutated state outside the immer draft \(Cannot assign to read only property 'm'.*, at test\/hardening\/fixtures\/hostile\.ts:43:\d+\)/],
  ];
  for (const [request, message] of cases) {
    it(`a handler that ${request === 'send' ? 'mutates the message it received' : request === 'fn' ? 'stores a function' : request === 'cycle' ? 'stores a cycle' : 'uses Math.random'}: exit 2`, async () => {
      const f = hostile(dir, request);
      const r = await run('check', f, '--trace-dir', dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err.length).toBeLessThan(400);
      expect(r.out).toBe('');
      expect(r.err).not.toMatch(STACK);
    });
  }

  it('in a catalogue run, a bad-input spec is a row of its own and the run exits 2', async () => {
    const r = await run('check', hostile(dir, 'random'), 'specs/broadcast/beb.yaml', '--trace-dir', dir);
    expect(r.code).toBe(2);
    // its row (the path may wrap in the spec column), then its message in full after the rows
    expect(r.out).toMatch(/^✗ .*bad input +- +-$/m);
    expect(r.out).toMatch(/^\S*random\.yaml: .*not deterministic/m);
    expect(r.out).toMatch(/^✓ +beb +ok → ok/m);
    const j = JSON.parse((await run('check', hostile(dir, 'random'), '--json', '--trace-dir', dir)).out);
    expect(j.specs[0]).toMatchObject({ verdict: 'error', exitCode: 2 });
  });

  it('a request with no handler is found when the spec is loaded, at its workload line', async () => {
    const f = hostile(dir, 'nothing');
    const r = await run('check', f, '--trace-dir', dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`protocheck: ${f}:5:5: workload[0]: p0 (role process) has no handler for 'nothing' requests (its requests: spin, fn, cycle, random, send, boom, ok)\n`);
  });
});

describe('a handler that throws', () => {
  it('is a finding (exit 1) that names the line of the user code, and the trace counts the step that threw', async () => {
    const r = await run('check', hostile(dir, 'boom'), '--trace-dir', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/p0 \(role process\) handling request boom threw Error: boom \(at test\/hardening\/fixtures\/hostile\.ts:35:13\)/);
    expect(r.out).toContain('Trace of 1 step to the violation of handler-threw (step 1 threw):');
    expect(r.out).not.toContain('of 0 steps');
    expect(r.out).not.toMatch(STACK);
  });
});
