/**
 * A sequential specification that histories are checked against.
 * See README.md in this folder for how to add one.
 */
import type { Operation } from './history.ts';

/** Returned by `step` when the operation cannot produce its output in that state. */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Illegal = typeof ILLEGAL;

/** Passed to `step` as the output of an operation whose outcome is unknown. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export interface Model<S = unknown> {
  readonly name: string;
  /** One line for `--help` and error messages. */
  readonly summary: string;
  init(): S;
  /**
   * Applies the operation to `state`. Returns the next state, or ILLEGAL when
   * the operation could not have returned `output` in `state`. `output` is
   * UNKNOWN for an operation whose outcome is unknown: then any outcome is
   * acceptable and only the effect matters. Must be pure: the search calls it
   * many times with the same arguments. (A sentinel rather than `{ ok, next }`
   * keeps the search's inner loop free of allocation.)
   */
  step(state: S, input: unknown, output: unknown): S | Illegal;
  /** 32-bit hash of a state; equal states must hash equally. */
  hash(state: S): number;
  equal(a: S, b: S): boolean;
  /**
   * P-compositionality: a model whose operations on different keys are
   * independent returns the key of an operation; each key is then checked
   * as its own history. Not used by sequential consistency.
   */
  partitionKey?(input: unknown): string;
  /**
   * True when the operation never changes the state (a read). With an
   * unknown outcome such an operation constrains nothing and is dropped.
   */
  readOnly?(input: unknown): boolean;
  /** Throws-free input check: a message when the model cannot run this operation. */
  validate?(op: Operation): string | undefined;
  describeOperation(input: unknown, output: unknown): string;
  describeState(state: S): string;
}
