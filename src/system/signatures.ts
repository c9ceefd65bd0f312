/**
 * Signatures as unforgeable tokens (Cachin, Guerraoui and Rodrigues, section 2.3.4): a token
 * `{ signed: value, by: p }` says that p signed the value. Tokens are plain data, so they
 * fingerprint, print and travel inside messages like any other value. Only `ctx.sign` makes a
 * token in a correct process's name; the Byzantine adversary (faults/byzantine.ts) may pass on
 * any token it has seen and sign anything in the name of a Byzantine process, but its
 * vocabulary never produces a token of a correct signer it has not seen. What protocheck cannot
 * stop is a correct process's own code writing such an object by hand: correct processes are
 * trusted to sign through the context.
 */
import { sameValue } from '../core/fingerprint.ts';
import type { Pid } from './protocol.ts';

/** A signature: `by` signed `signed`. Make one with `ctx.sign(value)`, check one with `ctx.verify(p, value, sig)`. */
export interface Signature<V = unknown> {
  readonly signed: V;
  readonly by: Pid;
}

/** Whether a value has the shape of a signature token (exactly the keys `signed` and `by`, a pid in `by`). */
export function isSignature(v: unknown): v is Signature {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && 'signed' in v && Number.isInteger((v as { by?: unknown }).by);
}

export function makeSignature<V>(value: V, by: Pid): Signature<V> {
  return Object.freeze({ signed: value, by });
}

/** Whether `sig` is p's signature over `value` (equal as data, as fingerprints compare). */
export function verifySignature(p: Pid, value: unknown, sig: unknown): boolean {
  return isSignature(sig) && sig.by === p && sameValue(sig.signed, value);
}

/** Every signature inside a value, at any depth (signatures inside signed values included), into `out`. */
export function collectSignatures(v: unknown, out: Signature[]): void {
  if (v === null || typeof v !== 'object') return;
  if (isSignature(v)) {
    out.push(v);
    collectSignatures(v.signed, out);
    return;
  }
  for (const x of Array.isArray(v) ? v : Object.values(v)) collectSignatures(x, out);
}
