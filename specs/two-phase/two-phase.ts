/**
 * Lamport's TwoPhase commit (TLA+ Examples, specifications/transaction_commit/TwoPhase.tla)
 * as a hand-written core Model: one transaction manager, RM resource managers, and the
 * messages ever sent kept as a growing set. The distinct-state counts must equal TLC's.
 *
 * The variant `earlyCommit` lets the transaction manager commit as soon as one resource
 * manager has prepared, which breaks TCConsistent.
 */
import { defineModel, invariant, permuteSlots, symmetryReduction, type Canonicaliser, type Model } from '../../src/index.ts';

/** A model's canonical form and class sizes from one symmetry. */
const symmetric = (c: Canonicaliser<TwoPhaseState>) => ({ canonical: c, orbitSize: c.orbitSize });

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

/** A copy of `xs` with element `i` replaced (states are never mutated, so unchanged parts are shared). */
function set<T>(xs: readonly T[], i: number, v: T): readonly T[] {
  const c = xs.slice();
  c[i] = v;
  return c;
}

const RM_STATES: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted'];

/**
 * The resource managers are interchangeable (TLC: SYMMETRY Permutations(RM)): each has only its
 * own slots in rmState, tmPrepared and msgs, so it is all described by those three values, and
 * states that differ by a renaming of resource managers are one state to the search.
 */
export function rmSymmetry(RM: number): Canonicaliser<TwoPhaseState> {
  return symmetryReduction<TwoPhaseState>({
    count: RM,
    key: (s, r) => RM_STATES.indexOf(s.rmState[r]) * 4 + (s.tmPrepared[r] ? 2 : 0) + (s.msgs.prepared[r] ? 1 : 0),
    permute: (s, perm) => ({
      rmState: permuteSlots(s.rmState, perm),
      tmState: s.tmState,
      tmPrepared: permuteSlots(s.tmPrepared, perm),
      msgs: { prepared: permuteSlots(s.msgs.prepared, perm), commit: s.msgs.commit, abort: s.msgs.abort },
    }),
    keyIsComplete: true,
  });
}

export function twoPhase(RM: number, earlyCommit = false, symmetry = false): Model<TwoPhaseState, TwoPhaseAction> {
  const rms = Array.from({ length: RM }, (_, i) => i);
  const TM_COMMIT: TwoPhaseAction = { type: 'TMCommit' };
  const TM_ABORT: TwoPhaseAction = { type: 'TMAbort' };
  const per = (type: Exclude<TwoPhaseAction['type'], 'TMCommit' | 'TMAbort'>) => rms.map((rm): TwoPhaseAction => ({ type, rm }));
  const rcvPrepared = per('TMRcvPrepared');
  const prepare = per('RMPrepare');
  const chooseToAbort = per('RMChooseToAbort');
  const rcvCommit = per('RMRcvCommitMsg');
  const rcvAbort = per('RMRcvAbortMsg');

  /** TMCommit's guard on tmPrepared: tmPrepared = RM (or, in the broken variant, any resource manager). */
  function canCommit(prepared: readonly boolean[]): boolean {
    for (let r = 0; r < RM; r++) if (prepared[r] === earlyCommit) return earlyCommit;
    return !earlyCommit;
  }

  return {
    name: `TwoPhase(RM=${RM}${earlyCommit ? ', earlyCommit' : ''}${symmetry ? ', symmetry' : ''})`,
    ...(symmetry ? symmetric(rmSymmetry(RM)) : {}),
    initialStates: () => [
      {
        rmState: rms.map(() => 'working' as RMState),
        tmState: 'init' as const,
        tmPrepared: rms.map(() => false),
        msgs: { prepared: rms.map(() => false), commit: false, abort: false },
      },
    ],
    // The enabled actions of TPNext, in a fixed order: TMCommit, TMAbort, then for each r
    // TMRcvPrepared(r), RMPrepare(r), RMChooseToAbort(r), RMRcvCommitMsg(r), RMRcvAbortMsg(r).
    actions(s) {
      const out: TwoPhaseAction[] = [];
      const init = s.tmState === 'init';
      if (init) {
        if (canCommit(s.tmPrepared)) out.push(TM_COMMIT);
        out.push(TM_ABORT);
      }
      const { prepared, commit, abort } = s.msgs;
      for (let r = 0; r < RM; r++) {
        if (init && prepared[r]) out.push(rcvPrepared[r]);
        if (s.rmState[r] === 'working') out.push(prepare[r], chooseToAbort[r]);
        if (commit) out.push(rcvCommit[r]);
        if (abort) out.push(rcvAbort[r]);
      }
      return out;
    },
    next(s, a) {
      switch (a.type) {
        case 'TMCommit':
          return { rmState: s.rmState, tmState: 'committed', tmPrepared: s.tmPrepared, msgs: { prepared: s.msgs.prepared, commit: true, abort: s.msgs.abort } };
        case 'TMAbort':
          return { rmState: s.rmState, tmState: 'aborted', tmPrepared: s.tmPrepared, msgs: { prepared: s.msgs.prepared, commit: s.msgs.commit, abort: true } };
        case 'TMRcvPrepared':
          return { rmState: s.rmState, tmState: s.tmState, tmPrepared: set(s.tmPrepared, a.rm, true), msgs: s.msgs };
        case 'RMPrepare':
          return { rmState: set(s.rmState, a.rm, 'prepared'), tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: { prepared: set(s.msgs.prepared, a.rm, true), commit: s.msgs.commit, abort: s.msgs.abort } };
        case 'RMChooseToAbort':
        case 'RMRcvAbortMsg':
          return { rmState: set(s.rmState, a.rm, 'aborted'), tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: s.msgs };
        case 'RMRcvCommitMsg':
          return { rmState: set(s.rmState, a.rm, 'committed'), tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: s.msgs };
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
  params: { RM: 3, earlyCommit: false, symmetry: false },
  build: (p) => twoPhase(p.RM, p.earlyCommit, p.symmetry),
});
