/**
 * One worker of a distributed breadth-first search, in a process of its own (started by the
 * coordinator, or by `protocheck worker` on any machine that reaches the store). It rebuilds
 * the model from the source the run names, then, until the run ends: takes a batch of the
 * current level from the level's stream (its consumer group hands each batch to one worker),
 * or claims one that another worker has held for `claimIdleMs` without committing (XAUTOCLAIM:
 * that worker is taken for dead), expands it, test-and-sets the successors in the visited
 * set, and commits the batch (scripts.ts). With nothing left to take it tries to close the
 * level. A worker keeps nothing between batches: the run's state is all in Redis.
 */
import { hostname } from 'node:os';
import { loadModel, type ModelSource } from '../core/parallel-protocol.ts';
import type { Model } from '../core/model.ts';
import { memoryLimit } from '../core/limits.ts';
import { decodeStates, encodeFinding, encodeStates, fpBytes, linkBytes } from './codec.ts';
import { expandBatch, judgeNew } from './expand.ts';
import { scripts, type Scripts } from './scripts.ts';
import { connect, CURRENT_RUN, GROUP, RunKeys, type Store } from './store.ts';
import { initialFingerprints, readMeta, type RunMeta } from './run-state.ts';
import { deserialize } from 'node:v8';

export interface WorkerOptions {
  store: string;
  /** The run to join (default: the one the last coordinator started). */
  run?: string;
  /** How long to wait for a run to join, in ms (default 30 s). */
  waitMs?: number;
  /** Called with each line of what it does (default: nothing). */
  log?: (line: string) => void;
  /**
   * A worker the coordinator started on its machine: stop when the coordinator's heartbeat in
   * the run is older than this (ms), as when its thread was stopped (Ctrl-C, the watchdog)
   * without a word to its processes. The run stays in the store, to be resumed.
   */
  followCoordinatorMs?: number;
}

