/**
 * A sequence of flooding uniform consensus instances (numbered 1, 2, ...), decided one
 * after the other, as total-order broadcast (CGR 6.1) and group membership (CGR 6.8) use
 * them. A process proposes in instance k only after it decided k - 1, but a faster process
 * may already flood instance k, so its messages wait in that instance's slot.
 */
import type { Pid } from '../../src/index.ts';
import { advance, propose, receive, startInstance, type Instance, type RoundMessage, type Rules } from './flooding.ts';

export interface Instances<V> {
  /** The instance this process decides next. */
  next: number;
  /** Instances this process has heard of and not decided: `next` and maybe later ones. */
  open: { k: number; inst: Instance<V> }[];
}

/** A round message of instance k. */
export type InstanceMessage<V> = RoundMessage<V> & { k: number };

export interface Participation<V> {
  self: Pid;
  all: readonly Pid[];
  detected: readonly Pid[];
  rules: Rules<V>;
  /** What this process proposes in the next instance, or null while it has nothing to propose. */
  proposal(): V | null;
  /** The decision of the next instance; the following instance starts after it returns. */
  decided(v: V): void;
  flood(m: InstanceMessage<V>): void;
}

export function startInstances<V>(): Instances<V> {
  return { next: 1, open: [] };
}

function slot<V>(seq: Instances<V>, k: number): Instance<V> {
  let s = seq.open.find((o) => o.k === k);
  if (!s) {
    s = { k, inst: startInstance<V>() };
    seq.open.push(s);
    seq.open.sort((a, b) => a.k - b.k);
  }
  return s.inst;
}

export function receiveFor<V>(seq: Instances<V>, msg: InstanceMessage<V>, from: Pid, rules: Rules<V>): void {
  if (msg.k < seq.next) return;
  receive(slot(seq, msg.k), { r: msg.r, values: msg.values }, from, rules);
}

/** Proposes when there is something to propose, and moves through every instance that decides. */
export function progress<V>(seq: Instances<V>, how: Participation<V>): void {
  for (;;) {
    const k = seq.next;
    const inst = slot(seq, k);
    if (!inst.proposed) {
      const v = how.proposal();
      if (v === null) return;
      how.flood({ k, ...propose(inst, v, how.self, how.rules) });
    }
    const { floods, decided } = advance(inst, how.self, how.all, how.detected, how.rules);
    for (const m of floods) how.flood({ k, ...m });
    if (!decided) return;
    const decision = inst.decision as V;
    seq.open = seq.open.filter((o) => o.k !== k);
    seq.next = k + 1;
    how.decided(decision);
  }
}
