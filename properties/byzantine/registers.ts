/**
 * Registers with Byzantine replicas (Cachin, Guerraoui and Rodrigues, section 4.6): safety and
 * regularity over the operations of the correct processes only (what a Byzantine process "reads"
 * means nothing), and termination: every operation of a correct process returns. The vocabulary
 * and the real-time order are those of properties/registers (`realTime: true` in the spec).
 */
import { defineProperty, type History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';
import { regular, safe } from '../registers/properties.ts';
import { byzantineOf } from './broadcast.ts';

const NONE: readonly never[] = Object.freeze([]);

/** The history with the Byzantine processes' events left out. */
export function correctOnly(h: History): History {
  const byz = byzantineOf(h);
  if (!byz.length) return h;
  return {
    n: h.n,
    events: (p: Pid) => (byz.includes(p) ? NONE : h.events(p)),
    isDown: (p) => h.isDown(p),
    correct: () => h.correct(),
    faulty: () => h.faulty(),
    byzantine: () => byz,
    roleOf: (p) => h.roleOf(p),
    state: (p) => h.state(p),
  };
}

const registerParams = { read: 'read', write: 'write', response: 'respond', value: 'v', key: 'key', initial: null as unknown };

export const byzantineRegular = defineProperty({
  name: 'byzantine-regular',
  kind: 'safety',
  description: 'regularity over the correct processes: every read of a correct process returns the value of the last write before it (the initial value if none) or of a write concurrent with it; needs realTime: true',
  params: { ...registerParams },
  make: (p, system) => {
    const check = regular.make(p, system);
    return (h) => check(correctOnly(h));
  },
});

export const byzantineSafe = defineProperty({
  name: 'byzantine-safe',
  kind: 'safety',
  description: 'safety over the correct processes: a read of a correct process that no write is concurrent with returns the value of the last write before it (the initial value if none); needs realTime: true',
  params: { ...registerParams },
  make: (p, system) => {
    const check = safe.make(p, system);
    return (h) => check(correctOnly(h));
  },
});

export const byzantineRegisterTermination = defineProperty({
  name: 'byzantine-register-termination',
  kind: 'liveness',
  description: 'every read or write of a correct process eventually returns (one response indication per request, in order)',
  params: { read: 'read', write: 'write', response: 'respond' },
  make: (p) => (h) => {
    for (const q of h.correct()) {
      let asked = 0, answered = 0;
      for (const e of h.events(q)) {
        if (e.k === 'request' && (e.v.type === p.read || e.v.type === p.write)) asked++;
        else if (e.k === 'indication' && e.v.type === p.response) answered++;
      }
      if (answered < asked) return `correct p${q} issued ${asked} operation(s) but only ${answered} returned`;
    }
    return null;
  },
});
