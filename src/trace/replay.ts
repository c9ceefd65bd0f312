/**
 * Replay: re-executes a trace file against the model as it is now (spec/trace-model.ts builds
 * it from the recorded spec), by action label (never by
 * seed or choice index, which break as soon as the protocol changes), compares every state's
 * fingerprint with the recorded one, and re-checks the recorded violation at the end. It
 * stops at the first step that no longer matches and says which and why.
 */
import type { Model } from '../core/model.ts';
import { ModelError } from '../core/model.ts';
import { sameValue } from '../core/fingerprint.ts';
import { errorText, fairMove, fingerprintOf as fpOf, invariantJudgement, isFair, isFinding, loopJudgement, modelErrorFinding, settledJudgement, staysForever, unfairActions, type Violation } from '../core/verdict.ts';
import { brief, toData } from './format.ts';
import { buildTrace, variablesOf, type TraceContext, type TraceFile } from './trace.ts';

export interface ReplayedStep {
  step: number;
  action: string;
  /** The variables this step changed (all of them at step 0), as the model computes them now. */
  changes: Record<string, unknown>;
  fingerprint: string;
  /** The step repeats a recorded step of the loop (lasso replay). */
  loop?: number;
}

export interface ReplayResult<S = unknown> {
  reproduced: boolean;
  /** The steps re-executed and matched, from step 0. */
  steps: ReplayedStep[];
  /** The states after each matched step of the recorded trace (states[0] is the initial state). */
  states: S[];
  /** The first step that no longer matches (step -1: the violation's re-check). */
  mismatch?: { step: number; message: string };
  /** When reproduced: the violation as the model reports it now. */
  violation?: { property: string; kind: string; message: string };
  /** The trace rebuilt from the model as it is now (when reproduced). */
  trace?: TraceFile;
  /** Things that do not stop the replay. */
  warnings: string[];
  /** For a lasso: how many times the loop was run after the prefix. */
  loopsRun?: number;
}

/** The recorded variables after each step: step 0's changes, then each step's changes on top. */
export function recordedVariables(trace: TraceFile): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let cur: Record<string, unknown> = {};
  for (const s of trace.steps) {
    cur = { ...cur, ...s.changes };
    out.push(cur);
  }
  return out;
}

/** What differs between the recorded variables and a state's, in words. */
export function differences(recorded: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const d: string[] = [];
  const keys = new Set([...Object.keys(recorded), ...Object.keys(now)]);
  for (const k of keys) {
    const r = recorded[k];
    const n = k in now ? toData(now[k]) : undefined;
    if (!(k in now)) d.push(`${k} is no longer a variable (recorded ${brief(r, 60)})`);
    else if (!(k in recorded)) d.push(`${k} = ${brief(n, 60)} was not recorded`);
    else if (!sameValue(r, n)) d.push(`${k} is ${brief(n, 60)}, recorded ${brief(r, 60)}`);
  }
  return d;
}

function changesOf(prev: Record<string, unknown> | undefined, vars: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) if (!prev || !sameValue(prev[k], v)) changes[k] = v;
  return changes;
}

function listLabels<S, A>(model: Model<S, A>, actions: readonly A[], max = 12): string {
  if (actions.length === 0) return 'no action is enabled';
  const labels = actions.slice(0, max).map((a) => model.label(a));
  return `enabled: ${labels.join(', ')}${actions.length > max ? `, … (${actions.length} in all)` : ''}`;
}

interface StepMatch<S, A> {
  ok: boolean;
  index?: number;
  action?: A;
  state?: S;
  message?: string;
}

