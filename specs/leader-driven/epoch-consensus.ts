/**
 * Read/write epoch consensus (Cachin, Guerraoui, Rodrigues, algorithm 5.6): one instance,
 * the epoch with timestamp `ets` and leader `leader`, as pure functions over a slice of a
 * process's state. Every process holds the pair (valts, val): the value it last accepted and
 * the epoch that wrote it. The leader proposes by READing the pairs of all processes; once a
 * majority answered (STATE) it WRITEs the value with the highest timestamp among them, or its
 * own proposal if none holds a value; once a majority ACCEPTed the write it broadcasts
 * DECIDED. Aborting an epoch hands its (valts, val) to the next one.
 *
 * Every message carries its epoch's timestamp, and a process handles only the messages of
 * the epoch it is in: an instance that was aborted has halted, and a message of an epoch the
 * process never started has no instance to go to.
 */
import type { Pid } from '../../src/index.ts';

export interface EpochState {
  valts: number;
  val: string | null;
}

export type EpochMessage =
  | { type: 'READ'; ets: number }
  | { type: 'STATE'; ets: number; valts: number; val: string | null }
  | { type: 'WRITE'; ets: number; v: string }
  | { type: 'ACCEPT'; ets: number }
  | { type: 'DECIDED'; ets: number; v: string };

/**
 * The leader's progress in its epoch. A STATE or an ACCEPT that comes after the majority the
 * leader acted on is ignored: in the book it is recorded but can never make a second
 * majority (fewer than N/2 processes are left to answer), so dropping it changes no run and
 * keeps states that differ only by such leftovers apart from multiplying.
 */
export type Phase = 'idle' | 'reading' | 'writing' | 'done';

export interface EpochConsensus extends EpochState {
  ets: number;
  leader: Pid;
  phase: Phase;
  /** Leader: the value it will write (its proposal, or the highest value a majority reported). */
  tmpval: string | null;
  /** Leader: the STATE each process reported, by pid (null: none yet). */
  states: (EpochState | null)[];
  /** Leader: how many ACCEPTs it got for its write. */
  accepted: number;
}

/** What an instance may do: talk to the processes, and decide. */
export interface EpochLinks {
  readonly self: Pid;
  readonly n: number;
  send(to: Pid, m: EpochMessage): void;
  broadcast(m: EpochMessage): void;
}

export interface EpochRules {
  /**
   * Broken when true: the leader writes its own proposal whatever the STATEs report, the
   * analogue of a Paxos proposer that ignores the values in the promises it got.
   */
  ignoreStates: boolean;
}

export function initEpoch(ets: number, leader: Pid, state: EpochState, n: number): EpochConsensus {
  return { ets, leader, phase: 'idle', valts: state.valts, val: state.val, tmpval: null, states: Array(n).fill(null), accepted: 0 };
}

/** Abort: the instance halts and hands its state to the next epoch. */
export function abort(ep: EpochConsensus): EpochState {
  return { valts: ep.valts, val: ep.val };
}

/** Leader: propose v in this epoch. */
export function propose(ep: EpochConsensus, v: string, links: EpochLinks): void {
  ep.tmpval = v;
  ep.phase = 'reading';
  links.broadcast({ type: 'READ', ets: ep.ets });
}

/**
 * The pair with the highest timestamp. Epoch 0 writes with valts 0, the timestamp of the
 * initial state (0, ⊥) too, so among equal timestamps a value wins over ⊥: taking ⊥ there
 * would let the leader write its own proposal over a value epoch 0 may have decided.
 */
export function highest(states: readonly (EpochState | null)[]): EpochState | null {
  let best: EpochState | null = null;
  for (const s of states) {
    if (!s) continue;
    if (!best || s.valts > best.valts || (s.valts === best.valts && best.val === null)) best = s;
  }
  return best;
}

const isMajority = (count: number, n: number) => count * 2 > n;

/**
 * Handles a message of this instance; returns the value decided, if the message is DECIDED.
 * Messages of other epochs, and leader messages from anyone but the leader, are ignored.
 */
export function receive(ep: EpochConsensus, m: EpochMessage, from: Pid, links: EpochLinks, rules: EpochRules): string | null {
  if (m.ets !== ep.ets) return null;
  const fromLeader = from === ep.leader;
  const iAmLeader = links.self === ep.leader;
  switch (m.type) {
    case 'READ':
      if (fromLeader) links.send(from, { type: 'STATE', ets: ep.ets, valts: ep.valts, val: ep.val });
      return null;
    case 'STATE': {
      if (!iAmLeader || ep.phase !== 'reading') return null;
      ep.states[from] = { valts: m.valts, val: m.val };
      if (!isMajority(ep.states.filter((s) => s !== null).length, links.n)) return null;
      const best = highest(ep.states);
      if (best?.val != null && !rules.ignoreStates) ep.tmpval = best.val;
      ep.states = Array(links.n).fill(null);
      ep.phase = 'writing';
      links.broadcast({ type: 'WRITE', ets: ep.ets, v: ep.tmpval! });
      return null;
    }
    case 'WRITE':
      if (!fromLeader) return null;
      ep.valts = ep.ets;
      ep.val = m.v;
      links.send(from, { type: 'ACCEPT', ets: ep.ets });
      return null;
    case 'ACCEPT':
      if (!iAmLeader || ep.phase !== 'writing') return null;
      ep.accepted++;
      if (!isMajority(ep.accepted, links.n)) return null;
      ep.accepted = 0;
      ep.phase = 'done';
      links.broadcast({ type: 'DECIDED', ets: ep.ets, v: ep.tmpval! });
      return null;
    case 'DECIDED':
      return fromLeader ? m.v : null;
  }
}
