/**
 * Single registers. State: the value held, `null` for no value (a Jepsen
 * read of `nil`). Inputs: `{ f: 'read' }`, `{ f: 'write', value }` and, for
 * cas-register, `{ f: 'cas', value: [old, new] }`. Outputs: a read returns the
 * value; a cas returns `true` (swapped) or `false` (the value differed, as
 * etcd reports it); a write's output is ignored.
 */
import { ILLEGAL, UNKNOWN, type Illegal, type Model } from '../model.ts';
import type { Operation } from '../history.ts';
import { equalValues as equalValuesImported, hashValue } from '../hash.ts';
import { impossibleReads } from './register-prune.ts';

// Module-local copies: some loaders turn imported bindings into getter calls, which the hot path feels.
const ILLEGAL_: Illegal = ILLEGAL;
const UNKNOWN_ = UNKNOWN;
const equalValues = equalValuesImported;

type Value = unknown;
interface Input {
  f: string;
  value?: unknown;
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'nil' : JSON.stringify(v);
}

function makeRegister(withCas: boolean): Model<Value> {
  const fs = withCas ? ['read', 'write', 'cas'] : ['read', 'write'];
  return {
    name: withCas ? 'cas-register' : 'register',
    summary: withCas
      ? 'one register: read, write, cas [old new] (fails when the value differs; nil = no value)'
      : 'one register: read, write (a read of nil = no value)',
    init: () => null,
    step(state: Value, input: unknown, output: unknown): Value | Illegal {
      const { f, value } = input as Input;
      if (f === 'read') {
        if (output === UNKNOWN_) return state;
        return equalValues(state, output ?? null) ? state : ILLEGAL_;
      }
      if (f === 'write') return value;
      // cas
      const [from, to] = value as [unknown, unknown];
      const matches = equalValues(state, from ?? null);
      if (output === UNKNOWN_) return matches ? to : state;
      if (output === false) return matches ? ILLEGAL_ : state;
      return matches ? to : ILLEGAL_;
    },
    hash: hashValue,
    equal: equalValues,
    readOnly: (input) => (input as Input).f === 'read',
    impossible: impossibleReads,
    // with an unknown outcome, a write of v can do all a cas [a v] can (a -> v, or nothing)
    subsumes(strong, weak) {
      const a = strong as Input;
      const b = weak as Input;
      if (a.f !== 'write') return false;
      if (b.f === 'write') return equalValues(a.value, b.value);
      return b.f === 'cas' && Array.isArray(b.value) && equalValues(a.value ?? null, b.value[1] ?? null);
    },
    // a read; a cas that failed; a cas [v v] that succeeded (legal only in v, which it keeps)
    pure(input, output) {
      const { f, value } = input as Input;
      if (f === 'read') return true;
      if (f !== 'cas' || !Array.isArray(value)) return false;
      return output === false || (output === true && equalValues(value[0] ?? null, value[1] ?? null));
    },
    validate(op: Operation) {
      const input = op.input as Input | null;
      if (input === null || typeof input !== 'object' || typeof input.f !== 'string')
        return `input must be an object with a string "f" (one of ${fs.join(', ')})`;
      if (!fs.includes(input.f))
        return `the ${withCas ? 'cas-register' : 'register'} model has no operation "${input.f}" (known: ${fs.join(', ')})${
          input.f === 'cas' ? '; use --model cas-register' : ''
        }`;
      if (input.f === 'write' && !('value' in input)) return 'a write needs a "value"';
      if (input.f === 'cas' && !(Array.isArray(input.value) && input.value.length === 2))
        return `a cas needs a value [old new], got ${show(input.value)}`;
      if (input.f === 'cas' && op.ret !== Infinity && typeof op.output !== 'boolean')
        return `a completed cas must output true or false, got ${show(op.output)}`;
      return undefined;
    },
    describeOperation(input: unknown, output: unknown): string {
      const { f, value } = input as Input;
      const out = output === UNKNOWN ? '?' : undefined;
      if (f === 'read') return `read() -> ${out ?? show(output)}`;
      if (f === 'write') return `write(${show(value)})${out ? ' -> ?' : ''}`;
      const [from, to] = value as [unknown, unknown];
      return `cas(${show(from)}, ${show(to)}) -> ${out ?? (output === false ? 'fail' : 'ok')}`;
    },
    describeState: show,
  };
}

export const register: Model<Value> = makeRegister(false);
export const casRegister: Model<Value> = makeRegister(true);
