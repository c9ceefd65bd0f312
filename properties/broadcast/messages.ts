/**
 * Shared vocabulary of the broadcast and link properties: a message is identified by its
 * original sender and its payload. By convention a request `{ type: 'broadcast', m }` at
 * process s broadcasts m, and an indication `{ type: 'deliver', src: s, m }` delivers it;
 * every name is a parameter, so other vocabularies fit too.
 */
import type { History } from '../../src/system/history.ts';
import type { Pid } from '../../src/system/protocol.ts';

export interface Vocabulary {
  /** The request type that sends or broadcasts a message. */
  request: string;
  /** The indication type that delivers one. */
  indication: string;
  /** The field holding the payload (in both). */
  payload: string;
  /** The indication's field naming the original sender. */
  sender: string;
  /** For point-to-point links: the request's field naming the destination ('' for broadcast). */
  target: string;
}

export const vocabulary: Vocabulary = { request: 'broadcast', indication: 'deliver', payload: 'm', sender: 'src', target: '' };

export const keyOf = (sender: Pid, payload: unknown): string => `${sender}:${JSON.stringify(payload)}`;

export function describeKey(key: string): string {
  const i = key.indexOf(':');
  return `${key.slice(i + 1)} from p${key.slice(0, i)}`;
}

export interface Sent {
  key: string;
  sender: Pid;
  payload: unknown;
  /** The destination for a point-to-point send. */
  to?: Pid;
}

/** The messages a process sent or broadcast, in its order. */
export function sentBy(h: History, p: Pid, v: Vocabulary): Sent[] {
  const out: Sent[] = [];
  for (const e of h.events(p)) {
    if (e.k !== 'request' || e.v.type !== v.request) continue;
    const payload = e.v[v.payload];
    out.push({ key: keyOf(p, payload), sender: p, payload, ...(v.target ? { to: e.v[v.target] as Pid } : {}) });
  }
  return out;
}

/** The keys of the messages a process delivered, in its order. */
export function deliveredBy(h: History, p: Pid, v: Vocabulary): string[] {
  const out: string[] = [];
  for (const e of h.events(p)) if (e.k === 'indication' && e.v.type === v.indication) out.push(keyOf(e.v[v.sender] as Pid, e.v[v.payload]));
  return out;
}

export function all(h: History): Pid[] {
  return Array.from({ length: h.n }, (_, i) => i);
}
