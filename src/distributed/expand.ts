/**
 * The model's side of one batch of a distributed search: expand each state, fingerprint its
 * successors, and judge them with the one verdict (verdict.ts), as bfs.ts does for one state
 * at a time. No Redis here: the worker asks the visited set which successors are new.
 */
import { fp } from '../core/fingerprint.ts';
import type { Model } from '../core/model.ts';
import { hashState } from '../core/state-hash.ts';
import { deadlockFinding, invariantFinding, modelErrorFinding, quiescentFinding, type Finding } from '../core/verdict.ts';

export interface Candidate {
  state: unknown;
  hi: number;
  lo: number;
  /** Index of the parent in the batch, and of the action taken. */
  parent: number;
  choice: number;
}

export interface Expansion {
  /** Successors, the first occurrence of each fingerprint in the batch (in the order bfs would meet them). */
  candidates: Candidate[];
  /** Per candidate and per local duplicate: the action kind, and the candidate index it counts for. */
  taken: { kind: string | undefined; candidate: number }[];
  generated: number;
  quiescent: number;
  truncated: boolean;
  /** Findings in the batch's own states (depth d): a deadlock, an unsettled liveness property, an error of the model. */
  findings: { parent: number; finding: Finding }[];
}

export function expandBatch(model: Model<unknown, unknown>, states: unknown[], expand: boolean, checkDeadlock: boolean): Expansion {
  const out: Expansion = { candidates: [], taken: [], generated: 0, quiescent: 0, truncated: false, findings: [] };
  const seen = new Map<string, number>();
  const hasLiveness = (model.liveness?.length ?? 0) > 0;
  for (let s = 0; s < states.length; s++) {
    const state = states[s];
    let actions: readonly unknown[];
    try {
      actions = model.actions(state);
    } catch (err) {
      out.findings.push({ parent: s, finding: modelErrorFinding(err, -1) });
      continue;
    }
    if (hasLiveness) {
      const q = quiescentFinding(model, state, actions);
      if (q.quiescent) out.quiescent++;
      if (q.finding) {
        out.findings.push({ parent: s, finding: q.finding });
        continue;
      }
    }
    if (!expand) {
      if (actions.length > 0) out.truncated = true;
      continue;
    }
    let successors = 0;
    for (let i = 0; i < actions.length; i++) {
      let next: unknown;
      try {
        next = model.next(state, actions[i]);
        if (next === null) continue;
        hashState(model, next);
      } catch (err) {
        out.findings.push({ parent: s, finding: modelErrorFinding(err, i) });
        break;
      }
      successors++;
      out.generated++;
      const kind = model.actionKind ? model.actionKind(actions[i]) : undefined;
      const key = `${fp.hi},${fp.lo}`;
      let c = seen.get(key);
      if (c === undefined) {
        c = out.candidates.length;
        seen.set(key, c);
        out.candidates.push({ state: next, hi: fp.hi, lo: fp.lo, parent: s, choice: i });
        out.taken.push({ kind, candidate: c });
      } else out.taken.push({ kind, candidate: -1 });
    }
    if (successors === 0 && checkDeadlock && out.findings.at(-1)?.parent !== s) out.findings.push({ parent: s, finding: deadlockFinding });
  }
  return out;
}

/** The first invariant a new state breaks, if any. */
export function judgeNew(model: Model<unknown, unknown>, state: unknown): Finding | undefined {
  return invariantFinding(model, state);
}
