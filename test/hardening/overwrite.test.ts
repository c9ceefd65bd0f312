/** Nothing is overwritten without a word (issue 15): trace files of specs with one name, shrink -o, itf export/import -o. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, run, spec, tmp } from './helpers.ts';

const dir = tmp('overwrite');
const NO_RELAY = readFileSync(join(REPO, 'specs/broadcast/eager-rb-no-relay.yaml'), 'utf8').replace('protocol: ./eager-rb.ts', `protocol: ${join(REPO, 'specs/broadcast/eager-rb.ts')}`);
let trace = '';

beforeAll(async () => {
  // a fresh counterexample to shrink and export (the committed ones belong to the catalogue's tests)
  const r = await run('check', spec(dir, 'fresh', NO_RELAY), '--trace-dir', join(dir, 'fresh'));
  expect(r.code).toBe(0);
  trace = join(dir, 'fresh', 'eager-rb-no-relay.agreement.trace.yaml');
});

describe('never overwrite silently', () => {
  it('two specs with the same name in one run write two trace files', async () => {
    for (const d of ['a', 'b']) mkdirSync(join(dir, d), { recursive: true });
    const a = spec(join(dir, 'a'), 'twin', NO_RELAY.replace('name: eager-rb-no-relay', 'name: twin'));
    const b = spec(join(dir, 'b'), 'twin', NO_RELAY.replace('name: eager-rb-no-relay', 'name: twin'));
    const traces = join(dir, 'twins');
    const r = await run('check', a, b, '--trace-dir', traces, '--no-expect', '--json');
    expect(r.code).toBe(1);
    const paths = JSON.parse(r.out).specs.map((s: { violation: { trace: string } }) => s.violation.trace);
    expect(paths).toEqual([join(traces, 'twin.agreement.trace.yaml'), join(traces, 'twin.agreement.2.trace.yaml')]);
    expect(readFileSync(paths[0], 'utf8')).toMatch(/^spec: .*\/a\/twin\.yaml$/m);
    expect(readFileSync(paths[1], 'utf8')).toMatch(/^spec: .*\/b\/twin\.yaml$/m);
  });

  it('shrink -o an existing file refuses (exit 2) unless --force; so does its default output', async () => {
    const out = join(dir, 'kept.trace.yaml');
    writeFileSync(out, 'mine\n');
    const r = await run('shrink', trace, '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`protocheck: ${out} exists already: add --force to replace it, or write elsewhere with -o\n`);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await run('shrink', trace, '-o', out, '--force', '--quiet');
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('property: agreement');
    // the default output, beside the input: once written, a second shrink refuses too
    expect((await run('shrink', trace, '--quiet')).code).toBe(0);
    expect(existsSync(trace.replace('.trace.yaml', '.shrunk.trace.yaml'))).toBe(true);
    expect((await run('shrink', trace, '--quiet')).code).toBe(2);
  });

  it('itf export -o and itf import -o an existing file refuse (exit 2) unless --force', async () => {
    const itf = join(dir, 'out.itf.json');
    writeFileSync(itf, 'mine\n');
    expect((await run('itf', 'export', trace, '-o', itf)).code).toBe(2);
    expect(readFileSync(itf, 'utf8')).toBe('mine\n');
    expect((await run('itf', 'export', trace, '-o', itf, '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(itf, 'utf8')).states.length).toBeGreaterThan(1);
    const back = join(dir, 'back.trace.yaml');
    writeFileSync(back, 'mine\n');
    const spec = join(dir, 'fresh.yaml');
    expect((await run('itf', 'import', itf, '--spec', spec, '-o', back)).code).toBe(2);
    expect(readFileSync(back, 'utf8')).toBe('mine\n');
    expect((await run('itf', 'import', itf, '--spec', spec, '-o', back, '--force')).code).toBe(0);
  });
});
