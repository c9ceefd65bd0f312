import { stateHex } from '../core/state-hash.ts';
import type { Model, ProcessInfo, StepInfo } from '../core/model.ts';
import { sameValue } from '../core/fingerprint.ts';
import { rebuildPath } from '../core/path.ts';
import type { Violation, ViolationKind } from '../core/verdict.ts';

/** One step of a trace: the action taken and the variables it changed. Step 0 is the initial state. */
export interface TraceStep {
  step: number;
  action: string;
  /** The variables whose value changed, with their new values (all variables at step 0). */
  changes: Record<string, unknown>;
  /** The state's fingerprint, so that replay can tell when a step no longer matches. */
  fingerprint: string;
  /** From the model's stepInfo (when it has one): the process that took the step. */
  process?: number;
  /** From stepInfo: deliver, request, timer, crash, recover, drop, ... */
  kind?: string;
  /** From stepInfo: the message received, and from whom. */
  received?: StepInfo['received'];
  /** From stepInfo: the messages sent. */
  sent?: StepInfo['sent'];
  /** From stepInfo: the indications emitted (deliver, decide, respond, ...). */
  indications?: unknown[];
  /** From stepInfo: the request issued. */
  request?: unknown;
}

/** A counterexample as stored in a trace file (format version 1; see DESIGN.md). */
export interface TraceFile {
  protocheck: 1;
  spec: string;
  specDigest: string;
  model: string;
  module: string;
  moduleDigest: string;
  params: Record<string, unknown>;
  search: { strategy: string; [setting: string]: unknown };
  property: string;
  kind: ViolationKind;
  message: string;
  steps: TraceStep[];
  /** For an error raised by an action: the action that threw, taken after the last step. */
  failingAction?: string;
  /** For a lasso: the step the loop goes back to (the steps after it repeat forever). */
  loopStart?: number;
  /** For a random search: the seed of the search that found it (replay goes by action, not by seed). */
  seed?: number;
  /** The model's processes (for message sequence charts). */
  processes?: ProcessInfo[];
}

export interface TraceContext {
  spec: string;
  specDigest: string;
  module: string;
  moduleDigest: string;
  params: Record<string, unknown>;
  search: { strategy: string; [setting: string]: unknown };
  seed?: number;
}

/** The step-info fields of a trace step, from the model's stepInfo when it has one. */
export function stepInfoFields<S, A>(model: Model<S, A>, state: S, action: A): Partial<TraceStep> {
  if (!model.stepInfo) return {};
  let info: StepInfo;
  try {
    info = model.stepInfo(state, action);
  } catch {
    return {};
  }
  const out: Partial<TraceStep> = { kind: info.kind };
  if (info.process !== undefined) out.process = info.process;
  if (info.received !== undefined) out.received = info.received;
  if (info.sent !== undefined && info.sent.length > 0) out.sent = info.sent;
  if (info.indications !== undefined && info.indications.length > 0) out.indications = info.indications;
  if (info.request !== undefined) out.request = info.request;
  return out;
}

export function variablesOf<S>(model: Model<S, any>, state: S): Record<string, unknown> {
  if (model.variables) return model.variables(state);
  if (state !== null && typeof state === 'object' && !Array.isArray(state)) return state as Record<string, unknown>;
  return { state };
}

/** Turns a violation's recorded choices back into states and writes the steps with their changes. */
export function buildTrace<S, A>(model: Model<S, A>, violation: Violation, ctx: TraceContext): TraceFile {
  const { states, actions } = rebuildPath(model, violation.path);
  const steps: TraceStep[] = [];
  let prev: Record<string, unknown> | undefined;
  states.forEach((s, i) => {
    const vars = variablesOf(model, s);
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(vars)) if (!prev || !sameValue(prev[k], v)) changes[k] = v;
    steps.push({
      step: i,
      action: i === 0 ? 'Init' : model.label(actions[i - 1]),
      changes,
      fingerprint: stateHex(model, s),
      ...(i > 0 ? stepInfoFields(model, states[i - 1], actions[i - 1]) : {}),
    });
    prev = vars;
  });
  let failingAction: string | undefined;
  if (violation.failingChoice !== undefined) {
    const last = states[states.length - 1];
    const a = model.actions(last)[violation.failingChoice];
    if (a !== undefined) failingAction = model.label(a);
  }
  return {
    protocheck: 1,
    ...ctx,
    model: model.name,
    property: violation.property,
    kind: violation.kind,
    message: violation.message,
    steps,
    ...(failingAction !== undefined ? { failingAction } : {}),
    ...(violation.loopStart !== undefined ? { loopStart: violation.loopStart } : {}),
    ...(model.processes ? { processes: model.processes().map((p) => ({ ...p })) } : {}),
  };
}
