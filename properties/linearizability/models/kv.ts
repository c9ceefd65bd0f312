/**
 * A key-value store of strings: `{ f: 'get', key }` returns the value (a key
 * never written reads as "" — `nil` is accepted for it too), `{ f: 'put', key,
 * value }` replaces it, `{ f: 'append', key, value }` appends to it. Keys are
 * independent, so histories are checked one key at a time.
 */
import { ILLEGAL, UNKNOWN, type Illegal, type Model } from '../model.ts';
import type { Operation } from '../history.ts';
import { fmix32, hashString } from '../hash.ts';

// Module-local copies: some loaders turn imported bindings into getter calls, which the hot path feels.
const ILLEGAL_: Illegal = ILLEGAL;
const UNKNOWN_ = UNKNOWN;

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

/**
 * Immutable map from key to non-empty value (an empty value is an absent key):
 * a list sorted by key, sharing its tail on update, so a single-key partition
 * costs one small object per step. `null` is the empty map. Each node keeps
 * the hash of itself and its tail.
 */
export class KvState {
  constructor(
    readonly key: string,
    readonly value: string,
    readonly poly: number,
    readonly rest: KvState | null,
    readonly hash: number,
  ) {}
}
export type Kv = KvState | null;

function find(s: Kv, key: string): KvState | null {
  for (; s !== null; s = s.rest) if (s.key === key) return s;
  return null;
}

function node(key: string, value: string, poly: number, rest: Kv): KvState {
  return new KvState(key, value, poly, rest, entryHash(key, poly) ^ (rest === null ? 0 : rest.hash));
}

/** `s` with `key` set to `value` (whose polynomial hash is `p`). */
function put(s: Kv, key: string, value: string, p: number): Kv {
  if (s === null || s.key > key) return value === '' ? s : node(key, value, p, s);
  if (s.key === key) return value === '' ? s.rest : node(key, value, p, s.rest);
  return node(s.key, s.value, s.poly, put(s.rest, key, value, p));
}

function entryHash(key: string, p: number): number {
  return fmix32(hashString(key) + Math.imul(p, 0x9e3779b1));
}

function describeKv(s: Kv): string {
  const parts: string[] = [];
  for (; s !== null; s = s.rest) parts.push(`${show(s.key)}: ${show(s.value)}`);
  return `{${parts.join(', ')}}`;
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'nil' : JSON.stringify(v);
}

export const kv: Model<Kv> = {
  name: 'kv',
  summary: 'key-value store: get, put, append on string keys (checked per key)',
  init: () => null,
  step(state: Kv, input: unknown, output: unknown): Kv | Illegal {
    const { f, key, value } = input as Input;
    const cur = find(state, key);
    if (f === 'get') {
      if (output === UNKNOWN_) return state;
      return (cur === null ? '' : cur.value) === (output ?? '') ? state : ILLEGAL_;
    }
    const v = value ?? '';
    if (f === 'put') return put(state, key, v, poly(v));
    if (v === '') return state;
    return cur === null ? put(state, key, v, poly(v)) : put(state, key, cur.value + v, polyAppend(cur.poly, v));
  },
  hash: (s) => (s === null ? 0 : s.hash),
  equal(a, b) {
    for (; a !== b; a = a.rest, b = b.rest) {
      if (a === null || b === null || a.hash !== b.hash || a.key !== b.key || a.value !== b.value) return false;
    }
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
  describeState: describeKv,
};
