import type { Pid } from '../../src/index.ts';

/**
 * The registers' interface to the layer above (the convention the register properties read):
 * `write(v)` and `read()` requests, each answered in order by one `respond` indication at the
 * same process, carrying the value for a read. A register holds `null` until written.
 */
export type Value = string | number | null;
export type RegisterRequest = { type: 'write'; v: Value } | { type: 'read' };
export type Respond = { type: 'respond'; op: 'write' } | { type: 'respond'; op: 'read'; v: Value };

/** A request waiting for the one in progress at the same process (an operation at a time). */
export type Queued = RegisterRequest;

export type { Pid };
