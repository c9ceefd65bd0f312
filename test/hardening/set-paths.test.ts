/** `--set`: any path of a spec, through the schema; a mistake is one line that names the --set (issue 15). */
import { describe, expect, it } from 'vitest';
import { BEB, run, STACK } from './helpers.ts';

const ITF = 'test/hardening/fixtures/beb.itf.json';

describe('--set', () => {
  const bad: [string, RegExp][] = [
    ['network.preset=lossy', /\(--set network\.preset=lossy\): network is "reliable", not a mapping \(specs\/broadcast\/beb\.yaml:7:10\), so network\.preset cannot be set/],
    ['a.b.c=1', /\(--set a\.b\.c=1\): unknown key 'a' \(known: name, /],
    ['name.x=2', /\(--set name\.x=2\): name is "beb", not a mapping/],
    ['workload.x=2', /\(--set workload\.x=2\): workload is a list of 2 items \(specs\/broadcast\/beb\.yaml:9:3\): x is not one of its indices \(0\.\.1\)/],
    ['processes=abc', /\(--set processes=abc\): expected an integer at processes, got "abc"/],
    ['params.x=[1', /\(--set params\.x=\[1\): the value is not valid YAML/],
    ['=1', /\(--set =1\): expected name=value/],
  ];
  for (const command of [['check'], ['simulate', '--runs', '5'], ['itf', 'import', ITF, '--spec']]) {
    it(`a path it cannot set is exit 2, one line naming the --set, in ${command[0]}${command[1] === 'import' ? ' import' : ''}`, async () => {
      for (const [set, message] of bad) {
        const r = await run(...command, BEB, '--set', set);
        expect(r.code, set).toBe(2);
        expect(r.err, set).toMatch(message);
        expect(r.err.trim().split('\n'), set).toHaveLength(1);
        expect(r.err + r.out, set).not.toMatch(STACK);
      }
    });
  }

  it("a bare name that is one of the spec's own keys sets it (processes, network)", async () => {
    const base = JSON.parse((await run('check', BEB, '--json')).out).specs[0];
    const two = await run('check', BEB, '--json', '--no-expect', '--set', 'processes=2');
    expect(two.code).toBe(0);
    expect(JSON.parse(two.out).specs[0].stats.distinct).toBeLessThan(base.stats.distinct);
    // FIFO broadcast without a reorder buffer breaks FIFO order only where channels reorder
    const NO_BUFFER = 'specs/broadcast/fifo-no-buffer.yaml';
    expect((await run('check', NO_BUFFER, '--no-expect')).code).toBe(1);
    const fifo = await run('check', NO_BUFFER, '--no-expect', '--set', 'network=fifo');
    expect(fifo.out).toContain('✓ ok');
    expect(fifo.code).toBe(0);
  });

  it('a dotted path creates the mappings on its way (faults.max with no faults: yet) and enters lists by index', async () => {
    const r = await run('check', BEB, '--json', '--no-expect', '--set', 'faults.model=crash-stop', '--set', 'faults.max=1', '--set', 'workload.1.process=0');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).specs[0].verdict).toBe('ok');
  });
});
