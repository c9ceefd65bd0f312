// The register adapter (system history -> operations with real-time intervals) and the
// linearizable / regular / safe properties on small hand-made histories.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { ModelError } from '../../src/core/model.ts';
import { registerOperations, checkerOperations, precedes } from '../../properties/registers/operations.ts';
import { linearizable, regular, safe } from '../../properties/registers/properties.ts';
import { propertyDefs } from '../../properties/index.ts';

type V = { type: string; [f: string]: unknown };
const req = (v: V, before: number[]): HistoryEvent => ({ k: 'request', v, before });
const ind = (v: V): HistoryEvent => ({ k: 'indication', v });
const crash: HistoryEvent = { k: 'crash' };
const write = (v: unknown, before: number[]) => req({ type: 'write', v }, before);
const read = (before: number[]) => req({ type: 'read' }, before);
const wrote = ind({ type: 'respond', op: 'write' });
const got = (v: unknown) => ind({ type: 'respond', op: 'read', v });

function history(...procs: HistoryEvent[][]): History {
  const down = (p: number) => procs[p].some((e) => e.k === 'crash');
  return {
    n: procs.length,
    events: (p) => procs[p],
    isDown: down,
    correct: () => procs.map((_, p) => p).filter((p) => !down(p)),
    faulty: () => procs.map((_, p) => p).filter(down),
    roleOf: () => 'process',
    state: () => null,
  };
}

const info = { n: 3, roles: ['process'], roleOf: () => 'process' };
function check(def: PropertyDef, h: History, params: Record<string, unknown> = {}): string | null {
  return def.make({ ...def.params, ...params }, info)(h);
}

// p0 writes 1 and never hears back; p1 reads 1; then (after p1's response) p2 reads nil.
const inversion = history([write(1, [0, 0, 0])], [read([0, 0, 0]), got(1)], [read([0, 1, 0]), got(null)]);
// the same reads in the other order: nil first, then 1 — linearizable
const inOrder = history([write(1, [0, 0, 0])], [read([0, 0, 0]), got(null)], [read([0, 1, 0]), got(1)]);
// p0's write completes; p1 then reads the initial value: stale, and no write concurrent
const stale = history([write(1, [0, 0, 0]), wrote], [read([1, 0, 0]), got(null)], []);

describe('registerOperations', () => {
  it('pairs each request with the next response at its process, in call order', () => {
    const ops = registerOperations(inOrder);
    expect(ops.map((o) => [o.process, o.kind, o.arg, o.result])).toEqual([
      [0, 'write', 1, undefined],
      [1, 'read', undefined, null],
      [2, 'read', undefined, 1],
    ]);
    expect(ops[0].ret).toBe(Infinity);
    expect(Number.isFinite(ops[1].ret)).toBe(true);
  });

  it('derives times that give exactly the recorded real-time order', () => {
    const ops = registerOperations(inversion);
    const [w, r1, r2] = ops;
    expect(precedes(r1, r2)).toBe(true);
    expect(precedes(r2, r1)).toBe(false);
    expect(precedes(w, r1) || precedes(r1, w) || precedes(w, r2)).toBe(false);
    // a read invoked before any response: concurrent with everything
    const h = history([write(1, [0, 0, 0]), wrote], [read([0, 0, 0]), got(1)], [read([1, 0, 0]), got(1)]);
    const [a, b, c] = registerOperations(h);
    expect(precedes(a, b) || precedes(b, a)).toBe(false);
    expect(precedes(a, c)).toBe(true);
    expect(precedes(b, c) || precedes(c, b)).toBe(false);
  });

  it('a response counted at the requesting process itself precedes the next request', () => {
    const h = history([write(1, [0, 0, 0]), wrote, read([1, 0, 0]), got(1)], [], []);
    const [w, r] = registerOperations(h);
    expect(precedes(w, r)).toBe(true);
  });

  it('a crash leaves the open operations of the process with an unknown outcome', () => {
    const h = history([write(1, [0, 0, 0]), crash], [read([0, 0, 0]), got(1)], []);
    const [w, r] = registerOperations(h);
    expect(w.ret).toBe(Infinity);
    expect(w.result).toBeUndefined();
    expect(r.result).toBe(1);
  });

  it('queued requests at one process are answered in order', () => {
    const h = history([write(1, [0, 0, 0]), write(2, [0, 0, 0]), wrote, wrote, read([2, 0, 0]), got(2)], [], []);
    const ops = registerOperations(h);
    expect(ops.map((o) => o.arg ?? o.result)).toEqual([1, 2, 2]);
    expect(precedes(ops[0], ops[1])).toBe(false);
    expect(precedes(ops[1], ops[2])).toBe(true);
  });

  it('maps to the checker model inputs', () => {
    const ops = registerOperations(inversion);
    expect(checkerOperations(ops, 'register').map((o) => [o.input, o.output])).toEqual([
      [{ f: 'write', value: 1 }, null],
      [{ f: 'read' }, 1],
      [{ f: 'read' }, null],
    ]);
    const kv = history([req({ type: 'put', key: 'x', v: 'a' }, [0, 0, 0]), ind({ type: 'respond' })], [req({ type: 'get', key: 'x' }, [1, 0, 0]), ind({ type: 'respond', v: null })], []);
    const kops = registerOperations(kv, { read: 'get', write: 'put', cas: 'cas', response: 'respond', value: 'v', key: 'key' });
    expect(checkerOperations(kops, 'kv').map((o) => [o.input, o.output])).toEqual([
      [{ f: 'put', key: 'x', value: 'a' }, null],
      [{ f: 'get', key: 'x' }, ''],
    ]);
  });

  it('asks for realTime: true when the history has no real-time information', () => {
    const h = history([{ k: 'request', v: { type: 'write', v: 1 } }], [], []);
    expect(() => registerOperations(h)).toThrow(ModelError);
    expect(() => registerOperations(h)).toThrow(/realTime: true/);
  });

  it('ignores requests and indications of other types', () => {
    const h = history([req({ type: 'broadcast', m: 'a' }, [0, 0, 0]), ind({ type: 'deliver', m: 'a' }), read([1, 0, 0]), got(null)], [], []);
    expect(registerOperations(h).map((o) => o.kind)).toEqual(['read']);
  });
});

