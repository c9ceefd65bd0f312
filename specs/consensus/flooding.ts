/**
 * One instance of Flooding Uniform Consensus (Cachin, Guerraoui, Rodrigues, algorithm 5.3),
 * as pure functions over a slice of a process's state, so that a protocol can run one
 * instance (specs/consensus) or a sequence of them (total-order broadcast, group
 * membership).
 *
 * Fail-stop model: a perfect failure detector tells each process which processes crashed.
 * In every round a process floods the set of proposals it knows; it moves to the next round
 * once it has heard the current round from every process not detected as crashed, and
 * after the last round it decides the least value of its set (least in `order`).
 *
 * The book's "upon deliver [PROPOSAL, r, ps] such that r = round" keeps a message of a later
 * round until the process gets there: here such messages wait in `later`. A message of an
 * earlier round can only come from a process detected as crashed (a live one was waited
 * for), and is ignored, as in the book. A process's own message reaches itself at once.
 */
import type { Pid } from '../../src/index.ts';

export interface Instance<V> {
  proposed: boolean;
  round: number;
  /** The proposal set, sorted by `order`, without duplicates. */
  values: V[];
  /** The processes heard from in the current round, sorted. */
  heard: Pid[];
  /** Messages of rounds this process has not reached yet, by round. */
  later: { r: number; heard: Pid[]; values: V[] }[];
  decision: V | null;
}

export interface Rules<V> {
  /** The number of rounds: N in the book (see flooding-uniform-consensus.ts for how many this P needs). */
  rounds: number;
  /** A total order on values; the decision is the least value heard of. */
  order: (a: V, b: V) => number;
  /**
   * false is a broken rule: a process stops waiting as soon as it has heard from all
   * processes but one, as if the missing one had crashed, whatever the detector says.
   */
  waitForDetector: boolean;
}

/** What a process floods in a round. */
export interface RoundMessage<V> {
  r: number;
  values: V[];
}

export function startInstance<V>(): Instance<V> {
  return { proposed: false, round: 1, values: [], heard: [], later: [], decision: null };
}

export function addPid(set: Pid[], p: Pid): void {
  if (set.includes(p)) return;
  set.push(p);
  set.sort((a, b) => a - b);
}

function addValues<V>(set: V[], vs: readonly V[], order: (a: V, b: V) => number): void {
  for (const v of vs) if (!set.some((x) => order(x, v) === 0)) set.push(v);
  set.sort(order);
}

/** Proposes v: returns the round-1 message to flood to the other processes. */
export function propose<V>(inst: Instance<V>, v: V, self: Pid, rules: Rules<V>): RoundMessage<V> {
  addValues(inst.values, [v], rules.order);
  inst.proposed = true;
  addPid(inst.heard, self);
  return { r: 1, values: inst.values.slice() };
}

export function receive<V>(inst: Instance<V>, msg: RoundMessage<V>, from: Pid, rules: Rules<V>): void {
  if (inst.decision !== null || msg.r < inst.round) return;
  if (msg.r === inst.round) {
    addPid(inst.heard, from);
    addValues(inst.values, msg.values, rules.order);
    return;
  }
  let slot = inst.later.find((l) => l.r === msg.r);
  if (!slot) {
    slot = { r: msg.r, heard: [], values: [] };
    inst.later.push(slot);
    inst.later.sort((a, b) => a.r - b.r);
  }
  addPid(slot.heard, from);
  addValues(slot.values, msg.values, rules.order);
}

function roundComplete<V>(inst: Instance<V>, all: readonly Pid[], detected: readonly Pid[], rules: Rules<V>): boolean {
  if (!rules.waitForDetector && inst.heard.length >= all.length - 1) return true;
  return all.every((q) => detected.includes(q) || inst.heard.includes(q));
}

/**
 * Moves through every round that is complete; returns the messages to flood on the way and
 * whether the instance decided (its decision is then `inst.decision`).
 */
export function advance<V>(inst: Instance<V>, self: Pid, all: readonly Pid[], detected: readonly Pid[], rules: Rules<V>): { floods: RoundMessage<V>[]; decided: boolean } {
  const floods: RoundMessage<V>[] = [];
  while (inst.proposed && inst.decision === null && roundComplete(inst, all, detected, rules)) {
    if (inst.round >= rules.rounds) {
      inst.decision = inst.values[0];
      inst.later = [];
      return { floods, decided: true };
    }
    inst.round++;
    inst.heard = [self];
    floods.push({ r: inst.round, values: inst.values.slice() });
    const early = inst.later.findIndex((l) => l.r === inst.round);
    if (early >= 0) {
      for (const q of inst.later[early].heard) addPid(inst.heard, q);
      addValues(inst.values, inst.later[early].values, rules.order);
      inst.later.splice(early, 1);
    }
  }
  return { floods, decided: false };
}
