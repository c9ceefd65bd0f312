/**
 * Which findings of a search mean that the model cannot be checked as written (exit 2, bad
 * input) rather than that the protocol is wrong (exit 1): a handler that is not deterministic,
 * mutates outside its draft, produces what cannot be serialised, or takes an event it has no
 * handler for (a ModelError with exit code 2); a successor that is not plain data.
 */
import { UnserialisableStateError } from '../core/fingerprint.ts';
import { ModelError } from '../core/model.ts';
import type { SearchResult } from '../core/search.ts';
import { pathText } from '../system/handlers/hygiene.ts';

/**
 * The properties of those findings, for a finding that crossed threads without its cause
 * (parallel search posts findings as plain data).
 */
const BAD_INPUT = new Set(['nondeterministic-handler', 'mutation-outside-draft', 'unserialisable-state', 'missing-handler', 'no-ordinals']);

/** The one line that says why the model cannot be checked, or undefined for any other outcome. */
export function badInputOf(result: SearchResult): string | undefined {
  const v = result.violation;
  if (!v || v.kind !== 'error') return undefined;
  const c = v.cause;
  if (c instanceof UnserialisableStateError) return `the model produced a state that is not plain data: ${pathText(c.path, c.what)} (states must be plain data)`;
  if (c instanceof ModelError) return c.exitCode === 2 ? c.message : undefined;
  return c === undefined && BAD_INPUT.has(v.property) ? v.message : undefined;
}
