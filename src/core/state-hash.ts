/** The fingerprint of a model's state, as every strategy, replay and trace computes it. */
import { fingerprint, fp } from './fingerprint.ts';
import type { Model } from './model.ts';

/** The fingerprint of the state's canonical form into `fp`, by the model's own hash if it has one. */
export function hashState<S>(model: Model<S, any>, s: S): void {
  hashCanonical(model, model.canonical ? model.canonical(s) : s);
}

/** The fingerprint of a value that is already a canonical form (or a state of a model without one). */
export function hashCanonical(model: Model<any, any>, c: unknown): void {
  if (model.hash) model.hash(c);
  else fingerprint(c);
}

/** The state's fingerprint as 16 hex digits (traces record it). */
export function stateHex<S>(model: Model<S, any>, s: S): string {
  hashState(model, s);
  return fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
}
