/**
 * What a distributed search writes into Redis, in bytes: fingerprints (8 bytes, high word
 * first), parent links (the parent's fingerprint and the action index, or the initial state's
 * index alone), batches of states (V8's structured serialisation, as worker threads exchange
 * them, so that Maps, Sets and undefined survive), and findings (plain JSON: an error's cause
 * does not survive, only its words and property, which bad-input.ts reads).
 */
import type { Finding } from '../core/verdict.ts';

export function fpBytes(hi: number, lo: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32BE(hi >>> 0, 0);
  b.writeUInt32BE(lo >>> 0, 4);
  return b;
}

export function fpHex(b: Buffer): string {
  return b.toString('hex');
}

/** The link of a state reached from `parent` by action `choice`; `parent` undefined: initial state `choice`. */
export function linkBytes(parent: Buffer | undefined, choice: number): Buffer {
  const b = Buffer.allocUnsafe(parent ? 12 : 4);
  if (parent) parent.copy(b, 0);
  b.writeUInt32BE(choice >>> 0, parent ? 8 : 0);
  return b;
}

export function readLink(b: Buffer): { parent?: Buffer; choice: number } {
  if (b.length === 4) return { choice: b.readUInt32BE(0) };
  return { parent: b.subarray(0, 8), choice: b.readUInt32BE(8) };
}

/** Batches of states: the kernel's encoding (deep-frozen on decode, as the model made them). */
export { decodeStates, encodeStates } from '../core/state-bytes.ts';

/** A finding as Redis keeps it: `fp` is the state it is about (for an error in a step, the state the step left). */
export interface StoredFinding {
  depth: number;
  fp: string;
  finding: Finding;
}

export function encodeFinding(depth: number, fp: Buffer, f: Finding): string {
  const { cause: _cause, ...plain } = f;
  return JSON.stringify({ depth, fp: fpHex(fp), finding: plain });
}

export function decodeFinding(s: string): StoredFinding {
  return JSON.parse(s) as StoredFinding;
}
