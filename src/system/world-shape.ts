/**
 * The fields of one system's worlds, fixed when the system is composed, and the two things
 * done to every world made: copy it (for the next step to change) and read its fields in order
 * (for its fingerprint and the freezing guard). Each is a function generated for the field names, so
 * that every access is a load of a named field on one object shape rather than a keyed load or
 * a spread (both slow paths in V8 for frozen objects of this size).
 */
import type { NextWorld } from './component.ts';
import type { World } from './world.ts';

/** The slot where a world keeps its fingerprint record (world-hash.ts): a symbol, so walks and key lists do not see it. */
export const RECORD = Symbol('protocheck.world-record');

export class WorldShape {
  /** A copy of a world with the same fields (and an empty record slot). */
  readonly clone: (w: World) => NextWorld;
  /** Reads the fields, in `keys` order, into an array. */
  readonly read: (w: World, into: unknown[]) => void;

  constructor(readonly keys: readonly string[]) {
    const field = (k: string) => JSON.stringify(k);
    const clone = new Function('w', 'RECORD', `return { ${keys.map((k) => `${field(k)}: w[${field(k)}]`).join(', ')}, [RECORD]: undefined };`) as (w: World, r: symbol) => NextWorld;
    this.clone = (w) => clone(w, RECORD);
    this.read = new Function('w', 'into', keys.map((k, i) => `into[${i}] = w[${field(k)}];`).join('\n')) as (w: World, into: unknown[]) => void;
  }
}
