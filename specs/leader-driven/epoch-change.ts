/**
 * Leader-based epoch change (Cachin, Guerraoui, Rodrigues, algorithm 5.5), as pure functions
 * over a slice of a process's state. Ω names a leader; a process told to trust itself takes a
 * new timestamp (its own, raised by N, so timestamps of different processes never collide)
 * and broadcasts NEWEPOCH with it. A process starts the epoch of a NEWEPOCH that comes from
 * the leader it trusts with a timestamp above the last epoch it started; otherwise it answers
 * NACK, and the leader, if it still trusts itself, tries again with a higher timestamp.
 *
 * The model's bound: the epochs started after the initial epoch 0 have the timestamps
 * N+1, N+2, ... (rank 1 first: p0's first epoch is N+1, p1's is N+2, ...), and a process
 * announces a timestamp only up to N + `maxEpochs`, so a run starts at most `maxEpochs`
 * epochs after epoch 0 (a global bound that each process keeps by itself). Before Ω
 * stabilises it may tell a process to trust itself again and again, and every time the
 * process starts an epoch: without a bound the timestamps, and the NEWEPOCH messages in
 * flight, grow forever. A process whose next timestamp would pass the bound simply starts no
 * epoch; the bound is there only to keep the model finite.
 */
import type { Pid } from '../../src/index.ts';

export interface EpochChange {
  /** The leader Ω last named (the default leader l0 until it names one). */
  trusted: Pid;
  /** The timestamp of the last epoch this process started. */
  lastts: number;
  /** This process's own timestamp: rank(self) + k·N after it tried to lead k times. */
  ts: number;
}

export interface EpochChangeRules {
  n: number;
  /** The bound: no timestamp above N + maxEpochs is announced. */
  maxEpochs: number;
}

/** rank(p) is 1..N, so every epoch this module starts has a timestamp above the initial epoch 0. */
export function initEpochChange(self: Pid, l0: Pid): EpochChange {
  return { trusted: l0, lastts: 0, ts: self + 1 };
}

/** A new timestamp to broadcast in NEWEPOCH, or null once the bound is reached. */
function tryToLead(ec: EpochChange, rules: EpochChangeRules): number | null {
  if (ec.ts + rules.n > rules.n + rules.maxEpochs) return null;
  ec.ts += rules.n;
  return ec.ts;
}

/** Ω says trust `leader`: the timestamp of the epoch to announce if that is this process. */
export function trust(ec: EpochChange, leader: Pid, self: Pid, rules: EpochChangeRules): number | null {
  ec.trusted = leader;
  return leader === self ? tryToLead(ec, rules) : null;
}

/** A NACK: a leader that still trusts itself tries again with a higher timestamp. */
export function nacked(ec: EpochChange, self: Pid, rules: EpochChangeRules): number | null {
  return ec.trusted === self ? tryToLead(ec, rules) : null;
}

/** NEWEPOCH(newts) from `from`: true if this process starts that epoch, false if it answers NACK. */
export function acceptsEpoch(ec: EpochChange, from: Pid, newts: number): boolean {
  if (from !== ec.trusted || newts <= ec.lastts) return false;
  ec.lastts = newts;
  return true;
}
