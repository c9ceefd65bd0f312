/**
 * One worker thread of a parallel breadth-first search (see parallel.ts for the protocol).
 * It rebuilds the model from its source, expands its share of each level, inserts the
 * successors into the shared visited set, and keeps the new states it claimed as its share of
 * the next level. The coordinator moves states between workers to even the shares out.
 */
import { hashState } from './state-hash.ts';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { fp } from './fingerprint.ts';
import type { Model } from './model.ts';
import { C_PAUSE, C_STOP, C_SYNC, SharedVisited } from './parallel-table.ts';
import type { ActionCoverage } from './search.ts';
import { deadlockFinding, invariantFinding, modelErrorFinding, quiescentFinding, type Finding } from './verdict.ts';
import { memoryLimit, statesLimit } from './limits.ts';
import { loadModel, type ToCoordinator, type ToWorker, type WorkerInit } from './parallel-protocol.ts';
import { deepFreeze } from './state-bytes.ts';

const init = workerData as WorkerInit;
const port = parentPort as MessagePort;
const ctrl = new Int32Array(init.control);
const figures = new Float64Array(init.figures);
const me = init.index;
let visited = new SharedVisited(init.tables, ctrl);

let model: Model<unknown, unknown>;
/** Ports to the other workers, by worker index (undefined for this one). */
const peers: (MessagePort | undefined)[] = [];

// this worker's share of the level being expanded, and of the next one
let cur: unknown[] = [];
let curIds: number[] = [];
let pos = 0;
let next: unknown[] = [];
let nextIds: number[] = [];
let depth = 0;
let expand = true;
let truncated = false;

// successors computed but not inserted when PAUSE came: inserted first on resume
interface Pending {
  state: unknown;
  hi: number;
  lo: number;
  parent: number;
  choice: number;
  kind: string | undefined;
}
let pending: Pending[] = [];

let generated = 0;
let expanded = 0;
let quiescent = 0;
const coverage = new Map<string, ActionCoverage>();

/** This worker's figures, for the coordinator's progress reports (and its report if this worker dies). */
function publish(): void {
  figures[me * 4] = generated;
  figures[me * 4 + 1] = expanded;
  figures[me * 4 + 2] = cur.length - pos + next.length + pending.length;
  figures[me * 4 + 3] = quiescent;
}

function post(m: ToCoordinator): void {
  publish();
  Atomics.add(ctrl, C_SYNC, 1); // publishes the writes above (and the table's) before the report
  try {
    port.postMessage(m);
  } catch {
    // a cause that cannot be cloned: send its text
    if (m.type === 'violation') port.postMessage({ ...m, finding: { ...m.finding, cause: m.finding.cause instanceof Error ? new Error(m.finding.cause.message) : String(m.finding.cause) } });
    else throw new Error(`cannot post ${m.type}`);
  }
}

function violation(finding: Finding, id: number, atDepth: number): 'stopped' {
  Atomics.store(ctrl, C_STOP, 1);
  post({ type: 'violation', finding, id, depth: atDepth });
  return 'stopped';
}

function count(kind: string | undefined, isNew: boolean): void {
  if (kind === undefined) return;
  let c = coverage.get(kind);
  if (c === undefined) coverage.set(kind, (c = { taken: 0, distinct: 0 }));
  c.taken++;
  if (isNew) c.distinct++;
}

/** Inserts one successor; false when it breaks an invariant (reported). */
function insert(state: unknown, hi: number, lo: number, parent: number, choice: number, kind: string | undefined): boolean {
  const id = visited.add(hi, lo, parent, choice);
  count(kind, id >= 0);
  if (id < 0) return true;
  const f = invariantFinding(model, state);
  if (f !== undefined) {
    violation(f, id, depth + 1);
    return false;
  }
  next.push(state);
  nextIds.push(id);
  return true;
}

type Outcome = 'done' | 'paused' | 'stopped';

function drainPending(): Outcome | undefined {
  while (pending.length > 0) {
    if (Atomics.load(ctrl, C_STOP) !== 0) return 'stopped';
    if (Atomics.load(ctrl, C_PAUSE) !== 0) return 'paused';
    const p = pending.shift() as Pending;
    if (!insert(p.state, p.hi, p.lo, p.parent, p.choice, p.kind)) return 'stopped';
  }
  return undefined;
}

const kindOf = (a: unknown) => (model.actionKind ? model.actionKind(a) : undefined);

