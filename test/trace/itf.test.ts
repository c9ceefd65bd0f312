/** ITF (Apalache ADR-015): values, export, import by re-running the model, errors. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { canonical, fromItf, ItfError, itfToTrace, parseItf, toItf, traceToItf } from '../../src/trace/itf.ts';
import { readTraceFile } from '../../src/trace/read.ts';
import { recordedVariables, replayOnModel } from '../../src/trace/replay.ts';
import { variablesOf } from '../../src/trace/trace.ts';
import { relay } from './fixtures/relay.ts';
import { cli, context, EARLY, FIX, tmp, traceOf } from './helpers.ts';

const CATALOGUE = 'traces/two-phase-early-commit.trace.yaml';
const ctx = context(EARLY, { RM: 3, earlyCommit: true });

describe('ITF values', () => {
  it('encodes integers as #bigint, Sets as #set, Maps as #map, arrays as lists, records as objects', () => {
    expect(toItf(3)).toEqual({ '#bigint': '3' });
    expect(toItf(-12n)).toEqual({ '#bigint': '-12' });
    expect(toItf('x')).toBe('x');
    expect(toItf(true)).toBe(true);
    expect(toItf([1, 'a'])).toEqual([{ '#bigint': '1' }, 'a']);
    expect(toItf(new Set([3, 1, 2]))).toEqual({ '#set': [{ '#bigint': '1' }, { '#bigint': '2' }, { '#bigint': '3' }] });
    expect(toItf(new Map([['b', 2], ['a', 1]]))).toEqual({ '#map': [['a', { '#bigint': '1' }], ['b', { '#bigint': '2' }]] });
    expect(toItf({ x: 1, y: { z: [true] }, gone: undefined })).toEqual({ x: { '#bigint': '1' }, y: { z: [true] } });
    expect(toItf({ '#weird': 1 })).toEqual({ '#map': [['#weird', { '#bigint': '1' }]] });
    expect(toItf(null)).toEqual({ '#unserializable': 'null' });
    expect(toItf(0.5)).toEqual({ '#unserializable': '0.5' });
  });

  it('decodes ITF back, big integers as BigInt', () => {
    expect(fromItf({ '#bigint': '42' })).toBe(42);
    expect(fromItf({ '#bigint': '123456789012345678901234567890' })).toBe(123456789012345678901234567890n);
    expect(fromItf({ '#tup': [1, 'a'] })).toEqual([1, 'a']);
    expect(fromItf({ '#set': [{ '#bigint': '1' }] })).toEqual(new Set([1]));
    expect(fromItf({ '#map': [['k', { '#set': [] }]] })).toEqual(new Map([['k', new Set()]]));
    expect(fromItf({ a: { '#unserializable': 'null' } })).toEqual({ a: null });
    const v = { s: new Set(['x', 'y']), m: new Map([[1, [true, 'z']]]), n: -7, r: { q: 'w' } };
    expect(fromItf(toItf(v))).toEqual(v);
  });

  it('compares values regardless of set order, integer form, tuple or list, and key order', () => {
    expect(canonical({ '#set': [1, { '#bigint': '2' }] })).toBe(canonical({ '#set': [{ '#bigint': '2' }, { '#bigint': '1' }] }));
    expect(canonical({ '#tup': ['a', 1] })).toBe(canonical(['a', { '#bigint': '1' }]));
    expect(canonical({ b: 1, a: 2 })).toBe(canonical({ a: 2, b: 1 }));
    expect(canonical({ '#map': [[1, 'a'], [2, 'b']] })).toBe(canonical({ '#map': [[2, 'b'], [1, 'a']] }));
    expect(canonical([1, 2])).not.toBe(canonical({ '#set': [1, 2] }));
    expect(canonical('1')).not.toBe(canonical(1));
  });
});

describe('ITF traces', () => {
  it('exports a trace with one state per step (ADR-015 shape) and imports it back to the same trace', () => {
    const { trace } = readTraceFile(CATALOGUE);
    const m = twoPhase(3, true);
    const r = replayOnModel(m, trace);
    const itf = traceToItf(trace, r.states.map((s) => variablesOf(m, s)));
    expect(itf['#meta']).toMatchObject({ format: 'ITF', source: EARLY });
    expect(itf.vars).toEqual(['rmState', 'tmState', 'tmPrepared', 'msgs']);
    expect(itf.states).toHaveLength(6);
    expect(itf.states[3]).toMatchObject({ '#meta': { index: 3, action: 'TMCommit' }, tmState: 'committed', msgs: { commit: true } });
    expect(itf.loop).toBeUndefined();
    const back = itfToTrace(m, parseItf(JSON.stringify(itf), 'x.itf.json'), ctx);
    expect(back.warnings).toEqual([]);
    expect(back.trace.steps.map((s) => [s.action, s.fingerprint])).toEqual(trace.steps.map((s) => [s.action, s.fingerprint]));
    expect(back.trace).toMatchObject({ property: 'TCConsistent', kind: 'safety', message: trace.message });
  });

  it('imports a hand-written ITF (JSON integers, tuples, shuffled keys), cutting it at the violation', () => {
    const { trace } = readTraceFile(CATALOGUE);
    const states = recordedVariables(trace).map((v, i) => ({
      '#meta': { index: i },
      tmState: v.tmState,
      msgs: { abort: (v.msgs as any).abort, commit: (v.msgs as any).commit, prepared: { '#tup': (v.msgs as any).prepared } },
      rmState: { '#tup': v.rmState },
      tmPrepared: v.tmPrepared,
    }));
    // one more state after the violation
    const extra = { ...states[5], '#meta': { index: 6 }, rmState: { '#tup': ['committed', 'aborted', 'prepared'] }, msgs: { ...states[5].msgs, prepared: [true, false, true] } };
    const doc = { vars: ['rmState', 'tmState', 'tmPrepared', 'msgs'], states: [...states, extra] };
    const r = itfToTrace(twoPhase(3, true), parseItf(JSON.stringify(doc), 'hand.itf.json'), ctx);
    expect(r.trace.steps).toHaveLength(6);
    expect(r.trace.steps.map((s) => s.action)).toEqual(trace.steps.map((s) => s.action));
    expect(r.warnings).toEqual(['TCConsistent fails at state 5: the 1 states after it were left out']);
  });

  it('says which state does not follow, with the nearest action and what differs', () => {
    const { trace } = readTraceFile(CATALOGUE);
    const m = twoPhase(3, true);
    const itf = traceToItf(trace, replayOnModel(m, trace).states.map((s) => variablesOf(m, s)));
    (itf.states[2] as any).tmPrepared = [true, true, false];
    expect(() => itfToTrace(m, itf, ctx, 'bad.itf.json')).toThrow(
      'bad.itf.json: state 2 is not reached from state 1 by any enabled action of TwoPhase(RM=3, earlyCommit); the nearest, TMRcvPrepared(rm1), differs in tmPrepared: ITF [true, true, false], model [true, false, false]',
    );
    const wrongVars = { ...itf, vars: ['rmState', 'tmState'] };
    expect(() => itfToTrace(m, wrongVars, ctx, 'v.itf.json')).toThrow(/its variables do not match the model's; the model has tmPrepared, msgs, which the trace lacks/);
    const harmless = { ...itf, states: itf.states.slice(0, 2) };
    expect(() => itfToTrace(m, harmless, ctx, 'h.itf.json')).toThrow(/violates none of TwoPhase\(RM=3, earlyCommit\)'s properties \(invariants: TCConsistent, TPTypeOK\), so it is no counterexample/);
  });

  it('checks the ITF structure first', () => {
    const bad = (text: string) => {
      try {
        parseItf(text, 'f.itf.json');
      } catch (err) {
        expect(err).toBeInstanceOf(ItfError);
        return (err as Error).message;
      }
      throw new Error('expected an ItfError');
    };
    expect(bad('{')).toMatch(/^f\.itf\.json: not JSON/);
    expect(bad('[]')).toMatch(/an ITF trace is a JSON object/);
    expect(bad('{"states": []}')).toMatch(/"vars" must be an array/);
    expect(bad('{"vars": ["x"], "states": [{"y": 1}]}')).toMatch(/states\[0\] has no value for x/);
    expect(bad('{"vars": ["x"], "states": [{"x": {"#bigint": "1.5"}}]}')).toMatch(/states\[0\]\.x: #bigint must be a string of digits/);
    expect(bad('{"vars": ["x"], "states": [{"x": {"#foo": 1}}]}')).toMatch(/unknown tag #foo/);
    expect(bad('{"vars": ["x"], "states": [{"x": 1}], "loop": 3}')).toMatch(/"loop" 3 is past the last state/);
  });

  it('exports a lasso with its loop and imports it as a liveness violation', () => {
    const spec = `${FIX}/relay-retransmit.yaml`;
    const m = relay({ n: 2, forward: false, lossy: true, retransmit: true, crashes: 0, throwOn: '' });
    const c = context(spec, { n: 2, forward: false, lossy: true, retransmit: true, crashes: 0, throwOn: '' });
    const t = traceOf(m, ['send@p0', 'drop MSG p0->p1', 'resend@p0'], { property: 'AllDeliver', kind: 'liveness', message: 'p1 never delivers', loopStart: 1 }, c);
    const r = replayOnModel(m, t);
    const itf = traceToItf(t, r.states.map((s) => variablesOf(m, s)));
    expect(itf.loop).toBe(1);
    expect(itf.states[1].net).toEqual([{ from: { '#bigint': '0' }, to: { '#bigint': '1' }, m: { type: 'MSG', v: { '#bigint': '1' } } }]);
    const back = itfToTrace(m, itf, c);
    expect(back.trace).toMatchObject({ kind: 'liveness', property: 'AllDeliver', loopStart: 1 });
    expect(replayOnModel(m, back.trace).reproduced).toBe(true);
  });
});

describe('protocheck itf', () => {
  it('exports and imports from the command line', () => {
    const dir = tmp('itf-');
    const itfFile = join(dir, 'early.itf.json');
    const ex = cli(['itf', 'export', CATALOGUE, '-o', itfFile]);
    expect(ex.code).toBe(0);
    expect(JSON.parse(readFileSync(itfFile, 'utf8')).states).toHaveLength(6);
    const traceFile = join(dir, 'back.trace.yaml');
    const im = cli(['itf', 'import', itfFile, '--spec', EARLY, '-o', traceFile]);
    expect(im.code).toBe(0);
    expect(im.err).toMatch(/a safety violation of TCConsistent in 5 steps written to/);
    expect(cli(['replay', traceFile, '--quiet']).code).toBe(0);
    // against a spec the trace does not fit: exit 1 with the reason
    const wrong = cli(['itf', 'import', itfFile, '--spec', 'specs/two-phase/two-phase-rm3.yaml']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/state 3 is not reached from state 2 by any enabled action of TwoPhase\(RM=3\)/);
    writeFileSync(join(dir, 'broken.itf.json'), '{"vars": 3}');
    const broken = cli(['itf', 'import', join(dir, 'broken.itf.json'), '--spec', EARLY]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/"vars" must be an array of variable names/);
  });
});
