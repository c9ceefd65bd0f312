/**
 * Shared vocabulary of the broadcast and link properties. By convention a request
 * `{ type: 'broadcast', m }` at process s broadcasts m, and an indication
 * `{ type: 'deliver', src: s, m }` delivers it; every name is a parameter, so other
 * vocabularies fit too.
 *
 * A message is identified by its original sender and its payload, as the textbooks assume
 * (every message is unique), unless `id` names a field that the request carries and the
 * indication carries back: then by its sender and that id, so that two legitimate sends of
 * equal content are two messages (a protocol that merges them is then caught).
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
  /** The field (in both the request and the indication) that identifies a message ('': identify it by its payload). */
  id: string;
}

export const vocabulary: Vocabulary = { request: 'broadcast', indication: 'deliver', payload: 'm', sender: 'src', target: '', id: '' };

/** The identity of a message sent by `sender` as `event` (a request or an indication) carries it. */
export function keyOf(v: Vocabulary, sender: Pid, event: { readonly [f: string]: unknown }): string {
  return v.id ? `${sender}#${JSON.stringify(event[v.id])}` : `${sender}:${JSON.stringify(event[v.payload])}`;
}

/** A message identity in words: `"a" from p0`, or `#1 from p0`. */
export function describeKey(key: string): string {
  const i = key.search(/[:#]/);
  return `${key[i] === '#' ? key.slice(i) : key.slice(i + 1)} from p${key.slice(0, i)}`;
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
    out.push({ key: keyOf(v, p, e.v), sender: p, payload, ...(v.target ? { to: e.v[v.target] as Pid } : {}) });
  }
  return out;
}

/** The keys of the messages a process delivered, in its order. */
export function deliveredBy(h: History, p: Pid, v: Vocabulary): string[] {
  const out: string[] = [];
  for (const e of h.events(p)) if (e.k === 'indication' && e.v.type === v.indication) out.push(keyOf(v, e.v[v.sender] as Pid, e.v));
  return out;
}

export function all(h: History): Pid[] {
  return Array.from({ length: h.n }, (_, i) => i);
}