/** Expands this worker's share of the current level, from where it stopped. */
function run(): Outcome {
  const early = drainPending();
  if (early) return early;
  const o = init.options;
  const hasLiveness = (model.liveness?.length ?? 0) > 0;
  while (pos < cur.length) {
    if (Atomics.load(ctrl, C_STOP) !== 0) return 'stopped';
    if (Atomics.load(ctrl, C_PAUSE) !== 0) return 'paused';
    if (o.maxStates !== undefined && visited.size >= o.maxStates) {
      Atomics.store(ctrl, C_STOP, 1);
      post({ type: 'limit', limit: statesLimit(visited.size, o.maxStates) });
      return 'stopped';
    }
    if ((expanded & 127) === 127) {
      publish();
      const limit = memoryLimit(0, undefined, ` of worker ${me + 1}`);
      if (limit) {
        Atomics.store(ctrl, C_STOP, 1);
        post({ type: 'limit', limit });
        return 'stopped';
      }
    }
    const state = cur[pos];
    const id = curIds[pos];
    cur[pos] = undefined;
    pos++;
    expanded++;
    let actions: readonly unknown[];
    try {
      actions = model.actions(state);
    } catch (err) {
      return violation(modelErrorFinding(err, -1), id, depth);
    }
    if (hasLiveness) {
      const q = quiescentFinding(model, state, actions);
      if (q.quiescent) quiescent++;
      if (q.finding) return violation(q.finding, id, depth);
    }
    if (!expand) {
      if (actions.length > 0) truncated = true;
      continue;
    }
    let successors = 0;
    for (let i = 0; i < actions.length; i++) {
      let succ: unknown;
      try {
        succ = model.next(state, actions[i]);
        if (succ === null) continue;
        hashState(model, succ);
      } catch (err) {
        return violation(modelErrorFinding(err, i), id, depth);
      }
      successors++;
      generated++;
      if (pending.length > 0 || Atomics.load(ctrl, C_PAUSE) !== 0) {
        pending.push({ state: succ, hi: fp.hi, lo: fp.lo, parent: id, choice: i, kind: kindOf(actions[i]) });
        continue;
      }
      if (!insert(succ, fp.hi, fp.lo, id, i, kindOf(actions[i]))) return 'stopped';
    }
    if (successors === 0 && init.options.checkDeadlock) return violation(deadlockFinding, id, depth);
    if (pending.length > 0) return 'paused';
  }
  return 'done';
}

function report(outcome: Outcome): void {
  if (outcome === 'done') post({ type: 'done', next: next.length, truncated });
  else if (outcome === 'paused') post({ type: 'paused' });
  else post({ type: 'stopped' });
}

function onMessage(m: ToWorker): void {
  switch (m.type) {
    case 'initial': {
      // the initial states are level 0's successors of nothing
      const inits = model.initialStates();
      for (let i = 0; i < inits.length; i++) {
        try {
          hashState(model, inits[i]);
        } catch (err) {
          post({ type: 'failed', message: `initial state #${i}: ${err instanceof Error ? err.message : String(err)}` });
          return;
        }
        const id = visited.add(fp.hi, fp.lo, -1, i);
        if (id < 0) continue;
        const f = invariantFinding(model, inits[i]);
        if (f !== undefined) {
          report(violation(f, id, 0));
          return;
        }
        next.push(inits[i]);
        nextIds.push(id);
      }
      post({ type: 'done', next: next.length, truncated });
      return;
    }
    case 'level':
      cur = next;
      curIds = nextIds;
      next = [];
      nextIds = [];
      pos = 0;
      depth = m.depth;
      expand = m.expand;
      report(run());
      return;
    case 'resume':
      if (m.tables) visited = new SharedVisited(m.tables, ctrl);
      if (m.run) report(run());
      else post({ type: 'resumed' });
      return;
    case 'give': {
      // move `count` states of the next level to worker `to`
      const from = next.length - m.count;
      const states = next.splice(from);
      const ids = nextIds.splice(from);
      (peers[m.to] as MessagePort).postMessage({ states, ids });
      post({ type: 'gave', next: next.length });
      return;
    }
    case 'final':
      post({ type: 'final', coverage: Object.fromEntries(coverage), generated, expanded, quiescent, queued: cur.length - pos + next.length + pending.length });
      return;
  }
}

async function main(): Promise<void> {
  try {
    model = await loadModel(init.source);
  } catch (err) {
    post({ type: 'failed', message: `worker ${me + 1} could not build the model: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  const freezes = model.hash !== undefined;
  for (const [index, peer] of init.peers) {
    const p = peer as MessagePort;
    peers[index] = p;
    p.on('message', (batch: { states: unknown[]; ids: number[] }) => {
      for (let i = 0; i < batch.states.length; i++) {
        // a structured clone is a fresh, unfrozen copy; a model that hashes by parts (a system model)
        // makes frozen states whose successors share their parts, and catches a handler writing outside
        // its draft by the freeze: its states are frozen here as they would be at home
        if (freezes) deepFreeze(batch.states[i]);
        next.push(batch.states[i]);
        nextIds.push(batch.ids[i]);
      }
      post({ type: 'got', next: next.length });
    });
  }
  port.on('message', onMessage);
  post({ type: 'ready', liveness: (model.liveness?.length ?? 0) > 0 });
}

void main();
