// Broadcast and link properties identify a message by (sender, payload) unless `id` names a
// field the request carries and the delivery carries back: two sends of equal content are then
// two messages. Hand-made histories of one sender p0 and one receiver p1.
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent, PropertyDef } from '../../src/system/history.ts';
import { causalOrder, fifoOrder, noCreation, noDuplication, validity } from '../../properties/broadcast/properties.ts';

const send = (m: string, id?: number): HistoryEvent => ({ k: 'request', v: { type: 'send', to: 1, m, ...(id !== undefined ? { id } : {}) } });
const deliver = (m: string, id?: number): HistoryEvent => ({ k: 'indication', v: { type: 'deliver', src: 0, m, ...(id !== undefined ? { id } : {}) } });

function history(p0: HistoryEvent[], p1: HistoryEvent[]): History {
  const events = [p0, p1];
  return { n: 2, events: (p) => events[p], isDown: () => false, correct: () => [0, 1], faulty: () => [], roleOf: () => 'process', state: () => null };
}

const info = { n: 2, roles: ['process'], roleOf: () => 'process' };
const check = (def: PropertyDef, h: History, params: Record<string, unknown> = {}) => def.make({ ...def.params, request: 'send', target: 'to', ...params }, info)(h);

describe('message identity in the broadcast and link properties', () => {
  const twoEqualSends = [send('a', 1), send('a', 2)];

  it('by payload (the default), two deliveries of equal content are a duplicate', () => {
    expect(check(noDuplication, history(twoEqualSends, [deliver('a', 1), deliver('a', 2)]))).toBe('p1 delivered "a" from p0 twice');
  });

  it('by id, the same two deliveries are two messages, and a real duplicate is still caught', () => {
    expect(check(noDuplication, history(twoEqualSends, [deliver('a', 1), deliver('a', 2)]), { id: 'id' })).toBeNull();
    expect(check(noDuplication, history(twoEqualSends, [deliver('a', 1), deliver('a', 1)]), { id: 'id' })).toBe('p1 delivered #1 from p0 twice');
  });

  it('by id, validity waits for each of two equal messages, not for its content', () => {
    expect(check(validity, history(twoEqualSends, [deliver('a', 1)]))).toBeNull();
    expect(check(validity, history(twoEqualSends, [deliver('a', 1)]), { id: 'id' })).toBe('p0 sent "a" but correct p1 never delivered it');
    expect(check(validity, history(twoEqualSends, [deliver('a', 1), deliver('a', 2)]), { id: 'id' })).toBeNull();
  });

  it('by id, a delivery of an id never sent is a creation', () => {
    expect(check(noCreation, history(twoEqualSends, [deliver('a', 3)]), { id: 'id' })).toBe('p1 delivered #3 from p0, which was never sent to p1');
  });

  it('by id, FIFO and causal order follow the sends, not the contents', () => {
    expect(check(fifoOrder, history(twoEqualSends, [deliver('a', 2), deliver('a', 1)]), { id: 'id' })).toBe('p1 delivered #2 from p0 before #1 from p0, which p0 broadcast first');
    expect(check(fifoOrder, history(twoEqualSends, [deliver('a', 1), deliver('a', 2)]), { id: 'id' })).toBeNull();
    expect(check(causalOrder, history(twoEqualSends, [deliver('a', 2)]), { id: 'id' })).toBe('p1 delivered #2 from p0 before #1 from p0, which causally precedes it');
  });
});
