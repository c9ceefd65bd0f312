import type { Pid } from './protocol.ts';

/** How the network treats messages. */
export interface NetworkConfig {
  /** unordered: any message in flight may be delivered next; fifo: per channel, in send order. */
  ordering: 'unordered' | 'fifo';
  /** none: reliable; fair: fair-loss (a message sent again and again is eventually delivered); arbitrary: lossy, no guarantee. */
  loss: 'none' | 'fair' | 'arbitrary';
  /**
   * The network may deliver a message more than once. The network then holds at most one
   * copy of each (from, to, message) in flight: a copy is delivered and removed, or
   * delivered and kept (a duplicate); sending it again while in flight changes nothing.
   */
  duplication: boolean;
  /** Partitions the adversary may impose, each a list of groups of processes; a partition heals eventually. */
  partitions: Pid[][][];
  /** How many times a partition may form in a run. */
  maxPartitions: number;
}

export const NETWORK_PRESETS: Record<string, Omit<NetworkConfig, 'partitions' | 'maxPartitions'>> = {
  reliable: { ordering: 'unordered', loss: 'none', duplication: false },
  fifo: { ordering: 'fifo', loss: 'none', duplication: false },
  'fair-loss': { ordering: 'unordered', loss: 'fair', duplication: true },
  lossy: { ordering: 'unordered', loss: 'arbitrary', duplication: false },
  duplicating: { ordering: 'unordered', loss: 'none', duplication: true },
};

export interface FaultConfig {
  /**
   * crash-stop: a crashed process takes no more steps; crash-recovery: it may recover with what
   * it stored; byzantine: the processes named run no reducer and the explorer sends in their
   * name (faults/byzantine.ts).
   */
  model: 'none' | 'crash-stop' | 'crash-recovery' | 'byzantine';
  /** At most this many crashes in a run (f); byzantine: the f the protocol tolerates, at least the Byzantine processes named. */
  max: number;
  /** The processes that may crash (default: all); byzantine: the Byzantine processes (default: the last `max`). */
  processes?: Pid[];
  /** byzantine: at most this many messages the Byzantine processes send to each correct process in a run (default: one per message type the protocol declares). */
  messages?: number;
}

/**
 * A failure detector given as an oracle with its textbook properties.
 * - P, perfect: tells each correct process of every crash, eventually (strong completeness),
 *   and of nothing else (strong accuracy): handler `failures.crash`.
 * - eventually-P (◇P): may suspect any process and restore it again, arbitrarily, until it
 *   stabilises at an unknown time (which every fair run reaches); from then on it suspects
 *   exactly the crashed processes: handlers `failures.suspect` / `failures.restore`.
 * - omega (Ω): tells each process whom to trust as leader; arbitrary until it stabilises,
 *   then every correct process is eventually told the same correct process (the lowest
 *   correct pid) for good: handler `failures.trust`.
 */
export type FailureDetectorKind = 'none' | 'P' | 'eventually-P' | 'omega';

/**
 * Timing, in ticks of a global clock the processes cannot read.
 * - asynchronous: no bounds; a timer fires at any later step, a message arrives at any time.
 * - synchronous: a message is delivered within `delay` ticks of its sending, and a timer set
 *   for d ticks fires exactly d ticks later (local steps take no time).
 * - partially-synchronous: the same bounds, but only after a global stabilisation time
 *   (GST) that every fair run reaches at an unknown point; before it, messages may take any
 *   time (timers stay exact: the processes' clocks are accurate).
 * - rounds: synchronous rounds in lockstep: a message is delivered exactly `delay` ticks after
 *   its sending (timing/rounds.ts), so one hop takes one tick.
 */
export type TimingConfig =
  | { readonly model: 'asynchronous' }
  | { readonly model: 'synchronous' | 'partially-synchronous' | 'rounds'; readonly delay: number };

export interface WorkloadItem {
  process: Pid;
  request: { type: string; [field: string]: unknown };
}

/**
 * Churn (churn.ts): the processes named (default: all) may leave during a run (they are down, as
 * after a crash: state, messages and timers gone) and join again afresh from their role's init.
 * In random runs and estimates a step is a leave with probability `leave` and a join with
 * probability `join` (the process chosen uniformly among those that can); an exhaustive search
 * explores every leave and join, at most `max` of them in a run. Never fair.
 */
export interface ChurnConfig {
  leave: number;
  join: number;
  processes?: Pid[];
  /** At most this many churn events (leaves and joins) in a run; unbounded when absent (random runs only, in practice). */
  max?: number;
}

export interface SystemConfig {
  /** Processes by role, in pid order. */
  processes: { role: string; count: number }[];
  network: NetworkConfig;
  faults: FaultConfig;
  failureDetector: FailureDetectorKind;
  /**
   * ◇P and Ω: how many wrong outputs (suspicions and restorations that do not match the
   * crashes, leaders other than the eventual one) the oracle may give in a run before it
   * stabilises; unbounded when absent. A bound keeps protocols that react to every change of
   * mind small enough to explore exhaustively, at the price of exploring fewer adversaries.
   */
  detectorMistakes?: number;
  /**
   * P: report a crash of q to p only once every message q sent to p has been delivered (the
   * messages of a crashed process then all arrive, as with a timeout-based P in a
   * synchronous system). Without it, P may report the crash while they are in flight, and
   * they may never arrive (CGR's perfect links promise nothing for a crashed sender).
   */
  detectorAfterMessages?: boolean;
  /** Asynchronous unless the spec says otherwise. */
  timing?: TimingConfig;
  /** Roles whose processes are interchangeable (symmetry reduction, src/system/symmetry.ts). */
  symmetry?: readonly string[];
  /** Requests issued from above; each process issues its own in the order given, at any time. */
  workload: WorkloadItem[];
  /** Re-run handlers and compare: 'sampled' (every call at first, then one in 16, then one in 128), 'always', 'off'. */
  determinism: 'sampled' | 'always' | 'off';
  /**
   * Record real time in the history: each request event carries, per process, how many
   * indications it had emitted by then (what linearizability needs to know which operations
   * had completed). Off by default: it distinguishes states that would otherwise be one.
   */
  realTime?: boolean;
  /**
   * Track happens-before (causality.ts): every message carries its sender's vector clock, and
   * every request and indication is stamped with its process's (`vc`), so that properties can
   * tell whether one event happened before another. Off by default, for the same reason.
   */
  causality?: boolean;
  /** Processes leave and join during a run (churn.ts); absent: the membership is fixed. */
  churn?: ChurnConfig;
}
