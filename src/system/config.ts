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
  /** crash-stop: a crashed process takes no more steps; crash-recovery: it may recover with what it stored. */
  model: 'none' | 'crash-stop' | 'crash-recovery';
  /** At most this many crashes in a run (f). */
  max: number;
  /** The processes that may crash (default: all). */
  processes?: Pid[];
}

/** A failure detector given as an oracle with its textbook properties. P: perfect (strong completeness, strong accuracy). */
export type FailureDetectorKind = 'none' | 'P';

export interface WorkloadItem {
  process: Pid;
  request: { type: string; [field: string]: unknown };
}

export interface SystemConfig {
  /** Processes by role, in pid order. */
  processes: { role: string; count: number }[];
  network: NetworkConfig;
  faults: FaultConfig;
  failureDetector: FailureDetectorKind;
  /** Requests issued from above; each process issues its own in the order given, at any time. */
  workload: WorkloadItem[];
  /** Re-run handlers and compare: 'sampled' (every call at first, then one in 16), 'always', 'off'. */
  determinism: 'sampled' | 'always' | 'off';
  /**
   * Record real time in the history: each request event carries, per process, how many
   * indications it had emitted by then (what linearizability needs to know which operations
   * had completed). Off by default: it distinguishes states that would otherwise be one.
   */
  realTime?: boolean;
}
