/** Ctrl-C during a catalogue run (issue 15): what finished is reported, with the figures of the spec under way, marked interrupted; exit 130. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEB, hostile, REPO, spec, startCli, STACK, tmp } from './helpers.ts';

const dir = tmp('sigint');

describe('SIGINT', () => {
  it('prints what finished and the running spec as interrupted, and exits 130', async () => {
    const first = spec(dir, 'first', readFileSync(join(REPO, 'specs/broadcast/eager-rb-no-relay.yaml'), 'utf8').replace('./eager-rb.ts', join(REPO, 'specs/broadcast/eager-rb.ts')));
    const stuck = hostile(dir, 'spin');
    const traces = join(dir, 'traces');
    // one at a time (--jobs 1), so that the third has not started when the second is interrupted
    const { child, done } = startCli(['check', first, stuck, BEB, '--trace-dir', traces, '--jobs', '1']);
    // the first spec has finished once its trace is written: then the second one is running
    const written = join(traces, 'eager-rb-no-relay.agreement.trace.yaml');
    for (let i = 0; i < 600 && !existsSync(written); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(written)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.out).toMatch(/✓ +eager-rb-no-relay +violation \(agreement\) → violation\b/);
    expect(r.out).toMatch(/\n✗ +spin +interrupted +0 /);
    expect(r.out).toMatch(/interrupted after \d+\.\d s while p0 \(role process\) was handling request spin, which had not returned/);
    expect(r.out).toMatch(/interrupted: 1 spec not run\n$/);
    expect(r.err + r.out).not.toMatch(STACK);
  });
});