/** Finds the enabled action with the recorded label whose successor has the recorded fingerprint. */
function matchStep<S, A>(model: Model<S, A>, s: S, label: string, fingerprint: string, recordedVars: Record<string, unknown> | undefined, where: string): StepMatch<S, A> {
  let actions: readonly A[];
  try {
    actions = model.actions(s);
  } catch (err) {
    return { ok: false, message: `${where}: listing the enabled actions threw: ${errorText(err)}` };
  }
  const cands: number[] = [];
  actions.forEach((a, i) => {
    if (model.label(a) === label) cands.push(i);
  });
  if (cands.length === 0) return { ok: false, message: `${where}: ${label} is not enabled (${listLabels(model, actions)})` };
  let firstOther: { i: number; s: S } | undefined;
  let threw: string | undefined;
  for (const i of cands) {
    let next: S | null;
    try {
      next = model.next(s, actions[i]);
    } catch (err) {
      threw ??= errorText(err);
      continue;
    }
    if (next === null) continue;
    if (fpOf(model, next) === fingerprint) return { ok: true, index: i, action: actions[i], state: next };
    firstOther ??= { i, s: next };
  }
  if (firstOther) {
    const diff = recordedVars ? differences(recordedVars, variablesOf(model, firstOther.s)) : [];
    return {
      ok: false,
      message: `${where}: ${label} leads to a different state than recorded${diff.length ? `: ${diff.join('; ')}` : ` (fingerprint ${fpOf(model, firstOther.s)}, recorded ${fingerprint}; the variables shown agree, so a hidden part of the state differs)`}`,
    };
  }
  if (threw !== undefined) return { ok: false, message: `${where}: ${label} threw: ${threw}` };
  return { ok: false, message: `${where}: ${label} no longer has a successor` };
}

