/**
 * A key-value store of strings: `{ f: 'get', key }` returns the value (a key
 * never written reads as "" — `nil` is accepted for it too), `{ f: 'put', key,
 * value }` replaces it, `{ f: 'append', key, value }` appends to it. Keys are
 * independent, so histories are checked one key at a time.
 */
import { ILLEGAL, UNKNOWN, type Illegal, type Model } from '../model.ts';
import type { Operation } from '../history.ts';
import { fmix32, hashString } from '../hash.ts';

interface Input {
  f: string;
  key: string;
  value?: string;
}

const B = 0x01000193;

/** Polynomial hash, so the hash of an append is computed from the old hash and the suffix. */
function poly(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}
function polyAppend(h: number, suffix: string): number {
  for (let i = 0; i < suffix.length; i++) h = (Math.imul(h, B) + suffix.charCodeAt(i)) | 0;
  return h;
}

/** Immutable map from key to non-empty value (an empty value is the absent key), with its hash. */
export class KvState {
  constructor(
    readonly values: ReadonlyMap<string, string>,
    readonly polys: ReadonlyMap<string, number>,
    readonly hash: number,
  ) {}

  static readonly empty = new KvState(new Map(), new Map(), 0);

  get(key: string): string {
    return this.values.get(key) ?? '';
  }

  with(key: string, value: string, p: number): KvState {
    const values = new Map(this.values);
    const polys = new Map(this.polys);
    let hash = this.hash;
    const old = this.polys.get(key);
    if (old !== undefined) hash ^= entryHash(key, old);
    if (value === '') {
      values.delete(key);
      polys.delete(key);
    } else {
      values.set(key, value);
      polys.set(key, p);
      hash ^= entryHash(key, p);
    }
    return new KvState(values, polys, hash);
  }
}

function entryHash(key: string, p: number): number {
  return fmix32(hashString(key) + Math.imul(p, 0x9e3779b1));
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'nil' : JSON.stringify(v);
}

export const kv: Model<KvState> = {
  name: 'kv',
  summary: 'key-value store: get, put, append on string keys (checked per key)',
  init: () => KvState.empty,
  step(state: KvState, input: unknown, output: unknown): KvState | Illegal {
    const { f, key, value } = input as Input;
    if (f === 'get') {
      if (output === UNKNOWN) return state;
      return state.get(key) === (output ?? '') ? state : ILLEGAL;
    }
    const v = value ?? '';
    if (f === 'put') return state.with(key, v, poly(v));
    const old = state.polys.get(key) ?? 0;
    return v === '' ? state : state.with(key, state.get(key) + v, polyAppend(old, v));
  },
  hash: (s) => s.hash,
  equal(a, b) {
    if (a === b) return true;
    if (a.hash !== b.hash || a.values.size !== b.values.size) return false;
    for (const [k, v] of a.values) if (b.values.get(k) !== v) return false;
    return true;
  },
  partitionKey: (input) => (input as Input).key,
  readOnly: (input) => (input as Input).f === 'get',
  validate(op: Operation) {
    const input = op.input as Input | null;
    if (input === null || typeof input !== 'object' || typeof input.f !== 'string')
      return 'input must be an object with a string "f" (one of get, put, append)';
    if (!['get', 'put', 'append'].includes(input.f)) return `the kv model has no operation "${input.f}" (known: get, put, append)`;
    if (typeof input.key !== 'string') return `a ${input.f} needs a string "key", got ${show(input.key)}`;
    if (input.f !== 'get' && typeof input.value !== 'string') return `a ${input.f} needs a string "value", got ${show(input.value)}`;
    if (input.f === 'get' && op.ret !== Infinity && op.output !== null && op.output !== undefined && typeof op.output !== 'string')
      return `a get must output a string (or nil), got ${show(op.output)}`;
    return undefined;
  },
  describeOperation(input: unknown, output: unknown): string {
    const { f, key, value } = input as Input;
    const out = output === UNKNOWN ? '?' : show(output ?? '');
    if (f === 'get') return `get(${show(key)}) -> ${out}`;
    return `${f}(${show(key)}, ${show(value)})${output === UNKNOWN ? ' -> ?' : ''}`;
  },
  describeState(s: KvState): string {
    if (s.values.size === 0) return '{}';
    return `{${[...s.values].map(([k, v]) => `${show(k)}: ${show(v)}`).join(', ')}}`;
  },
};
