/**
 * The registry of system-model components: which component a spec's setting names, and the
 * order in which the components are composed (which fixes the order of enabled actions within
 * each phase, and of a trace's variables). A new network order, fault model, detector or
 * timing model is one file and one line here.
 */
import type { ComponentFactory, SystemComponent, SystemView } from './component.ts';
import type { FailureDetectorKind, FaultConfig, NetworkConfig, TimingConfig } from './config.ts';
import type { Channels } from './network/channels.ts';
import { fifo } from './network/fifo.ts';
import { unordered } from './network/unordered.ts';
import { network } from './network/network.ts';
import { partitions } from './network/partitions.ts';
import { workload } from './workload.ts';
import { asynchronous } from './timing/asynchronous.ts';
import { synchronous } from './timing/synchronous.ts';
import { partiallySynchronous } from './timing/partially-synchronous.ts';
import { lockstep, rounds } from './timing/rounds.ts';
import { noDetector } from './detectors/none.ts';
import { perfect } from './detectors/perfect.ts';
import { eventuallyPerfect } from './detectors/eventually-perfect.ts';
import { omega } from './detectors/omega.ts';
import { noFaults } from './faults/none.ts';
import { crashStop } from './faults/crash-stop.ts';
import { crashRecovery } from './faults/crash-recovery.ts';
import { byzantine } from './faults/byzantine.ts';
import { history } from './record.ts';
import { causality } from './causality.ts';
import { churn } from './churn.ts';

export const CHANNELS: Record<NetworkConfig['ordering'], Channels> = { unordered, fifo };

export const TIMING_MODELS: Record<TimingConfig['model'], ComponentFactory> = {
  asynchronous,
  synchronous,
  'partially-synchronous': partiallySynchronous,
  rounds,
};

export const DETECTORS: Record<FailureDetectorKind, ComponentFactory> = {
  none: noDetector,
  P: perfect,
  'eventually-P': eventuallyPerfect,
  omega,
};

export const FAULT_MODELS: Record<FaultConfig['model'], ComponentFactory> = {
  none: noFaults,
  'crash-stop': crashStop,
  'crash-recovery': crashRecovery,
  byzantine,
};

/** The oracles that say anything until they stabilise (the ones `mistakes` bounds). */
const ORACLES: readonly FailureDetectorKind[] = ['eventually-P', 'omega'];

/** The components of one system, in composition order; throws on settings that do not fit together. */
export function composeComponents(sys: SystemView): SystemComponent[] {
  const c = sys.config;
  if (c.detectorAfterMessages && c.failureDetector !== 'P') throw new Error(`failureDetector: afterMessages applies to P, not ${c.failureDetector}`);
  if (c.faults.messages !== undefined && c.faults.model !== 'byzantine') throw new Error(`faults: messages bounds a Byzantine adversary; it applies to model byzantine, not ${c.faults.model}`);
  if (c.detectorMistakes !== undefined && !ORACLES.includes(c.failureDetector)) throw new Error(`failureDetector: mistakes applies to eventually-P and omega, not ${c.failureDetector}`);
  return [
    // synchronous rounds: a message is offered only when its delivery is due
    network(sys, c.timing?.model === 'rounds' ? lockstep(CHANNELS[c.network.ordering]) : CHANNELS[c.network.ordering]),
    workload(sys),
    TIMING_MODELS[c.timing?.model ?? 'asynchronous'](sys),
    DETECTORS[c.failureDetector](sys),
    FAULT_MODELS[c.faults.model](sys),
    ...(c.churn ? [churn(sys)] : []),
    partitions(sys),
    history(sys),
    // last: it stamps the sends and history events the others have just applied
    ...(c.causality ? [causality(sys, CHANNELS[c.network.ordering])] : []),
  ];
}
