/**
 * Consensus-Based Total-Order Broadcast (CGR algorithm 6.1), as pure functions over a slice
 * of a process's state, so that a protocol can deliver the messages (consensus-tob.ts) or
 * apply them as commands (replicated-state-machine.ts).
 *
 * Messages are reliably broadcast, lazily (CGR 3.3): a process relays the messages of a
 * sender only once P reports the sender crashed, so a sender that crashes mid-broadcast
 * cannot leave some correct processes without its message, and a run without crashes
 * sends each message once. A
 * process with messages received but not yet ordered proposes them, as a batch, in the
 * next consensus instance; each decided batch is delivered in a deterministic order (by
 * sender, then payload), and the next instance starts. The consensus is the flooding
 * uniform consensus with P of specs/consensus, deciding the least proposed batch.
 *
 * `useConsensus: false` is the broken variant: a process delivers each message as soon as
 * it receives it, in its own arrival order.
 */
import type { Pid } from '../../src/index.ts';
import { addPid, type Rules } from '../consensus/flooding.ts';
import { progress, receiveFor, startInstances, type InstanceMessage, type Instances } from '../consensus/instances.ts';

export interface Item {
  src: Pid;
  m: string;
}

export type Batch = Item[];

export type TobMessage = { type: 'DATA'; src: Pid; m: string } | ({ type: 'PROPOSAL' } & InstanceMessage<Batch>);

export interface TobParams {
  /** Rounds per consensus instance; 0: N. */
  rounds: number;
  useConsensus: boolean;
}

export interface TobState {
  /** Messages received (reliable broadcast), sorted. */
  received: Item[];
  /** Messages delivered, in delivery order. */
  delivered: Item[];
  detected: Pid[];
  consensus: Instances<Batch>;
}

export interface TobCtx {
  readonly self: Pid;
  readonly n: number;
  readonly all: readonly Pid[];
  readonly params: TobParams;
  broadcast(m: TobMessage, to?: readonly Pid[]): void;
}

const compareItems = (a: Item, b: Item): number => a.src - b.src || (a.m < b.m ? -1 : a.m > b.m ? 1 : 0);

function compareBatches(a: Batch, b: Batch): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareItems(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const has = (items: readonly Item[], it: Item): boolean => items.some((x) => compareItems(x, it) === 0);

export function startTob(): TobState {
  return { received: [], delivered: [], detected: [], consensus: startInstances<Batch>() };
}

function others(ctx: TobCtx): Pid[] {
  return ctx.all.filter((q) => q !== ctx.self);
}

/** Runs the consensus instances as far as they go; returns what they delivered, in order. */
function order(s: TobState, ctx: TobCtx): Item[] {
  const out: Item[] = [];
  const rules: Rules<Batch> = { rounds: ctx.params.rounds || ctx.n, order: compareBatches, waitForDetector: true };
  progress(s.consensus, {
    self: ctx.self,
    all: ctx.all,
    detected: s.detected,
    rules,
    proposal: () => {
      const unordered = s.received.filter((it) => !has(s.delivered, it));
      return unordered.length ? unordered.map((it) => ({ src: it.src, m: it.m })) : null;
    },
    decided: (batch) => {
      for (const it of batch.slice().sort(compareItems)) {
        if (has(s.delivered, it)) continue;
        const copy = { src: it.src, m: it.m };
        s.delivered.push(copy);
        out.push(copy);
      }
    },
    flood: (m) => ctx.broadcast({ type: 'PROPOSAL', ...m }, others(ctx)),
  });
  return out;
}

/** The reliable broadcast's first receipt of a message (its own, or relayed): returns what gets delivered. */
function receiveData(s: TobState, it: Item, ctx: TobCtx): Item[] {
  if (has(s.received, it)) return [];
  s.received.push(it);
  s.received.sort(compareItems);
  if (!ctx.params.useConsensus) {
    s.delivered.push({ ...it });
    return [it];
  }
  return order(s, ctx);
}

export function tobBroadcast(s: TobState, m: string, ctx: TobCtx): Item[] {
  ctx.broadcast({ type: 'DATA', src: ctx.self, m }, others(ctx));
  return receiveData(s, { src: ctx.self, m }, ctx);
}

export function tobReceive(s: TobState, msg: TobMessage, from: Pid, ctx: TobCtx): Item[] {
  if (msg.type === 'DATA') {
    const it = { src: msg.src, m: msg.m };
    if (!has(s.received, it) && s.detected.includes(msg.src)) ctx.broadcast(msg, others(ctx));
    return receiveData(s, it, ctx);
  }
  if (!ctx.params.useConsensus) return [];
  receiveFor(s.consensus, msg, from, { rounds: ctx.params.rounds || ctx.n, order: compareBatches, waitForDetector: true });
  return order(s, ctx);
}

export function tobCrash(s: TobState, q: Pid, ctx: TobCtx): Item[] {
  addPid(s.detected, q);
  for (const it of s.received) if (it.src === q) ctx.broadcast({ type: 'DATA', src: it.src, m: it.m }, others(ctx));
  return ctx.params.useConsensus ? order(s, ctx) : [];
}