/** Re-executes a trace against a model (already built); see `loadTraceModel`. */
export function replayOnModel<S, A>(model: Model<S, A>, trace: TraceFile, opts: { loops?: number; context?: TraceContext } = {}): ReplayResult<S> {
  const warnings: string[] = [];
  const steps: ReplayedStep[] = [];
  const states: S[] = [];
  const recorded = recordedVariables(trace);
  const fail = (step: number, message: string): ReplayResult<S> => ({ reproduced: false, steps, states, mismatch: { step, message }, warnings });

  // step 0: the initial state with the recorded fingerprint
  let inits: readonly S[];
  try {
    inits = model.initialStates();
  } catch (err) {
    return fail(0, `step 0: the model's initial states threw: ${errorText(err)}`);
  }
  const initIndex = inits.findIndex((s) => fpOf(model, s) === trace.steps[0].fingerprint);
  if (initIndex < 0) {
    const diff = inits.length ? differences(recorded[0], variablesOf(model, inits[0])) : [];
    return fail(0, `step 0: no initial state of the model has the recorded fingerprint ${trace.steps[0].fingerprint}${diff.length ? ` (the first initial state differs: ${diff.join('; ')})` : ''}`);
  }
  let s = inits[initIndex];
  const path = [initIndex];
  states.push(s);
  let prevVars = variablesOf(model, s);
  steps.push({ step: 0, action: 'Init', changes: changesOf(undefined, prevVars), fingerprint: trace.steps[0].fingerprint });

  const take = (m: StepMatch<S, A>, label: string, fingerprint: string, step: number, loop?: number) => {
    s = m.state!;
    const vars = variablesOf(model, s);
    steps.push({ step, action: label, changes: changesOf(prevVars, vars), fingerprint, ...(loop !== undefined ? { loop } : {}) });
    prevVars = vars;
  };

  for (let i = 1; i < trace.steps.length; i++) {
    const rec = trace.steps[i];
    const m = matchStep(model, s, rec.action, rec.fingerprint, recorded[i], `step ${i}`);
    if (!m.ok) return fail(i, m.message!);
    path.push(m.index!);
    states.push(m.state!);
    take(m, rec.action, rec.fingerprint, i);
  }
  const n = trace.steps.length - 1;
  const last = s;

  // the recorded violation, re-checked
  const recheck = (message: string): ReplayResult<S> => fail(-1, message);
  const v: Violation = { property: trace.property, kind: trace.kind, message: '', path };
  let loopsRun: number | undefined;
  switch (trace.kind) {
    case 'safety': {
      const inv = model.invariants.find((x) => x.name === trace.property);
      if (!inv) return recheck(`the model no longer has an invariant named ${trace.property} (it has: ${model.invariants.map((x) => x.name).join(', ') || 'none'})`);
      const f = invariantJudgement(inv, last);
      if (f === undefined) return recheck(`${trace.property} now holds in the last state (step ${n}): the trace no longer violates it`);
      if (f.kind === 'error') return recheck(`invariant ${trace.property} now throws in the last state (step ${n}): ${errorText(f.cause)}`);
      v.message = f.message;
      break;
    }
    case 'deadlock': {
      let actions: readonly A[];
      try {
        actions = model.actions(last);
      } catch (err) {
        return recheck(`listing the enabled actions of the last state (step ${n}) now throws: ${errorText(err)}`);
      }
      for (const a of actions) {
        let next: S | null = null;
        try {
          next = model.next(last, a);
        } catch {
          next = null;
        }
        if (next !== null) return recheck(`the last state (step ${n}) is no longer a deadlock: ${model.label(a)} is enabled`);
      }
      v.message = trace.message;
      break;
    }
    case 'error': {
      const r = recheckError(model, last, trace, n);
      if (typeof r === 'string') return recheck(r);
      v.message = r.message;
      if (r.failingChoice !== undefined) v.failingChoice = r.failingChoice;
      break;
    }
    case 'liveness': {
      const prop = model.liveness?.find((p) => p.name === trace.property);
      if (!prop) return recheck(`the model no longer has a liveness property named ${trace.property} (it has: ${(model.liveness ?? []).map((p) => p.name).join(', ') || 'none'})`);
      const settledMsg = (x: S, where: string): string | { msg: string } => {
        const r = settledJudgement(prop, x);
        if (isFinding(r)) return `liveness property ${trace.property} now throws at ${where}: ${errorText(r.cause)}`;
        return r === null ? `${trace.property} is now settled at ${where}: the run no longer violates it` : { msg: r };
      };
      const L = trace.loopStart ?? n;
      if (L === n) {
        // a quiescent end: nothing fair may be enabled, and the property must be unsettled there
        let actions: readonly A[];
        try {
          actions = model.actions(last);
        } catch (err) {
          return recheck(`listing the enabled actions of the last state (step ${n}) now throws: ${errorText(err)}`);
        }
        const fair = fairMove(model, last, actions);
        if (fair !== undefined) return recheck(`the last state (step ${n}) is no longer quiescent: ${model.label(fair)} is enabled and fair, so a fair run does not stay there`);
        const r = settledMsg(last, `step ${n}`);
        if (typeof r === 'string') return recheck(r);
        v.message = staysForever(trace.property, r.msg, actions.some((a) => isFair(model, last, a))).message;
        v.loopStart = n;
        v.quiescent = true;
        loopsRun = 0;
        break;
      }
      // a lasso: the loop is steps L+1..n, closed either by step n itself (state n = state L) or by one more action back to state L
      const loopFp = trace.steps[L].fingerprint;
      const labels = trace.steps.slice(L + 1).map((x) => ({ label: x.action, fingerprint: x.fingerprint, recorded: recorded[x.step], step: x.step }));
      if (trace.steps[n].fingerprint !== loopFp) {
        const back = findBackEdge(model, last, loopFp);
        if (!back) return recheck(`the loop no longer closes: no enabled action leads from step ${n} back to the state of step ${L}`);
        // from the last state, the way back comes first, then the recorded steps of the loop
        labels.unshift({ label: back, fingerprint: loopFp, recorded: recorded[L], step: L });
      }
      const loops = Math.max(1, opts.loops ?? 3);
      const loopStates: S[] = [];
      const taken = new Set<string>();
      for (let k = 1; k <= loops; k++) {
        for (const x of labels) {
          const m = matchStep(model, s, x.label, x.fingerprint, x.recorded, `loop ${k}, step ${x.step}`);
          if (!m.ok) return fail(x.step, m.message!);
          take(m, x.label, x.fingerprint, x.step, k);
          if (k === 1) {
            loopStates.push(s);
            taken.add(x.label);
          }
        }
      }
      const judged = loopJudgement(prop, loopStates);
      if (!judged.violated) {
        const where = judged.at >= 0 ? `the loop's step ${labels[judged.at].step}` : '';
        if (judged.error) return recheck(`liveness property ${trace.property} now throws at ${where}: ${errorText(judged.error.cause)}`);
        if (prop.eventuallyAlways || judged.at < 0) return recheck(`${trace.property} now holds in every state of the loop: the run no longer violates it`);
        return recheck(`${trace.property} is now settled at ${where}: the run no longer violates it`);
      }
      const first = judged.message;
      v.message = first ?? trace.message;
      v.loopStart = L;
      loopsRun = loops;
      const unfair = unfairActions(model, loopStates, taken);
      if (unfair.length) warnings.push(`the loop may not be fair: ${unfair.join(', ')} ${unfair.length === 1 ? 'is' : 'are'} enabled in every state of the loop but never taken`);
      break;
    }
  }
  const out: ReplayResult<S> = { reproduced: true, steps, states, violation: { property: trace.property, kind: trace.kind, message: v.message }, warnings, ...(loopsRun !== undefined ? { loopsRun } : {}) };
  if (opts.context) {
    try {
      out.trace = buildTrace(model, v, opts.context);
    } catch (err) {
      warnings.push(`could not rebuild the trace for a chart: ${errorText(err)}`);
    }
  }
  return out;
}

