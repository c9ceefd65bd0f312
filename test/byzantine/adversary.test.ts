// The Byzantine adversary of the system layer: its vocabulary finds the equivocation attack a
// hand-written adversary would, never forges a correct process's signature, and the history
// leaves Byzantine processes out.
import { describe, expect, it } from 'vitest';
import { defineProtocol, role } from '../../src/system/protocol.ts';
import type { ProtocolModule } from '../../src/system/protocol.ts';
import { Vocabulary } from '../../src/system/faults/vocabulary.ts';
import { isSignature, makeSignature, collectSignatures, type Signature } from '../../src/system/signatures.ts';
import { config, explore, prop } from '../system/helpers.ts';
import echo from '../../specs/byzantine/echo-broadcast.ts';
import type { Msg } from '../../src/system/world.ts';
import { buildTrace } from '../../src/trace/trace.ts';
import { adversaryMoves } from '../../src/trace/adversary.ts';

const smallQuorum = { sender: 3, f: 1, quorumDelta: -1 };

/** The same echo broadcast, with p3 written by hand as the attacker: SEND and ECHO of a to p0, of b to p1. */
const handWritten = {
  ...echo,
  params: smallQuorum,
  roles: {
    process: echo.roles.process,
    attacker: role<any, {}>({
      init: () => ({}),
      messages: { SEND: () => {}, ECHO: () => {} },
      requests: {
        attack(_s: unknown, _r: unknown, ctx: any) {
          for (const [to, v] of [[0, 'a'], [1, 'b']] as const) {
            ctx.send(to, { type: 'SEND', v });
            ctx.send(to, { type: 'ECHO', v });
          }
        },
      },
    }),
  },
} as unknown as ProtocolModule;

describe('the adversary', () => {
  it('finds the equivocation attack a hand-written adversary makes, and names its moves', () => {
    const byHand = explore(handWritten, config({ processes: [{ role: 'process', count: 3 }, { role: 'attacker', count: 1 }], workload: [{ process: 3, request: { type: 'attack' } }] }), [prop('byzantine-consistency')]);
    expect(byHand.result.verdict).toBe('violation');
    const found = explore({ ...echo, params: smallQuorum } as ProtocolModule, config({ processes: [{ role: 'process', count: 4 }], faults: { model: 'byzantine', max: 1, processes: [3], messages: 2 } }), [prop('byzantine-consistency')]);
    expect(found.result.verdict).toBe('violation');
    // the same violation: p0 delivers a and p1 delivers b
    expect(found.result.violation!.message).toBe(byHand.result.violation!.message);
    expect(found.result.violation!.message).toBe('correct p0 delivered "a" but correct p1 delivered "b" in the instance of p3');
    const trace = buildTrace(found.model, found.result.violation!, { spec: '', specDigest: '', module: '', moduleDigest: '', params: {}, search: { strategy: 'bfs' } });
    expect(trace.steps.map((st) => st.action)).toEqual(expect.arrayContaining(['p3 (Byzantine) sends SEND(v=a) to p0', 'p3 (Byzantine) sends SEND(v=b) to p1']));
    expect(adversaryMoves(trace)).toEqual(['p3 (Byzantine) sends SEND(v=a) to p0, ECHO(v=a) to p0, SEND(v=b) to p1, ECHO(v=b) to p1; equivocation: SEND(v=a) to p0 and SEND(v=b) to p1; ECHO(v=a) to p0 and ECHO(v=b) to p1']);
  });

  it('with a large enough quorum, the same search finds no attack', () => {
    const { result } = explore({ ...echo, params: { ...smallQuorum, quorumDelta: 0 } } as ProtocolModule, config({ processes: [{ role: 'process', count: 4 }], faults: { model: 'byzantine', max: 1, processes: [3], messages: 2 } }), [prop('byzantine-consistency')]);
    expect(result.verdict).toBe('ok');
  });

  it('absorbs what Byzantine processes are sent, runs no reducer for them, and leaves them out of correct()', () => {
    const { model } = explore({ ...echo, params: { sender: 0, f: 1, quorumDelta: 0 } } as ProtocolModule, config({ processes: [{ role: 'process', count: 4 }], faults: { model: 'byzantine', max: 1, messages: 1 }, workload: [{ process: 0, request: { type: 'broadcast', m: 'a' } }, { process: 3, request: { type: 'broadcast', m: 'b' } }] }));
    let w = model.initialStates()[0];
    expect(w.procs[3]).toBeNull();
    expect(model.actions(w).some((a) => a.t === 'request' && a.p === 3)).toBe(false);
    w = model.next(w, model.actions(w).find((a) => a.t === 'request')!)!;
    expect(w.net.some((e) => e.to === 3)).toBe(false);
    expect(w.byzKnown).toEqual([{ type: 'SEND', v: 'a' }]);
    const h = model.historyOf(w);
    expect(h.correct()).toEqual([0, 1, 2]);
    expect(h.byzantine?.()).toEqual([3]);
    expect(model.adversary()).toMatch(/^Byzantine p3 \(f = 1; p0, p1, p2 correct\): each correct process receives at most 1 message/);
  });
});

describe('the vocabulary', () => {
  type M = { type: 'ECHO'; v: string; sig: Signature } | { type: 'FINAL'; v: string; cert: Signature[] };
  const signed = defineProtocol<{ message: M; request: { type: 'x' }; indication: { type: 'y' } }, {}>({
    name: 'signed',
    messageFields: { ECHO: ['v', 'sig'], FINAL: ['v', 'cert'] },
    domains: { v: ['a', 'b'] },
    signatures: { sig: (m) => ['ECHO', m.v] },
    certificates: { cert: (m) => ['ECHO', m.v] },
    init: () => ({}),
  });
  const p0a = makeSignature(['ECHO', 'a'], 0);
  const known: Msg[] = [{ type: 'ECHO', v: 'a', sig: p0a }];
  const msgs = new Vocabulary(signed, 4, [3]).messages(known);

  it('never makes a correct process sign what it did not', () => {
    for (const m of msgs) {
      const tokens: Signature[] = [];
      collectSignatures(m, tokens);
      for (const t of tokens) if (t.by !== 3) expect(t).toEqual(p0a);
    }
  });

  it('passes on signatures it saw, signs in its own name, and builds the largest certificate it can', () => {
    const text = msgs.map((m) => JSON.stringify(m));
    expect(text).toContain(JSON.stringify({ type: 'ECHO', v: 'a', sig: p0a }));
    expect(text).toContain(JSON.stringify({ type: 'ECHO', v: 'b', sig: makeSignature(['ECHO', 'b'], 3) }));
    expect(text).toContain(JSON.stringify({ type: 'FINAL', v: 'a', cert: [p0a, makeSignature(['ECHO', 'a'], 3)] }));
    expect(text).toContain(JSON.stringify({ type: 'FINAL', v: 'b', cert: [makeSignature(['ECHO', 'b'], 3)] }));
    expect(msgs.every((m) => Object.values(m).every((v) => !isSignature(v) || v.by === 0 || v.by === 3))).toBe(true);
  });
});
