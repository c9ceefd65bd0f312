/**
 * checkSequentialConsistency: is there one order of all operations, legal for
 * the model, that keeps each process's own order (real time between
 * processes does not count)? Depth-first search over which process moves
 * next, memoising (consumed operations, state) like the WGL search. An
 * operation with an unknown outcome is either applied in its place or
 * skipped (it never took effect). Not compositional: keys are not split.
 */
import type { History, Operation } from './history.ts';
import { ILLEGAL, type Model } from './model.ts';
import type { CheckOptions, CheckResult, PartitionResult, StuckOperation } from './result.ts';
import { StateCache } from './cache.ts';
import { fmix32 as fmix32Imported, randomWords } from './hash.ts';
import { asHistory, now, prepareOperations, resolveModel } from './prepare.ts';
import { stopper } from './limits.ts';
import { outOf } from './linearizability.ts';

const SLICE = 1 << 14;
// Module-local copies: some loaders turn imported bindings into getter calls, which the hot loop feels.
const ILLEGAL_: typeof ILLEGAL = ILLEGAL;
const fmix32 = fmix32Imported;

export function checkSequentialConsistency(
  history: History | readonly Operation[],
  modelOrName: Model<any> | string,
  options: Omit<CheckOptions, 'partition'> = {},
): CheckResult {
  const start = now();
  const model = resolveModel(modelOrName);
  const h = asHistory(history);
  const ops = prepareOperations(h, model);
  const search = new ScSearch(model, ops);
  const stop = stopper(start, options);
  let reason: string | undefined;
  while (search.run(SLICE) === 'running') if ((reason = stop())) break;

  const base = { operations: ops.map((o) => o.id), steps: search.steps };
  let part: PartitionResult;
  if (search.status === 'ok') part = { ...base, verdict: 'ok', witness: search.applied().map((i) => ops[i].id) };
  else if (search.status === 'illegal') part = { ...base, verdict: 'illegal', ...search.explain() };
  else part = { ...base, verdict: 'unknown' };
  const verdict = search.status === 'running' ? 'unknown' : search.status;
  return {
    check: 'sequential',
    model: model.name,
    verdict,
    ...(verdict === 'unknown' ? { reason } : {}),
    operations: h.operations,
    partitions: [part],
    ...(verdict === 'illegal' ? { failed: part } : {}),
    steps: search.steps,
    configurations: search.cacheSize,
    elapsedMs: now() - start,
  };
}

class ScSearch<S> {
  steps = 0;
  status: 'ok' | 'illegal' | 'running' = 'running';
  private readonly queues: Int32Array[]; // per process, its ops in program order
  private readonly procOf: Int32Array;
  private readonly known: Uint8Array;
  private readonly zobrist: Int32Array;
  private readonly bits: Uint32Array;
  private readonly cache: StateCache<S>;
  private readonly pos: Int32Array;
  private readonly frameCursor: Int32Array;
  private readonly frameOp: Int32Array;
  private readonly frameApplied: Uint8Array;
  private readonly frameState: S[];
  private depth = 0;
  private cursor = 0;
  private state: S;
  private setHash = 0;
  private knownLeft: number;
  private best: { op: number; applied: boolean }[] = [];

  constructor(
    private readonly model: Model<S>,
    private readonly ops: readonly Operation[],
  ) {
    const n = ops.length;
    const byProc = new Map<number | string, number[]>();
    ops.forEach((o, i) => {
      let q = byProc.get(o.process);
      if (!q) byProc.set(o.process, (q = []));
      q.push(i);
    });
    this.queues = [...byProc.values()].map((q) => Int32Array.from(q.sort((a, b) => ops[a].call - ops[b].call || a - b)));
    this.procOf = new Int32Array(n);
    this.queues.forEach((q, p) => q.forEach((i) => (this.procOf[i] = p)));
    this.known = Uint8Array.from(ops, (o) => (o.ret === Infinity ? 0 : 1));
    this.knownLeft = this.known.reduce((a, b) => a + b, 0);
    this.zobrist = randomWords(n, 0x2545f491);
    this.bits = new Uint32Array(Math.max(1, (n + 31) >>> 5));
    this.cache = new StateCache<S>(this.bits.length, (a, b) => model.equal(a, b));
    this.pos = new Int32Array(this.queues.length);
    this.frameCursor = new Int32Array(n);
    this.frameOp = new Int32Array(n);
    this.frameApplied = new Uint8Array(n);
    this.frameState = new Array<S>(n);
    this.state = model.init();
  }

