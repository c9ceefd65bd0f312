// at-most-once and availability on hand-made histories of a server p0 and clients p1, p2.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { atMostOnce, availability } from '../../properties/rpc/properties.ts';
import { propertyDefs } from '../../properties/index.ts';

const apply = (id: number): HistoryEvent => ({ k: 'indication', v: { type: 'apply', id } });
const call = (id: number): HistoryEvent => ({ k: 'request', v: { type: 'call', id } });
const ret = (id: number): HistoryEvent => ({ k: 'indication', v: { type: 'return', id } });

function history(events: HistoryEvent[][], down: number[] = []): History {
  return { n: events.length, events: (p) => events[p], isDown: (p) => down.includes(p), correct: () => events.map((_, p) => p).filter((p) => !down.includes(p)), faulty: () => down, roleOf: () => 'process', state: () => null };
}

const info = { n: 3, roles: ['process'], roleOf: () => 'process' };
const check = (def: PropertyDef, h: History, params: Record<string, unknown> = {}) => def.make({ ...def.params, ...params }, info)(h);

describe('the registry', () => {
  it('lists at-most-once (safety) and availability (liveness)', () => {
    expect(propertyDefs['at-most-once']?.kind).toBe('safety');
    expect(propertyDefs.availability?.kind).toBe('liveness');
  });
});

describe('at-most-once', () => {
  it('holds when each request id is applied once', () => {
    expect(check(atMostOnce, history([[apply(1), apply(2)], [call(1), ret(1)], [call(2)]]))).toBeNull();
  });

  it('fails when an id is applied twice, at one process or at two', () => {
    expect(check(atMostOnce, history([[apply(1), apply(2), apply(1)], [], []]))).toBe('request 1 was applied twice (at p0 both times)');
    expect(check(atMostOnce, history([[apply(1)], [apply(1)], []]))).toBe('request 1 was applied twice (at p0 and p1)');
  });

  it('reads the names it is given', () => {
    const h = history([[{ k: 'indication', v: { type: 'exec', rid: 'a' } }, { k: 'indication', v: { type: 'exec', rid: 'a' } }]]);
    expect(check(atMostOnce, h)).toBeNull();
    expect(check(atMostOnce, h, { apply: 'exec', id: 'rid' })).toBe('request "a" was applied twice (at p0 both times)');
  });
});

describe('availability', () => {
  it('holds when every request at a correct process is answered', () => {
    expect(check(availability, history([[], [call(1), ret(1)], [call(2), ret(2)]]), { request: 'call', response: 'return' })).toBeNull();
  });

  it('fails while a correct process waits for an answer, not for a crashed one', () => {
    expect(check(availability, history([[], [call(1), ret(1)], [call(2)]]), { request: 'call', response: 'return' })).toBe('p2 took 1 request(s) but answered 0: 1 still waiting');
    expect(check(availability, history([[], [call(1), ret(1)], [call(2)]], [2]), { request: 'call', response: 'return' })).toBeNull();
  });

  it('counts every request when no type is given (respond by default)', () => {
    const h = history([[{ k: 'request', v: { type: 'read' } }, { k: 'request', v: { type: 'write', v: 1 } }, { k: 'indication', v: { type: 'respond' } }]]);
    expect(check(availability, h)).toBe('p0 took 2 request(s) but answered 1: 1 still waiting');
  });
});
