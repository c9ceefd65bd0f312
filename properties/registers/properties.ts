/**
 * Register properties over the system history: atomic (linearizable), regular and safe.
 *
 * The vocabulary, shared by all three (each a parameter): requests `{ type: write, v }` and
 * `{ type: read }` (kv: with a `key` field; cas-register: `{ type: cas, v: [old, new] }`); one
 * `{ type: respond, v }` indication answers each request at the process that got it, in request
 * order: `v` is the value a read returns (a cas's true or false; a write's response needs no
 * value). A request with no response yet, or whose process crashed, has an unknown outcome.
 * The spec must set `realTime: true`, so that the history knows which operations had
 * completed when each one was invoked (see operations.ts).
 */
import { defineProperty } from '../../src/system/history.ts';
import { checkLinearizability } from '../linearizability/linearizability.ts';
import { getModel } from '../linearizability/models/index.ts';
import { equalValues } from '../linearizability/hash.ts';
import { checkerOperations, concurrent, describeOp, memoByHistory, precedes, registerOperations, type ModelName, type RegisterOp, type RegisterVocabulary } from './operations.ts';

const vocabulary = { read: 'read', write: 'write', cas: 'cas', response: 'respond', value: 'v', key: 'key' };

const VOCABULARY_TEXT =
  'requests { type: write, v } and { type: read } (kv: with a key field; cas: v: [old, new]), each answered in order by a { type: respond, v } indication at the same process (v: the value read); needs realTime: true';

const MODELS = ['register', 'cas-register', 'kv'];

/** The real-time order among these operations, immediate pairs only: "a before b". */
function realTimeText(ops: readonly RegisterOp[]): string {
  const pairs: string[] = [];
  for (const a of ops) {
    for (const b of ops) {
      if (!precedes(a, b)) continue;
      // skip a pair implied by a chain a < c < b
      if (ops.some((c) => precedes(a, c) && precedes(c, b))) continue;
      pairs.push(`${describeOp(a)} returned before ${describeOp(b)} was invoked`);
    }
  }
  return pairs.length ? pairs.join('; ') : 'all of them concurrent';
}

export const linearizable = defineProperty({
  name: 'linearizable',
  kind: 'safety',
  description: `atomicity: the operations take effect in one order, legal for the model (register, cas-register or kv), each at some instant between its invocation and its response (an operation with no response may take effect or not). Vocabulary: ${VOCABULARY_TEXT}`,
  params: { ...vocabulary, model: 'register' },
  make: (p) => {
    if (!MODELS.includes(p.model)) throw new Error(`linearizable: unknown model '${p.model}' (known: ${MODELS.join(', ')})`);
    const model = getModel(p.model);
    const voc = p as RegisterVocabulary;
    return memoByHistory((h) => {
      const ops = registerOperations(h, voc);
      if (ops.length < 2) return null;
      const r = checkLinearizability(checkerOperations(ops, p.model as ModelName), model);
      if (r.verdict !== 'illegal') return null;
      const ids = new Set(r.failed?.operations ?? ops.map((o) => o.id));
      const involved = ops.filter((o) => ids.has(o.id));
      return `not linearizable (${p.model}): no order of ${involved.map(describeOp).join(', ')} respects real time (${realTimeText(involved)})`;
    });
  },
});

/** Operations per key (a register has one key). */
function byKey(ops: readonly RegisterOp[]): RegisterOp[][] {
  const groups = new Map<string, RegisterOp[]>();
  for (const o of ops) {
    const k = JSON.stringify(o.key ?? null);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(o);
  }
  return [...groups.values()];
}

/** The writes that precede the read with no other write in between: the "last" writes before it. */
function lastWritesBefore(r: RegisterOp, writes: readonly RegisterOp[]): RegisterOp[] {
  const before = writes.filter((w) => precedes(w, r));
  return before.filter((w) => !before.some((x) => precedes(w, x)));
}

function showValue(v: unknown): string {
  return v === undefined || v === null ? 'nil' : JSON.stringify(v);
}

/**
 * Checks every completed read: it returns one of the allowed values, or (safe only) any value
 * when a write is concurrent with it.
 */
function checkReads(ops: readonly RegisterOp[], initial: unknown, safe: boolean): string | null {
  for (const group of byKey(ops)) {
    const writes = group.filter((o) => o.kind === 'write');
    for (const r of group) {
      if (r.kind !== 'read' || r.ret === Infinity) continue;
      const overlapping = writes.filter((w) => concurrent(w, r));
      if (safe && overlapping.length) continue;
      const last = lastWritesBefore(r, writes);
      const allowed = [...(last.length ? last.map((w) => w.arg) : [initial]), ...overlapping.map((w) => w.arg)];
      if (allowed.some((v) => equalValues(v ?? null, r.result ?? null))) continue;
      const lastText = last.length ? last.map(describeOp).join(' or ') : `none (the initial value ${showValue(initial)})`;
      const overText = overlapping.length ? `; concurrent writes: ${overlapping.map(describeOp).join(', ')}` : '; no write is concurrent with it';
      return `${describeOp(r)}: the last write before it is ${lastText}${overText}`;
    }
  }
  return null;
}

export const regular = defineProperty({
  name: 'regular',
  kind: 'safety',
  description: `regularity: every read returns the value of the last write before it (the initial value if none) or of a write concurrent with it. With several writers, "the last write" is any write that precedes the read with no other write in between; kv stores are checked per key. Vocabulary: ${VOCABULARY_TEXT}`,
  params: { read: vocabulary.read, write: vocabulary.write, response: vocabulary.response, value: vocabulary.value, key: vocabulary.key, initial: null },
  make: (p) => {
    const voc = { ...p, cas: '\u0000no-cas' } as RegisterVocabulary;
    return memoByHistory((h) => checkReads(registerOperations(h, voc), p.initial, false));
  },
});

export const safe = defineProperty({
  name: 'safe',
  kind: 'safety',
  description: `safety (Lamport's safe register): a read that no write is concurrent with returns the value of the last write before it (the initial value if none); a read concurrent with a write may return anything. kv stores are checked per key. Vocabulary: ${VOCABULARY_TEXT}`,
  params: { read: vocabulary.read, write: vocabulary.write, response: vocabulary.response, value: vocabulary.value, key: vocabulary.key, initial: null },
  make: (p) => {
    const voc = { ...p, cas: '\u0000no-cas' } as RegisterVocabulary;
    return memoByHistory((h) => checkReads(registerOperations(h, voc), p.initial, true));
  },
});
