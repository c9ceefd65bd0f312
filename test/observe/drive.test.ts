/**
 * Counterexamples as tests of an implementation: every committed eager reliable broadcast trace
 * driven through the toy implementation (examples/eager-rb) matches step by step, and catches
 * the buggy one; what drive says when the implementation differs in what it sends, lacks a step,
 * or throws.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import correct from '../../examples/eager-rb/adapter.ts';
import buggy from '../../examples/eager-rb/adapter-buggy.ts';
import { eagerRbAdapter } from '../../examples/eager-rb/make-adapter.ts';
import { EagerRbNode, type Transport } from '../../examples/eager-rb/node.ts';
import { DriveInputError, driveTrace } from '../../src/drive/drive.ts';
import type { DriveAdapter } from '../../src/drive/adapter.ts';
import { readTraceFile } from '../../src/trace/read.ts';

const TRACES = readdirSync('traces')
  .filter((f) => /^eager-rb-.*\.trace\.yaml$/.test(f))
  .map((f) => join('traces', f));
const load = (f: string) => readTraceFile(f).trace;
const NO_RELAY = 'traces/eager-rb-no-relay.trace.yaml';

describe('drive: the committed eager-rb traces against the toy implementation', () => {
  it('finds the traces', () => expect(TRACES.length).toBeGreaterThanOrEqual(2));

  for (const f of TRACES) {
    it(`${f}: the implementation matches every step`, async () => {
      const r = await driveTrace(load(f), f, correct);
      expect(r).toMatchObject({ verdict: 'match', steps: r.total });
    });
    it(`${f}: the buggy implementation is caught`, async () => {
      const r = await driveTrace(load(f), f, buggy);
      expect(r.verdict).toBe('mismatch');
      expect(r.at).toMatchObject({ step: 1, reason: 'the model indicated nothing; the implementation indicated p0 {"m":"a","src":0,"type":"deliver"}' });
    });
  }
});

describe('drive: what it reports', () => {
  it('compares sends when the adapter reports them: relaying where the trace says relay: false differs', async () => {
    class AlwaysRelays extends EagerRbNode {
      constructor(id: number, size: number, t: Transport) {
        super(id, size, t, true);
      }
    }
    const r = await driveTrace(load(NO_RELAY), NO_RELAY, eagerRbAdapter(AlwaysRelays));
    expect(r.verdict).toBe('mismatch');
    expect(r.at?.step).toBe(2);
    expect(r.at?.reason).toMatch(/^the implementation sent .*DATA.* p1→p0, .*, which the model did not$/);
  });

  it('is stuck (exit 3) where the adapter cannot take a step, and says why', async () => {
    const { crash: _crash, ...noCrash } = eagerRbAdapter(EagerRbNode);
    const r = await driveTrace(load(NO_RELAY), NO_RELAY, noCrash as DriveAdapter);
    expect(r).toMatchObject({ verdict: 'stuck', steps: 2, at: { step: 3, reason: 'the adapter has no crash(p), which this step needs' } });
    const throws: DriveAdapter = { ...eagerRbAdapter(EagerRbNode), deliver: () => Promise.reject(new Error('connection refused')) };
    expect((await driveTrace(load(NO_RELAY), NO_RELAY, throws)).at?.reason).toBe('the implementation could not take the step: connection refused');
  });

  it('needs a delivered message to have been sent, and not yet delivered, when sends are reported', async () => {
    const t = load(NO_RELAY);
    // the trace delivers p0's message to p1 a second time
    const twice = { ...t, steps: [...t.steps.slice(0, 3), { ...t.steps[2], indications: [] }, ...t.steps.slice(3)].map((s, i) => ({ ...s, step: i })) };
    const r = await driveTrace(twice, NO_RELAY, correct);
    expect(r).toMatchObject({ verdict: 'stuck', at: { step: 3 } });
    expect(r.at?.reason).toMatch(/^the implementation never sent .* p0→p1 \(or it was delivered or dropped already\), which this step delivers$/);
    // without reported sends the driver hands over whatever the trace delivers: a mute sender goes unnoticed
    const mute: DriveAdapter = { ...eagerRbAdapter(EagerRbNode), request: () => undefined };
    expect((await driveTrace(t, NO_RELAY, mute)).at?.step).toBe(1);
    expect((await driveTrace(t, NO_RELAY, { ...mute, reportsSends: false })).verdict).toBe('match');
  });

  it('takes indications from what a step returns as well as from the sink', async () => {
    const returning: DriveAdapter = {
      start() {},
      request: () => undefined,
      deliver: (_from, _to, m) => ({ indications: [{ type: 'deliver', src: (m as { src: number }).src, m: (m as { m: string }).m }] }),
      crash: () => undefined,
    };
    expect((await driveTrace(load(NO_RELAY), NO_RELAY, returning)).verdict).toBe('match');
  });

  it('refuses a trace without step kinds (from a hand-written core Model)', async () => {
    const t = load(NO_RELAY);
    const bare = { ...t, steps: t.steps.map(({ kind: _k, ...s }) => s) };
    await expect(driveTrace(bare, 'x', correct)).rejects.toThrow(DriveInputError);
  });
});
