import { createHash } from 'node:crypto';

/** The digest a trace records of its spec and protocol source, to warn when they changed since. */
export function digest(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex').slice(0, 16);
}
