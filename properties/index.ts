/** The registry of named properties a spec can list under `properties:`. */
import type { PropertyDef } from '../src/system/history.ts';
import { agreement, causalOrder, fifoOrder, noCreation, noDuplication, totalOrder, validity } from './broadcast/properties.ts';
import { linearizable, regular, safe } from './registers/properties.ts';
import { consensusAgreement, consensusIntegrity, consensusValidity, termination } from './consensus/properties.ts';
import { sameOutputs } from './consensus/replication.ts';
import { viewAccuracy, viewAgreement, viewCompleteness, viewMonotonicity } from './membership/properties.ts';
import { eventualLeadership, eventualStrongAccuracy, strongAccuracy, strongCompleteness } from './failure-detectors/properties.ts';
import { electionSafety, leaderCompleteness, logMatching, stateMachineSafety } from './raft/properties.ts';
import { clockCondition, concurrencyDetection, vectorClockOrder } from './clocks/properties.ts';
import { convergence, counterValue, strongEventualConsistency } from './crdt/properties.ts';
import { atMostOnce, availability } from './rpc/properties.ts';
import { loopFreedom, routeConvergence, routeValidity } from './routing/properties.ts';
import { byzantineConsistency, byzantineIntegrity, byzantineNoDuplication, byzantineTotality, byzantineValidity } from './byzantine/broadcast.ts';
import { byzantineConsensusAgreement, byzantineConsensusIntegrity, byzantineTermination, strongByzantineValidity, weakByzantineValidity } from './byzantine/consensus.ts';
import { byzantineRegisterTermination, byzantineRegular, byzantineSafe } from './byzantine/registers.ts';

const CLOCKS = [clockCondition, vectorClockOrder, concurrencyDetection];
const CRDTS = [strongEventualConsistency, convergence, counterValue];
const RPC = [atMostOnce, availability];
const ROUTING = [loopFreedom, routeValidity, routeConvergence];
const BYZANTINE = [
  ...[byzantineValidity, byzantineNoDuplication, byzantineIntegrity, byzantineConsistency, byzantineTotality],
  ...[byzantineConsensusAgreement, byzantineConsensusIntegrity, byzantineTermination, weakByzantineValidity, strongByzantineValidity],
  ...[byzantineRegular, byzantineSafe, byzantineRegisterTermination],
];

export const propertyDefs: Record<string, PropertyDef> = Object.fromEntries(
  [validity, noDuplication, noCreation, agreement, fifoOrder, causalOrder, totalOrder, consensusValidity, consensusIntegrity, consensusAgreement, termination, linearizable, regular, safe, electionSafety, logMatching, leaderCompleteness, stateMachineSafety, strongAccuracy, strongCompleteness, eventualStrongAccuracy, eventualLeadership, sameOutputs, viewMonotonicity, viewAgreement, viewCompleteness, viewAccuracy, ...BYZANTINE, ...CLOCKS, ...CRDTS, ...RPC, ...ROUTING].map((d) => [d.name, d]),
);