describe('linearizable', () => {
  it('is registered', () => {
    expect(propertyDefs.linearizable).toBe(linearizable);
    expect(propertyDefs.regular).toBe(regular);
    expect(propertyDefs.safe).toBe(safe);
  });

  it('accepts a linearizable history and rejects a new/old inversion', () => {
    expect(check(linearizable, inOrder)).toBeNull();
    const msg = check(linearizable, inversion);
    expect(msg).toMatch(/not linearizable/);
    expect(msg).toMatch(/p1 read\(\) -> 1 returned before p2 read\(\) -> nil was invoked/);
  });

  it('rejects a stale read', () => {
    expect(check(linearizable, stale)).toMatch(/not linearizable/);
  });

  it('checks kv histories per key', () => {
    const voc = { read: 'get', write: 'put', model: 'kv' };
    const put = (key: string, v: string, before: number[]) => req({ type: 'put', key, v }, before);
    const get = (key: string, before: number[]) => req({ type: 'get', key }, before);
    const ok = history([put('x', 'a', [0, 0, 0]), ind({ type: 'respond' })], [get('x', [1, 0, 0]), got('a'), get('y', [1, 1, 0]), got(null)], []);
    expect(check(linearizable, ok, voc)).toBeNull();
    const bad = history([put('x', 'a', [0, 0, 0]), ind({ type: 'respond' })], [get('x', [1, 0, 0]), got(null)], []);
    expect(check(linearizable, bad, voc)).toMatch(/not linearizable \(kv\)/);
  });

  it('rejects an unknown model', () => {
    expect(() => linearizable.make({ ...linearizable.params, model: 'queue' }, info)).toThrow(/unknown model 'queue'/);
  });
});

describe('regular and safe', () => {
  it('a new/old inversion is regular (both reads are concurrent with the write)', () => {
    expect(check(regular, inversion)).toBeNull();
    expect(check(safe, inversion)).toBeNull();
  });

  it('a stale read is neither regular nor safe', () => {
    expect(check(regular, stale)).toMatch(/p1 read\(\) -> nil: the last write before it is p0 write\(1\); no write is concurrent/);
    expect(check(safe, stale)).not.toBeNull();
  });

  it('a read concurrent with a write may return anything under safe, only old or new under regular', () => {
    const h = history([write(1, [0, 0, 0])], [read([0, 0, 0]), got(7)], []);
    expect(check(safe, h)).toBeNull();
    expect(check(regular, h)).toMatch(/concurrent writes: p0 write\(1\)/);
  });

  it('the initial value before any write, and the last of several writes', () => {
    expect(check(regular, history([], [read([0, 0, 0]), got(null)], []))).toBeNull();
    expect(check(regular, history([], [read([0, 0, 0]), got(0)], []), { initial: 0 })).toBeNull();
    const two = history([write(1, [0, 0, 0]), wrote, write(2, [1, 0, 0]), wrote], [read([2, 0, 0]), got(1)], []);
    expect(check(regular, two)).toMatch(/last write before it is p0 write\(2\)/);
    expect(check(safe, two)).not.toBeNull();
  });

  it('pending reads constrain nothing', () => {
    expect(check(regular, history([write(1, [0, 0, 0]), wrote], [read([1, 0, 0])], []))).toBeNull();
  });
});
