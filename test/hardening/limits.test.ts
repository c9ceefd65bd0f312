/**
 * Every limit holds (issue 15): sizes beyond reason are bad input before anything is built; a
 * time limit ends any check, a handler that never returns, a model too large to build and the
 * liveness pass included, as inconclusive (exit 3) with the figures reached; no timing here
 * depends on the machine's speed beyond a generous bound (the limit + a few seconds).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEB, hostile, run, spawnCli, spec, STACK, tmp } from './helpers.ts';

const dir = tmp('limits');
const BEB_TS = `${process.cwd()}/specs/broadcast/beb.ts`;
const many = (n: number | string) => spec(dir, `p${n}`, `protocol: ${BEB_TS}\nprocesses: ${n}\nworkload:\n  - { process: 0, request: { type: broadcast, m: a } }\nproperties: [no-creation, validity]\n`);
const BOUND = 8; // seconds beyond the limit: the watchdog's grace, a thread's start-up, a loaded machine

describe('sizes', () => {
  it('processes: 1e9 is bad input at its line, with or without --max-memory and --time-limit', async () => {
    const f = many('1e9');
    for (const extra of [[], ['--max-memory', '300'], ['--time-limit', '5']]) {
      const r = await run('check', f, ...extra);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`protocheck: ${f}:2:12: must be at most 1000 at processes\n`);
    }
    const roles = spec(dir, 'roles', `protocol: ${BEB_TS}\nprocesses: { a: 600, b: 600 }\n`);
    expect((await run('check', roles)).err).toMatch(/roles\.yaml:2:12: 1200 processes: at most 1000 can be checked/);
  });

  it('processes: 300 and 1000 with --time-limit 2 end inconclusive within the bound', async () => {
    for (const n of [300, 1000]) {
      const r = await run('check', many(n), '--time-limit', '2');
      expect(r.code, `${n}`).toBe(3);
      expect(r.out).toMatch(/\? inconclusive: time limit reached after \d+\.\d s.*\(--time-limit 2\)/);
      expect(r.seconds).toBeLessThan(2 + BOUND);
    }
  });
});

describe('the watchdog', () => {
  it('a handler that never returns ends at the time limit, inconclusive, naming the handler', async () => {
    const r = await run('check', hostile(dir, 'spin'), '--time-limit', '1.5');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\? inconclusive: time limit reached after \d\.\d s while p0 \(role process\) was handling request spin, which had not returned \(--time-limit 1\.5\); the check was stopped/);
    expect(r.seconds).toBeLessThan(1.5 + BOUND);
    // the next check gets a fresh thread
    expect((await run('check', BEB)).code).toBe(0);
  });

  it('so does the time limit in the spec (check.timeLimit, fractional), from the command line as a user runs it', () => {
    const f = hostile(dir, 'spin', 'check: { timeLimit: 1.5 }\n');
    const r = spawnCli(['check', f, '--json']);
    expect(r.code).toBe(3);
    const s = JSON.parse(r.out).specs[0];
    expect(s).toMatchObject({ verdict: 'inconclusive', stopped: 'time', limit: { kind: 'time' } });
    expect(s.limit.message).toContain('request spin');
    expect(r.seconds).toBeLessThan(1.5 + BOUND);
  });

  it('random search (simulate) too', async () => {
    const r = await run('simulate', hostile(dir, 'spin'), '--time-limit', '1');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/time limit reached .* request spin/);
  });

  it('the liveness pass counts in the time limit (a property that never returns there), and in stats.timeMs', async () => {
    // the search keeps the fair-cycle graph, judging every new state as it goes
    const r = await run('check', 'test/hardening/fixtures/spin-liveness.yaml', '--time-limit', '1.5');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/time limit reached after \d\.\d s during the search \(--time-limit 1\.5\); the check was stopped/);
    expect(r.seconds).toBeLessThan(1.5 + BOUND);
    // with --spill the graph is built by a pass of its own, after the search
    const spilled = await run('check', 'test/hardening/fixtures/spin-liveness.yaml', '--time-limit', '1.5', '--spill', join(dir, 'spin-spill'));
    expect(spilled.code).toBe(3);
    expect(spilled.out).toMatch(/time limit reached after \d\.\d s during the liveness pass \(--time-limit 1\.5\); the check was stopped; no violation in the 2 states explored/);
    expect(spilled.seconds).toBeLessThan(1.5 + BOUND);
    const ok = JSON.parse((await run('check', BEB, '--json')).out).specs[0];
    expect(ok.fairCycles.timeMs).toBeGreaterThan(0);
    expect(ok.stats.timeMs).toBeGreaterThanOrEqual(ok.fairCycles.timeMs);
  });

  it('--max-memory stops what the search cannot (a single huge state), as a memory limit', async () => {
    const r = await run('check', many(1000), '--max-memory', '200');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/memory limit reached/);
    expect(r.out + r.err).not.toMatch(STACK);
  });

  it('a check whose process aborts (as V8 does on an allocation it cannot make) ends in one line, the CLI standing', async () => {
    const r = await run('check', hostile(dir, 'ok'), '--set', 'abortInInit=true');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\? inconclusive: the check's process ended \(SIGABRT\), most likely out of memory/);
    expect((await run('check', BEB)).code).toBe(0);
  });

  it('so does a replay (a trace whose recorded parameters make its model abort)', async () => {
    const traces = join(dir, 'abort-traces');
    expect((await run('check', hostile(dir, 'boom'), '--trace-dir', traces)).code).toBe(1);
    const f = join(traces, 'boom.handler-threw.trace.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('abortInInit: false', 'abortInInit: true'));
    const r = await run('replay', f, '--quiet');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^protocheck: replay stopped: its process ended \(SIGABRT\), most likely out of memory/m);
    expect(r.out + r.err).not.toMatch(STACK);
  });
});
