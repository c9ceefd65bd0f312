/**
 * States as bytes, for a queue kept on disk (state-queue.ts) and the batches of the search on
 * Redis (distributed/codec.ts): V8's structured serialisation, as worker threads exchange
 * states, so that Maps, Sets, undefined and shared subtrees within one buffer survive.
 */
import { deserialize, serialize } from 'node:v8';

export function encodeStates(states: unknown[]): Buffer {
  return serialize(states);
}

/**
 * The states of a buffer, deep-frozen as the model made them: the system model may take an
 * unfrozen part of a state for one of its own successor's, still being built, and write into it;
 * and fingerprints are memoised only for frozen subtrees.
 */
export function decodeStates(b: Buffer): unknown[] {
  const states = deserialize(b) as unknown[];
  for (const s of states) deepFreeze(s);
  return states;
}

export function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (v instanceof Map) {
    for (const [k, x] of v) {
      deepFreeze(k);
      deepFreeze(x);
    }
  } else if (v instanceof Set) for (const x of v) deepFreeze(x);
  else for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}
