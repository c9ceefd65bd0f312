/**
 * A run's state in Redis, as the coordinator writes and reads it: its settings, the initial
 * level, the counters, the findings, the path of a state through the parent links, and its
 * removal. The workers read the settings (readMeta) and nothing else of it.
 */
import { serialize } from 'node:v8';
import type { Model } from '../core/model.ts';
import type { ModelSource } from '../core/parallel-protocol.ts';
import { fp } from '../core/fingerprint.ts';
import { hashState } from '../core/state-hash.ts';
import type { ActionCoverage } from '../core/search.ts';
import { invariantFinding } from '../core/verdict.ts';
import { decodeFinding, encodeFinding, encodeStates, fpBytes, linkBytes, readLink, type StoredFinding } from './codec.ts';
import type { Scripts } from './scripts.ts';
import { GROUP, type RunKeys, type Store } from './store.ts';

export interface RunMeta {
  batchSize: number;
  claimIdleMs: number;
  /** Infinity: no depth bound. */
  maxDepth: number;
  checkDeadlock: boolean;
}

export async function readMeta(store: Store, keys: RunKeys): Promise<RunMeta> {
  const [b, c, m, dl] = await store.hmget(keys.meta, 'batchSize', 'claimIdleMs', 'maxDepth', 'checkDeadlock');
  return { batchSize: Number(b), claimIdleMs: Number(c), maxDepth: m === 'inf' ? Infinity : Number(m), checkDeadlock: dl === '1' };
}

/** Removes every key of the run (the visited parts, the levels up to the one reached, the rest). */
export async function dropRun(store: Store, keys: RunKeys): Promise<void> {
  const level = Number((await store.hget(keys.meta, 'level')) ?? 0);
  const dels: Promise<unknown>[] = [];
  for (let p = 0; p < keys.partitions; p++) dels.push(store.unlink(keys.visited(p)));
  for (let d = 0; d <= level + 1; d++) dels.push(store.unlink(keys.level(d)));
  dels.push(store.unlink(keys.found), store.unlink(keys.coverage), store.unlink(keys.meta));
  await Promise.all(dels);
}

/**
 * Starts a run: its settings and model source, then the initial states as level 0 (each
 * test-and-set like any successor, judged by the invariants). Returns the findings in them.
 */
export async function startRun(store: Store, sc: Scripts, keys: RunKeys, model: Model<unknown, unknown>, source: ModelSource, meta: RunMeta): Promise<void> {
  await store.hset(keys.meta, {
    partitions: keys.partitions,
    batchSize: meta.batchSize,
    claimIdleMs: meta.claimIdleMs,
    maxDepth: meta.maxDepth === Infinity ? 'inf' : meta.maxDepth,
    checkDeadlock: meta.checkDeadlock ? '1' : '0',
    source: serialize(source),
    level: 0,
    status: 'starting',
    distinct: 0,
    generated: 0,
    quiescent: 0,
  });
  await store.xgroup('CREATE', keys.level(0), GROUP, '0', 'MKSTREAM');
  const inits = model.initialStates();
  const outFps: Buffer[] = [];
  const outStates: unknown[] = [];
  let fresh = 0;
  for (let i = 0; i < inits.length; i++) {
    hashState(model, inits[i]);
    const f = fpBytes(fp.hi, fp.lo);
    const [isNew] = await sc.testAndSet(keys.visited(keys.partOf(fp.lo)), f, linkBytes(undefined, i));
    if (!isNew) continue;
    fresh++;
    const finding = invariantFinding(model, inits[i]);
    if (finding) {
      await store.rpush(keys.found, encodeFinding(0, f, finding));
      await store.hset(keys.meta, 'stop', '1');
      continue;
    }
    outFps.push(f);
    outStates.push(inits[i]);
  }
  for (let b = 0; b < outStates.length; b += meta.batchSize) {
    await store.xadd(keys.level(0), '*', 'f', Buffer.concat(outFps.slice(b, b + meta.batchSize)), 's', encodeStates(outStates.slice(b, b + meta.batchSize)));
  }
  await store.hset(keys.meta, 'inits', initialFingerprints(model));
  await store.hset(keys.meta, { distinct: fresh, 'added:0': Math.ceil(outStates.length / meta.batchSize), status: outStates.length === 0 ? 'done' : 'running' });
}