function findBackEdge<S, A>(model: Model<S, A>, s: S, target: string): string | undefined {
  let actions: readonly A[];
  try {
    actions = model.actions(s);
  } catch {
    return undefined;
  }
  for (const a of actions) {
    try {
      const next = model.next(s, a);
      if (next !== null && fpOf(model, next) === target) return model.label(a);
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** An error trace: the failing action must throw again (with the same property for a ModelError); returns what is wrong otherwise. */
function recheckError<S, A>(model: Model<S, A>, last: S, trace: TraceFile, n: number): string | { message: string; failingChoice?: number } {
  const matches = (err: unknown): boolean => (err instanceof ModelError ? err.property === trace.property : trace.property === 'model-error' || !(err instanceof ModelError));
  const describe = (err: unknown): string => (err instanceof ModelError ? err.message : errorText(err));
  let actions: readonly A[];
  try {
    actions = model.actions(last);
  } catch (err) {
    if (trace.failingAction === undefined && matches(err)) return { message: modelErrorFinding(err, -1).message };
    return `listing the enabled actions of the last state (step ${n}) throws something else now: ${describe(err)}`;
  }
  if (trace.failingAction !== undefined) {
    const idx = actions.map((a, i) => (model.label(a) === trace.failingAction ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) return `the failing action ${trace.failingAction} is not enabled after step ${n} (${listLabels(model, actions)})`;
    for (const i of idx) {
      try {
        model.next(last, actions[i]);
      } catch (err) {
        if (matches(err)) return { message: modelErrorFinding(err, i).message, failingChoice: i };
        return `${trace.failingAction} now throws a different error: ${describe(err)} (recorded: ${trace.property})`;
      }
    }
    return `${trace.failingAction} no longer throws after step ${n}`;
  }
  const inv = model.invariants.find((x) => x.name === trace.property);
  if (inv) {
    const f = invariantJudgement(inv, last);
    return f?.kind === 'error' ? { message: f.message } : `invariant ${inv.name} no longer throws in the last state (step ${n})`;
  }
  const live = model.liveness?.find((p) => p.name === trace.property);
  if (live) {
    const r = settledJudgement(live, last);
    return isFinding(r) ? { message: r.message } : `liveness property ${live.name} no longer throws in the last state (step ${n})`;
  }
  return `nothing throws any more in the last state (step ${n}) (recorded: ${trace.property}: ${trace.message})`;
}
