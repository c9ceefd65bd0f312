/**
 * The Byzantine adversary's vocabulary: the finite set of messages a Byzantine process may send
 * in a world, given what the Byzantine processes have received (their pooled knowledge: they
 * collude) and what the protocol declares (`messageFields`, `domains`, `pids`, `signatures`,
 * `certificates` in defineProtocol).
 *
 * - Every message of a declared type whose plain fields range over the field's declared domain
 *   and the values of that field in the messages received (of any type); a field named in
 *   `pids` ranges over every process.
 * - A signature field holds a token over the content the protocol declares for it (a function of
 *   the other fields): every such token received (at any depth, inside certificates and signed
 *   values too) and the Byzantine processes' own, or a value of the field's declared domain
 *   (such as null for an unsigned initial value). A token of a correct signer that was not
 *   received is never produced: signatures are unforgeable.
 * - A certificate field (a list of tokens over one content) holds a certificate received under
 *   that field whose tokens all sign the content, or the largest one the adversary can build:
 *   every token it holds over the content, its own included, in signer order.
 * - Every message received, verbatim (replay), whatever its type.
 *
 * What this leaves out, and why it does not hide the attacks the lessons are about: tokens over
 * contents other than the declared one (a protocol that verifies rejects them; one that does not
 * is caught by the adversary's own tokens, which carry the right content under the wrong
 * signer); certificates smaller than the largest buildable one (a threshold check that accepts
 * a certificate accepts any certificate over the same content with more distinct valid
 * signers; a protocol that wants exactly q signatures is outside this bound); values of a field
 * that neither the domain nor the run has produced.
 */
import { fingerprintHex } from '../../core/fingerprint.ts';
import type { Pid, ProtocolModule } from '../protocol.ts';
import { collectSignatures, isSignature, makeSignature, type Signature } from '../signatures.ts';
import type { Msg } from '../world.ts';
import { freezeDeep } from '../freeze.ts';

const hexes = new WeakMap<object, string>();
/** A value's fingerprint as text, cached per object. */
export function keyOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return fingerprintHex(v);
  let k = hexes.get(v);
  if (k === undefined) hexes.set(v, (k = fingerprintHex(v)));
  return k;
}

/** A list of distinct values, in first-seen order. */
class Distinct<T> {
  readonly items: T[] = [];
  private readonly keys = new Set<string>();
  add(v: T): void {
    const k = keyOf(v);
    if (this.keys.has(k)) return;
    this.keys.add(k);
    this.items.push(v);
  }
  has(v: T): boolean {
    return this.keys.has(keyOf(v));
  }
}

/** Every combination of one element from each list, in order (the first list varies slowest). */
function product<T>(lists: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const l of lists) out = out.flatMap((prefix) => l.map((x) => [...prefix, x]));
  return out;
}

const bySigner = (a: Signature, b: Signature) => a.by - b.by;

export class Vocabulary {
  private readonly cache = new WeakMap<readonly Msg[], readonly Msg[]>();
  private readonly pidFields: ReadonlySet<string>;
  private readonly all: readonly Pid[];

  constructor(
    private readonly protocol: ProtocolModule,
    n: number,
    private readonly byzantine: readonly Pid[],
  ) {
    this.pidFields = new Set(protocol.pids ?? []);
    this.all = Array.from({ length: n }, (_, i) => i);
  }

  /** The declared message types (the adversary also replays others it received). */
  types(): string[] {
    return Object.keys(this.protocol.messageFields ?? {});
  }

  /** What the adversary may send, given what it received (a sorted set): frozen messages, in a fixed order. */
  messages(known: readonly Msg[]): readonly Msg[] {
    let out = this.cache.get(known);
    if (!out) this.cache.set(known, (out = Object.freeze(this.build(known))));
    return out;
  }

  private build(known: readonly Msg[]): Msg[] {
    const { messageFields = {}, domains = {}, signatures = {}, certificates = {} } = this.protocol;
    const seen = new Map<string, Distinct<unknown>>();
    const tokens = new Distinct<Signature>();
    const certs = new Map<string, Distinct<readonly unknown[]>>();
    for (const m of known) {
      for (const [f, v] of Object.entries(m)) {
        if (f === 'type') continue;
        if (f in certificates) {
          if (Array.isArray(v)) (certs.get(f) ?? certs.set(f, new Distinct()).get(f)!).add(v);
        } else if (!(f in signatures)) (seen.get(f) ?? seen.set(f, new Distinct()).get(f)!).add(v);
      }
      const found: Signature[] = [];
      collectSignatures(m, found);
      for (const t of found) tokens.add(t);
    }
    const held = (content: unknown): Signature[] => {
      const k = keyOf(content);
      const out = new Distinct<Signature>();
      for (const t of tokens.items) if (keyOf(t.signed) === k) out.add(t);
      for (const b of this.byzantine) out.add(makeSignature(content, b));
      return out.items.sort(bySigner);
    };
    const out = new Distinct<Msg>();
    for (const [type, fields] of Object.entries(messageFields)) {
      const plain = fields.filter((f) => !(f in signatures) && !(f in certificates));
      const ranges = plain.map((f) => {
        if (this.pidFields.has(f)) return this.all as readonly unknown[];
        const d = new Distinct<unknown>();
        for (const v of domains[f] ?? []) d.add(v);
        for (const v of seen.get(f)?.items ?? []) d.add(v);
        return d.items;
      });
      for (const values of product(ranges)) {
        const partial: Record<string, unknown> = {};
        plain.forEach((f, i) => (partial[f] = values[i]));
        const signed = fields.filter((f) => !plain.includes(f));
        const choices = signed.map((f) => {
          // a signature field also takes its declared domain (e.g. null: "no signature yet")
          if (f in signatures) return [...held(signatures[f](partial)), ...(domains[f] ?? [])] as unknown[];
          const content = certificates[f](partial);
          const k = keyOf(content);
          const options = new Distinct<readonly unknown[]>();
          options.add(held(content));
          for (const c of certs.get(f)?.items ?? []) if (c.every((t) => isSignature(t) && keyOf(t.signed) === k)) options.add(c);
          return options.items as unknown[];
        });
        for (const extra of product(choices)) {
          const m: Record<string, unknown> = { type };
          for (const f of fields) m[f] = f in partial ? partial[f] : extra[signed.indexOf(f)];
          out.add(freezeDeep(m) as Msg);
        }
      }
    }
    for (const m of known) out.add(m);
    return out.items;
  }
}
