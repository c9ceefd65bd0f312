import { describe, expect, it } from 'vitest';
import { renumberOrdinals } from '../../src/system/ordinals.ts';
import { defineProtocol } from '../../src/system/protocol.ts';
import { config, explore } from './helpers.ts';

/** Two processes that keep starting ballots above everything they know and telling each other. */
const rivals = (withOrdinals: boolean) =>
  defineProtocol<{ message: { type: 'BALLOT'; b: number }; request: { type: 'start' }; indication: { type: 'lead'; b: number }; timer: 'retry' }, { b: number; heard: number }>({
    name: 'rivals',
    ...(withOrdinals ? { ordinals: ['b', 'heard'] } : {}),
    init: (ctx) => {
      ctx.setTimer('retry');
      return { b: 0, heard: 0 };
    },
    timers: {
      retry: (s, ctx) => {
        s.b = ctx.fresh();
        ctx.broadcast({ type: 'BALLOT', b: s.b }, ctx.all.filter((q) => q !== ctx.self));
      },
    },
    messages: {
      BALLOT: (s, m, _from, ctx) => {
        if (m.b > s.heard) s.heard = m.b;
        // pre-empted: try again, above everything
        if (s.heard > s.b) ctx.setTimer('retry');
        else ctx.indicate({ type: 'lead', b: s.b });
      },
    },
  });

describe('ordinals', () => {
  it('renumbers ordinal fields by rank everywhere, leaving other numbers and "none" (<= 0) alone', () => {
    const keys = new Set(['b']);
    const [a, b] = renumberOrdinals([{ b: 7, n: 7, inner: [{ b: 3 }, { b: 0 }] }, [{ b: 12 }, { other: { b: 7 } }]], keys);
    expect(a).toEqual({ b: 2, n: 7, inner: [{ b: 1 }, { b: 0 }] });
    expect(b).toEqual([{ b: 3 }, { other: { b: 2 } }]);
    const same = [{ b: 1 }, { b: 2 }] as const;
    expect(renumberOrdinals([same], keys)[0]).toBe(same);
  });

  it('gives globally fresh ballots and keeps a protocol with unboundedly many of them finite', () => {
    const { result, model } = explore(rivals(true), config(), [], { maxStates: 100_000 });
    expect(result.verdict).toBe('ok');
    expect(result.stats.distinct).toBeLessThan(2_000);
    // every ballot a process started is above all ballots in flight or known when it did
    const w = model.initialStates()[0];
    const a = model.actions(w).find((x) => x.t === 'timer')!;
    const w1 = model.next(w, a);
    const w2 = model.next(w1, model.actions(w1).find((x) => x.t === 'timer' && x.p !== (a as { p: number }).p)!);
    expect((w1.procs[0] as { b: number }).b + (w1.procs[1] as { b: number }).b).toBe(1);
    expect(Math.max(...w2.procs.map((s) => (s as { b: number }).b))).toBe(2);
  });

  it('refuses ctx.fresh() in a protocol that declares no ordinals (a usage error, exit 2)', () => {
    const { result } = explore(rivals(false), config(), [], { maxStates: 1_000 });
    expect(result.violation?.kind).toBe('error');
    expect(result.violation?.message).toMatch(/declare its ordinals/);
    expect((result.violation?.cause as { exitCode?: number }).exitCode).toBe(2);
  });
});
