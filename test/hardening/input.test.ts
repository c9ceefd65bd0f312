/**
 * Bad input at file:line:col (issue 15): faults and partitions that name no existing process,
 * partitions that are not partitions; flags out of range are usage errors; seconds may be
 * fractional.
 */
import { describe, expect, it } from 'vitest';
import { BEB, run, spec, STACK, tmp } from './helpers.ts';

const dir = tmp('input');
const BEB_TS = `${process.cwd()}/specs/broadcast/beb.ts`;
const withLine = (name: string, line: string) => spec(dir, name, `protocol: ${BEB_TS}\nprocesses: 3\n${line}\nproperties: [no-creation]\n`);

describe('references to processes', () => {
  it('faults.processes: [9] with 3 processes', async () => {
    const f = withLine('faults', 'faults: { model: crash-stop, max: 1, processes: [9] }');
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`protocheck: ${f}:3:50: faults.processes names process 9, which does not exist (processes are 0..2)\n`);
  });

  it('partitions naming a process that does not exist, overlapping groups, empty groups', async () => {
    const cases: [string, string][] = [
      ['network: { preset: reliable, partitions: [[[0, 9], [1]]] }', ':3:48: network.partitions[0][0] names process 9, which does not exist (processes are 0..2)'],
      ['network: { preset: reliable, partitions: [[[0], [0]]] }', ':3:50: network.partitions[0][1] names process 0, which is already in group 0 of the same partition: groups must be disjoint'],
      ['network: { preset: reliable, partitions: [[[0], []]] }', ':3:49: network.partitions[0][1] is an empty group'],
      ['network: { preset: reliable, partitions: [[]] }', ':3:43: network.partitions[0] has no groups'],
    ];
    for (const [i, [line, message]] of cases.entries()) {
      const f = withLine(`partition-${i}`, line);
      const r = await run('check', f);
      expect(r.code, line).toBe(2);
      expect(r.err, line).toContain(`${f}${message}`);
    }
  });

  it('a workload item for a process that does not exist', async () => {
    const f = withLine('workload', 'workload:\n  - { process: 3, request: { type: broadcast, m: a } }');
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:4:16: workload[0] is for process 3, which does not exist (processes are 0..2)`);
  });
});

describe('flags', () => {
  it('--time-limit takes fractional seconds, in check, simulate and the spec', async () => {
    expect((await run('check', BEB, '--time-limit', '2.5')).code).toBe(0);
    expect((await run('simulate', BEB, '--runs', '10', '--time-limit', '0.5')).code).toBe(0);
    const f = spec(dir, 'fractional', `protocol: ${BEB_TS}\nprocesses: 2\ncheck: { timeLimit: 2.5 }\n`);
    expect((await run('check', f)).code).toBe(0);
  });

  const bad: [string[], string][] = [
    [['--workers', '0'], '--workers takes a whole number from 1 to 256'],
    [['--workers', '300'], '--workers takes a whole number from 1 to 256'],
    [['--workers', '1.5'], '--workers takes a whole number from 1 to 256'],
    [['--time-limit', '0'], '--time-limit takes a number of seconds above 0'],
    [['--time-limit', '-1'], '--time-limit takes a number of seconds above 0'],
    [['--time-limit', 'soon'], '--time-limit takes a number of seconds above 0'],
    [['--max-memory', '0'], '--max-memory takes a whole number of at least 16'],
    [['--max-states', '0'], '--max-states takes a whole number of at least 1'],
    [['--max-depth', '-1'], '--max-depth takes a whole number'],
    [['--runs', '0'], '--runs takes a whole number from 1'],
  ];
  it('out-of-range counts are usage errors (exit 2), one line each', async () => {
    for (const [flags, message] of bad) {
      const r = await run('check', BEB, ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err, flags.join(' ')).toContain(message);
      expect(r.err).not.toMatch(STACK);
    }
    const spin = spec(dir, 'zero-limit', `protocol: ${BEB_TS}\ncheck: { timeLimit: 0 }\n`);
    expect((await run('check', spin)).err).toContain(`${spin}:2:21: must be more than 0 at check.timeLimit`);
  });
});
