/** Which built-in properties stream, and their monitors; any other property is checked on the whole history. */
import * as b from '../../../properties/broadcast/properties.ts';
import * as c from '../../../properties/consensus/properties.ts';
import { sameOutputs } from '../../../properties/consensus/replication.ts';
import * as m from '../../../properties/membership/properties.ts';
import * as r from '../../../properties/raft/properties.ts';
import type { PropertyDef } from '../../system/history.ts';
import * as bm from './broadcast.ts';
import * as dm from './decisions.ts';
import type { MonitorFactory } from './monitor.ts';

export { BAIL, type EndState, type Monitor, type MonitorSystem } from './monitor.ts';

export const monitors = new Map<PropertyDef, MonitorFactory>([
  [b.noDuplication, bm.noDuplication],
  [b.noCreation, bm.noCreation],
  [b.fifoOrder, bm.fifoOrder],
  [b.causalOrder, bm.causalOrder],
  [b.totalOrder, bm.totalOrder],
  [b.validity, bm.validity],
  [b.agreement, bm.agreement],
  [c.consensusValidity, dm.consensusValidity],
  [c.consensusIntegrity, dm.consensusIntegrity],
  [c.consensusAgreement, dm.consensusAgreement],
  [c.termination, dm.termination],
  [sameOutputs, dm.sameOutputs],
  [m.viewMonotonicity, dm.viewMonotonicity],
  [m.viewAgreement, dm.viewAgreement],
  [m.viewAccuracy, dm.viewAccuracy],
  [m.viewCompleteness, dm.viewCompleteness],
  [r.electionSafety, dm.electionSafety],
  [r.stateMachineSafety, dm.stateMachineSafety],
]);