export interface WorkerReport {
  run: string;
  batches: number;
  expanded: number;
  /** Batches it took over from a worker that stopped answering. */
  claimed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Works on a run until it is done or halted; resolves with what this worker did. */
export async function runWorker(opts: WorkerOptions): Promise<WorkerReport> {
  const store = connect(opts.store);
  try {
    const run = opts.run ?? (await waitForRun(store, opts.waitMs ?? 30_000));
    const partitions = Number(await store.hget(`protocheck:${run}:{${run}}:meta`, 'partitions'));
    if (!partitions) throw new Error(`the store has no run ${run}`);
    const keys = new RunKeys(run, partitions);
    const meta = await readMeta(store, keys);
    const source = deserialize((await store.hgetBuffer(keys.meta, 'source')) as Buffer) as ModelSource;
    const model = await loadModel(source);
    const theirs = await store.hgetBuffer(keys.meta, 'inits');
    if (theirs && !theirs.equals(initialFingerprints(model))) {
      throw new Error(`the model this worker built from ${source.module} has other initial states than the coordinator's: are the spec and protocol the same files on this machine?`);
    }
    const me = `${hostname()}:${process.pid}`;
    opts.log?.(`worker ${me} joined run ${run}`);
    const report = await work(store, scripts(store), keys, meta, model, me, opts.followCoordinatorMs);
    opts.log?.(`worker ${me}: ${report.batches} batches (${report.claimed} claimed from others), ${report.expanded} states expanded`);
    return report;
  } finally {
    store.disconnect();
  }
}

async function waitForRun(store: Store, waitMs: number): Promise<string> {
  const until = Date.now() + waitMs;
  for (;;) {
    const run = await store.get(CURRENT_RUN);
    if (run) return run;
    if (Date.now() > until) throw new Error(`no run to join in the store after ${waitMs / 1000} s (start one with protocheck check --store ...)`);
    await sleep(200);
  }
}

type Entry = [id: string, fields: Buffer[]];
// ioredis has the buffer form of every command, but its types leave out this one's (and its callBuffer loses the command name when autopipelining)
type XAutoClaim = { xautoclaimBuffer(...args: (string | number)[]): Promise<unknown> };

async function work(store: Store, sc: Scripts, keys: RunKeys, meta: RunMeta, model: Model<unknown, unknown>, me: string, followMs?: number): Promise<WorkerReport> {
  const report: WorkerReport = { run: keys.run, batches: 0, expanded: 0, claimed: 0 };
  let idle = 0;
  for (;;) {
    const [level, status, halt, beat] = await store.hmget(keys.meta, 'level', 'status', 'halt', 'beat');
    if (followMs !== undefined && beat !== null && Date.now() - Number(beat) > followMs) return report;
    if (status === 'starting') {
      await sleep(50);
      continue;
    }
    if (status !== 'running' || halt) return report;
    const d = Number(level);
    let entry: Entry | undefined;
    let claimed = false;
    try {
      const r = (await store.xreadgroupBuffer('GROUP', GROUP, me, 'COUNT', 1, 'STREAMS', keys.level(d), '>')) as [Buffer, Entry[]][] | null;
      entry = r?.[0]?.[1]?.[0];
      if (!entry) {
        const c = (await (store as unknown as XAutoClaim).xautoclaimBuffer(keys.level(d), GROUP, me, meta.claimIdleMs, '0-0', 'COUNT', 1)) as [Buffer, Entry[]];
        entry = c?.[1]?.[0];
        claimed = entry !== undefined;
      }
    } catch (err) {
      // the level ended (its stream is gone) between reading the level and reading its stream
      if (/NOGROUP/.test(String(err))) continue;
      throw err;
    }
    if (!entry) {
      const r = await sc.advance(keys.meta, keys.level(d), keys.level(d + 1), d);
      if (r === 0) await sleep(Math.min(5 * ++idle, 50));
      continue;
    }
    idle = 0;
    const limit = memoryLimit(0, undefined, ` of worker ${me}`);
    if (limit) {
      await store.hset(keys.meta, 'halt', JSON.stringify(limit));
      return report;
    }
    const done = await batch(sc, keys, meta, model, me, d, entry);
    if (done) {
      report.batches++;
      report.expanded += done;
      if (claimed) report.claimed++;
    }
  }
}

/** Expands one batch and commits it; the number of states expanded, or 0 when another worker had taken it over. */
async function batch(sc: Scripts, keys: RunKeys, meta: RunMeta, model: Model<unknown, unknown>, me: string, d: number, entry: Entry): Promise<number> {
  const [id, fields] = entry;
  let fps: Buffer | undefined, payload: Buffer | undefined;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i].toString();
    if (name === 'f') fps = fields[i + 1];
    else if (name === 's') payload = fields[i + 1];
  }
  const states = decodeStates(payload as Buffer);
  const parentFp = (i: number) => (fps as Buffer).subarray(i * 8, i * 8 + 8);
  const x = expandBatch(model, states, d < meta.maxDepth, meta.checkDeadlock);

  // test-and-set, one script call per part of the visited set (autopipelined)
  const byPart = new Map<number, number[]>();
  for (let c = 0; c < x.candidates.length; c++) {
    const p = keys.partOf(x.candidates[c].lo);
    let l = byPart.get(p);
    if (!l) byPart.set(p, (l = []));
    l.push(c);
  }
  const isNew = new Uint8Array(x.candidates.length);
  await Promise.all(
    [...byPart].map(async ([p, cs]) => {
      const args: Buffer[] = [];
      for (const c of cs) {
        const k = x.candidates[c];
        args.push(fpBytes(k.hi, k.lo), linkBytes(parentFp(k.parent), k.choice));
      }
      const r = await sc.testAndSet(keys.visited(p), ...args);
      for (let j = 0; j < cs.length; j++) isNew[cs[j]] = r[j];
    }),
  );

  const findings: string[] = x.findings.map((f) => encodeFinding(d, parentFp(f.parent), f.finding));
  const outFps: Buffer[] = [];
  const outStates: unknown[] = [];
  let fresh = 0;
  for (let c = 0; c < x.candidates.length; c++) {
    if (!isNew[c]) continue;
    fresh++;
    const k = x.candidates[c];
    const f = judgeNew(model, k.state);
    if (f) {
      findings.push(encodeFinding(d + 1, fpBytes(k.hi, k.lo), f));
      continue;
    }
    outFps.push(fpBytes(k.hi, k.lo));
    outStates.push(k.state);
  }
  const cov = new Map<string, [number, number]>();
  for (const t of x.taken) {
    if (t.kind === undefined) continue;
    let e = cov.get(t.kind);
    if (!e) cov.set(t.kind, (e = [0, 0]));
    e[0]++;
    if (t.candidate >= 0 && isNew[t.candidate]) e[1]++;
  }
  const args: (string | Buffer | number)[] = [keys.meta, keys.level(d), keys.level(d + 1), keys.found, keys.coverage, me, id.toString(), d, x.generated, fresh, x.quiescent, x.truncated ? 1 : 0, cov.size];
  for (const [kind, [t, n]] of cov) args.push(kind, t, n);
  args.push(findings.length, ...findings);
  const size = meta.batchSize;
  const nout = Math.ceil(outStates.length / size);
  args.push(nout);
  for (let b = 0; b < nout; b++) args.push(Buffer.concat(outFps.slice(b * size, (b + 1) * size)), encodeStates(outStates.slice(b * size, (b + 1) * size)));
  const ok = await sc.commit(...args);
  return ok === 1 ? states.length : 0;
}
