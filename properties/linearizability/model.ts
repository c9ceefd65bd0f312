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
  /**
   * True when the operation, with this output, leaves the state unchanged in every state
   * where it is legal (a read; a cas that reported failure). The searches place such an
   * operation as soon as it is legal, without trying alternatives: moving it there changes
   * no other operation's state. Defaults to `readOnly(input)`. Must not hold for an
   * operation that changes the state in some state where it is legal.
   */
  pure?(input: unknown, output: unknown): boolean;
  /**
   * Optional pruning: positions (in `ops`, one partition's operations) of operations that no
   * linearization can place, told from the real-time order alone (a read of a value nobody
   * could have written by then). Sound only: each one named must be impossible in every
   * linearization and in every linearization of a prefix. The searches then stop where the
   * first of them returns, instead of trying every configuration before it.
   */
  impossible?(ops: readonly Operation[]): number[];
  /**
   * Optional, for unknown outcomes: true when an operation with input `strong` can do
   * whatever one with input `weak` can, from every state (a write of v can do what a cas to
   * v does). When both could take a configuration to the same state, the searches use the
   * weak one and keep the strong one for later, which loses nothing. Must be sound.
   */
  subsumes?(strong: unknown, weak: unknown): boolean;
  /** Throws-free input check: a message when the model cannot run this operation. */
  validate?(op: Operation): string | undefined;
  describeOperation(input: unknown, output: unknown): string;
  describeState(state: S): string;
}