  get cacheSize(): number {
    return this.cache.size;
  }

  run(budget: number): 'ok' | 'illegal' | 'running' {
    if (this.status !== 'running') return this.status;
    const { model, ops, queues, procOf, known, zobrist, bits, cache, pos, frameCursor, frameOp, frameApplied, frameState } = this;
    const choices = queues.length * 2; // per process: apply its next op, or skip it (unknown outcome only)
    let { depth, cursor, state, setHash, knownLeft } = this;
    let steps = 0;
    for (;;) {
      if (knownLeft === 0) {
        this.status = 'ok';
        this.best = this.consumed(depth);
        break;
      }
      if (steps >= budget) break;
      steps++;
      if (cursor >= choices) {
        if (depth === 0) {
          this.status = 'illegal';
          break;
        }
        if (depth > this.best.length) this.best = this.consumed(depth);
        depth--;
        const op = frameOp[depth];
        pos[procOf[op]]--;
        bits[op >>> 5] &= ~(1 << (op & 31));
        setHash ^= zobrist[op];
        knownLeft += known[op];
        state = frameState[depth];
        cursor = frameCursor[depth];
        continue;
      }
      const p = cursor >>> 1;
      const skip = (cursor & 1) === 1;
      cursor++;
      const q = queues[p];
      if (pos[p] >= q.length) continue;
      const op = q[pos[p]];
      if (skip && known[op]) continue;
      let ns: S = state;
      if (!skip) {
        const r = model.step(state, ops[op].input, outOf(ops[op]));
        if (r === ILLEGAL_) continue;
        ns = r;
      }
      const bit = 1 << (op & 31);
      bits[op >>> 5] |= bit;
      const h = fmix32((setHash ^ zobrist[op]) + Math.imul(model.hash(ns), 0x9e3779b1));
      if (!cache.addIfAbsent(h, bits, ns)) {
        bits[op >>> 5] &= ~bit;
        continue;
      }
      frameCursor[depth] = cursor;
      frameOp[depth] = op;
      frameApplied[depth] = skip ? 0 : 1;
      frameState[depth] = state;
      depth++;
      pos[p]++;
      state = ns;
      setHash ^= zobrist[op];
      knownLeft -= known[op];
      cursor = 0;
    }
    Object.assign(this, { depth, cursor, state, setHash, knownLeft });
    this.steps += steps;
    return this.status;
  }

  private consumed(depth: number): { op: number; applied: boolean }[] {
    const out = [];
    for (let i = 0; i < depth; i++) out.push({ op: this.frameOp[i], applied: this.frameApplied[i] === 1 });
    return out;
  }

  /** Positions (in `ops`) of the operations that took effect, in order. */
  applied(): number[] {
    return this.best.filter((c) => c.applied).map((c) => c.op);
  }

  /** After the longest valid prefix, each process's next operation is impossible. */
  explain(): Pick<PartitionResult, 'longestPrefix' | 'stateAfterPrefix' | 'stuck'> {
    const { model, ops } = this;
    let state = model.init();
    for (const i of this.applied()) {
      const ns = model.step(state, ops[i].input, outOf(ops[i]));
      if (ns === ILLEGAL) throw new Error('internal: the longest prefix does not replay');
      state = ns;
    }
    const taken = new Set(this.best.map((c) => c.op));
    const stuck: StuckOperation[] = [];
    for (const q of this.queues) {
      const i = [...q].find((x) => !taken.has(x));
      if (i === undefined) continue;
      const o = ops[i];
      const legal = o.ret === Infinity || model.step(state, o.input, outOf(o)) !== ILLEGAL;
      stuck.push({
        id: o.id,
        reason: legal ? 'could take effect here, but no order of the remaining operations works after it' : `impossible in state ${model.describeState(state)}`,
      });
    }
    return { longestPrefix: this.applied().map((i) => ops[i].id), stateAfterPrefix: model.describeState(state), stuck };
  }
}