/**
 * The fingerprints of the model's initial states, in order: a worker compares its own with the
 * coordinator's, so that a machine whose spec or protocol differs (another checkout) refuses to
 * work rather than explore another model into the same visited set. A difference past the
 * initial states goes unnoticed.
 */
export function initialFingerprints(model: Model<unknown, unknown>): Buffer {
  return Buffer.concat(
    model.initialStates().map((s) => {
      hashState(model, s);
      return fpBytes(fp.hi, fp.lo);
    }),
  );
}

export interface RunFigures {
  status: string;
  level: number;
  distinct: number;
  generated: number;
  quiescent: number;
  truncated: boolean;
  stop: boolean;
  halt?: string;
  /** Batches of the current level not yet committed, and batches of the next level so far. */
  queuedBatches: number;
}

export async function readFigures(store: Store, keys: RunKeys): Promise<RunFigures> {
  const level = Number(await store.hget(keys.meta, 'level'));
  const [status, distinct, generated, quiescent, truncated, stop, halt, added, acked, next] = await store.hmget(keys.meta, 'status', 'distinct', 'generated', 'quiescent', 'truncated', 'stop', 'halt', `added:${level}`, `acked:${level}`, `added:${level + 1}`);
  return {
    status: status ?? 'missing',
    level,
    distinct: Number(distinct ?? 0),
    generated: Number(generated ?? 0),
    quiescent: Number(quiescent ?? 0),
    truncated: truncated === '1',
    stop: stop === '1',
    ...(halt ? { halt } : {}),
    queuedBatches: Number(added ?? 0) - Number(acked ?? 0) + Number(next ?? 0),
  };
}

export async function readCoverage(store: Store, keys: RunKeys): Promise<Record<string, ActionCoverage>> {
  const h = await store.hgetall(keys.coverage);
  const out: Record<string, ActionCoverage> = {};
  for (const [k, v] of Object.entries(h)) {
    const kind = k.slice(2);
    const c = (out[kind] ??= { taken: 0, distinct: 0 });
    if (k.startsWith('t:')) c.taken = Number(v);
    else c.distinct = Number(v);
  }
  return out;
}

/**
 * The finding a search reports: the shallowest (so its trace is a shortest one), and among
 * findings of one depth the one whose state's fingerprint is least. bfs reports the first it
 * meets in its order instead, which workers do not share: with several violations at the
 * shallowest depth the two may name different ones (of the same length).
 */
export async function firstFinding(store: Store, keys: RunKeys): Promise<StoredFinding | undefined> {
  const all = (await store.lrange(keys.found, 0, -1)).map(decodeFinding);
  all.sort((a, b) => a.depth - b.depth || (a.fp < b.fp ? -1 : a.fp > b.fp ? 1 : 0));
  return all[0];
}

/** The choices from an initial state to the state of fingerprint `hex`, through the parent links: [initial index, action, ...]. */
export async function pathOf(store: Store, keys: RunKeys, hex: string): Promise<number[]> {
  const path: number[] = [];
  let cur: Buffer | undefined = Buffer.from(hex, 'hex');
  while (cur) {
    const lo = cur.readUInt32BE(4);
    const link = await store.hgetBuffer(keys.visited(keys.partOf(lo)), cur);
    if (!link) throw new Error(`the store lost the parent link of state ${cur.toString('hex')}`);
    const l = readLink(link);
    path.push(l.choice);
    cur = l.parent ? Buffer.from(l.parent) : undefined;
  }
  return path.reverse();
}
