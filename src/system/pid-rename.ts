/**
 * Renaming the process ids a protocol holds as values (under the field names it declares in
 * `pids`), for symmetry (symmetry.ts). A canonical form tries several renamings of every
 * successor, and most of what it renames is shared between worlds (process states, messages,
 * histories are frozen and reused), so results are kept per object and renaming: a renaming
 * is numbered once (`id`), and an object is walked once to learn which pids it names (a
 * value that names none of those a renaming moves comes back as itself, unwalked).
 *
 * Sound only for values that are never mutated, which holds for the parts of a world.
 */
import { fingerprintHex } from '../core/fingerprint.ts';
import type { Pid } from './protocol.ts';

/** A renaming: pid q becomes map[q] (negative targets are used for relative views: see symmetry.ts). */
export interface Renaming {
  readonly map: readonly Pid[];
  readonly id: number;
  /** The pids (below 31) the renaming moves, as bits; -1 when it moves one above. */
  readonly moved: number;
}

/** Every pid, as bits: what a value naming a pid above 30 is taken to name. */
const ALL = -1;

export class PidRenamer {
  private readonly ids = new Map<string, Renaming>();
  private readonly masks = new WeakMap<object, number>();
  private readonly done = new WeakMap<object, Map<number, unknown>>();
  private readonly hashes = new WeakMap<object, Map<number, string>>();

  constructor(
    readonly fields: ReadonlySet<string>,
    readonly sets?: ReadonlySet<string>,
  ) {}

  /** The renaming that maps q to map[q] (the same object for the same map). */
  renaming(map: readonly Pid[]): Renaming {
    const k = map.join(',');
    let r = this.ids.get(k);
    if (r === undefined) {
      let moved = 0;
      map.forEach((t, q) => {
        if (t !== q) moved |= q < 31 ? 1 << q : ALL;
      });
      this.ids.set(k, (r = { map: [...map], id: this.ids.size, moved }));
    }
    return r;
  }

  /** The value with the numbers under the pid fields renamed and the pid sets sorted again; shares what does not change. */
  rename<T>(v: T, r: Renaming): T {
    if (this.fields.size === 0 || v === null || typeof v !== 'object') return v;
    if ((this.mask(v) & r.moved) === 0) return v;
    return this.derive(v as T & object, r, renamedIn) as T;
  }

  /** A value derived from an object under a renaming (e.g. a renamed list of events), computed once per pair. */
  derive<O extends object, T>(o: O, r: Renaming, make: (renamer: PidRenamer, o: O, r: Renaming) => T): T {
    const per = perRenaming<unknown>(this.done, o);
    let out = per.get(r.id) as T | undefined;
    if (out === undefined && !per.has(r.id)) per.set(r.id, (out = make(this, o, r)));
    return out as T;
  }

  /** The content key (fingerprint in hex) of `make(...)`, computed once per object and renaming. */
  keyOf<O extends object>(o: O, r: Renaming, make: (renamer: PidRenamer, o: O, r: Renaming) => unknown): string {
    const per = perRenaming<string>(this.hashes, o);
    let k = per.get(r.id);
    if (k === undefined) per.set(r.id, (k = fingerprintHex(make(this, o, r))));
    return k;
  }

  /** The pids named under pid fields in an object, as bits. */
  private mask(o: object): number {
    let m = this.masks.get(o);
    if (m === undefined) this.masks.set(o, (m = pidsIn(o, this.fields, false)));
    return m;
  }
}

const renamedIn = (rn: PidRenamer, v: object, r: Renaming) => renameIn(v, rn.fields, false, r.map, rn.sets);

function perRenaming<V>(table: WeakMap<object, Map<number, V>>, o: object): Map<number, V> {
  let per = table.get(o);
  if (per === undefined) table.set(o, (per = new Map()));
  return per;
}

function pidsIn(v: unknown, fields: ReadonlySet<string>, under: boolean): number {
  if (typeof v === 'number') return under && Number.isInteger(v) && v >= 0 ? (v < 31 ? 1 << v : ALL) : 0;
  if (v === null || typeof v !== 'object') return 0;
  let m = 0;
  if (Array.isArray(v)) for (const x of v) m |= pidsIn(x, fields, under);
  else for (const [k, x] of Object.entries(v)) m |= pidsIn(x, fields, under || fields.has(k));
  return m;
}

/** What a list kept as a set of processes is sorted by: the pid, or a record's first pid field. */
function pidKey(x: unknown, fields: ReadonlySet<string>): number {
  if (typeof x === 'number') return x;
  if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (fields.has(k) && typeof v === 'number') return v;
  return -1;
}

/**
 * Renames the numbers under the pid fields of a value (any depth), and sorts again the lists
 * under the `sets` fields; shares what does not change, and freezes what it makes.
 */
export function renameIn(v: unknown, fields: ReadonlySet<string>, under: boolean, map: readonly Pid[], sets?: ReadonlySet<string>): unknown {
  if (typeof v === 'number') return under && Number.isInteger(v) && v >= 0 && v < map.length ? map[v] : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const y = renameIn(v[i], fields, under, map, sets);
      if (y !== v[i]) (out ??= v.slice())[i] = y;
    }
    return out ? Object.freeze(out) : v;
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    let y = renameIn(x, fields, under || fields.has(k), map, sets);
    if (y !== x && sets?.has(k) && Array.isArray(y)) y = Object.freeze([...y].sort((a, b) => pidKey(a, fields) - pidKey(b, fields)));
    if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
  }
  return out ? Object.freeze(out) : v;
}
