/**
 * Lamport's TwoPhase commit (TLA+ Examples, specifications/transaction_commit/TwoPhase.tla)
 * as a hand-written core Model: one transaction manager, RM resource managers, and the
 * messages ever sent kept as a growing set. The distinct-state counts must equal TLC's.
 *
 * The variant `earlyCommit` lets the transaction manager commit as soon as one resource
 * manager has prepared, which breaks TCConsistent.
 */
import { defineModel, invariant, type Model } from '../../src/index.ts';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';

export interface TwoPhaseState {
  readonly rmState: readonly RMState[];
  readonly tmState: 'init' | 'committed' | 'aborted';
  readonly tmPrepared: readonly boolean[];
  /** The set msgs: a Prepared message per resource manager, and the Commit and Abort messages. */
  readonly msgs: { readonly prepared: readonly boolean[]; readonly commit: boolean; readonly abort: boolean };
}

export type TwoPhaseAction =
  | { type: 'TMCommit' }
  | { type: 'TMAbort' }
  | { type: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg'; rm: number };

const freeze = Object.freeze;

function set<T>(xs: readonly T[], i: number, v: T): readonly T[] {
  const c = xs.slice();
  c[i] = v;
  return freeze(c);
}

export function twoPhase(RM: number, earlyCommit = false): Model<TwoPhaseState, TwoPhaseAction> {
  const rms = Array.from({ length: RM }, (_, i) => i);
  const perRm: TwoPhaseAction['type'][] = ['TMRcvPrepared', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'];
  const allActions: readonly TwoPhaseAction[] = freeze([
    { type: 'TMCommit' },
    { type: 'TMAbort' },
    ...rms.flatMap((rm) => perRm.map((type) => ({ type, rm }) as TwoPhaseAction)),
  ]);

  function enabled(s: TwoPhaseState, a: TwoPhaseAction): boolean {
    switch (a.type) {
      case 'TMCommit':
        return s.tmState === 'init' && (earlyCommit ? s.tmPrepared.some((p) => p) : s.tmPrepared.every((p) => p));
      case 'TMAbort':
        return s.tmState === 'init';
      case 'TMRcvPrepared':
        return s.tmState === 'init' && s.msgs.prepared[a.rm];
      case 'RMPrepare':
      case 'RMChooseToAbort':
        return s.rmState[a.rm] === 'working';
      case 'RMRcvCommitMsg':
        return s.msgs.commit;
      case 'RMRcvAbortMsg':
        return s.msgs.abort;
    }
  }

  return {
    name: `TwoPhase(RM=${RM}${earlyCommit ? ', earlyCommit' : ''})`,
    initialStates: () => [
      freeze({
        rmState: freeze(rms.map(() => 'working' as RMState)),
        tmState: 'init' as const,
        tmPrepared: freeze(rms.map(() => false)),
        msgs: freeze({ prepared: freeze(rms.map(() => false)), commit: false, abort: false }),
      }),
    ],
    actions: (s) => allActions.filter((a) => enabled(s, a)),
    next(s, a) {
      switch (a.type) {
        case 'TMCommit':
          return freeze({ ...s, tmState: 'committed', msgs: freeze({ ...s.msgs, commit: true }) });
        case 'TMAbort':
          return freeze({ ...s, tmState: 'aborted', msgs: freeze({ ...s.msgs, abort: true }) });
        case 'TMRcvPrepared':
          return freeze({ ...s, tmPrepared: set(s.tmPrepared, a.rm, true) });
        case 'RMPrepare':
          return freeze({ ...s, rmState: set(s.rmState, a.rm, 'prepared'), msgs: freeze({ ...s.msgs, prepared: set(s.msgs.prepared, a.rm, true) }) });
        case 'RMChooseToAbort':
        case 'RMRcvAbortMsg':
          return freeze({ ...s, rmState: set(s.rmState, a.rm, 'aborted') });
        case 'RMRcvCommitMsg':
          return freeze({ ...s, rmState: set(s.rmState, a.rm, 'committed') });
      }
    },
    label: (a) => ('rm' in a ? `${a.type}(rm${a.rm + 1})` : a.type),
    actionKind: (a) => a.type,
    invariants: [
      invariant<TwoPhaseState>(
        'TCConsistent',
        (s) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
        (s) => `resource managers disagree: ${s.rmState.map((st, i) => `rm${i + 1}=${st}`).join(', ')}`,
      ),
      invariant<TwoPhaseState>(
        'TPTypeOK',
        (s) => s.rmState.length === RM && s.tmPrepared.length === RM,
      ),
    ],
  };
}

export default defineModel({
  description: "Lamport's TwoPhase commit (TLA+ Examples) as a core Model",
  params: { RM: 3, earlyCommit: false },
  build: (p) => twoPhase(p.RM, p.earlyCommit),
});
