import type { Model } from './model.ts';

export interface RebuiltPath<S, A> {
  /** states[0] is the initial state; states[i] follows actions[i-1]. */
  states: S[];
  actions: A[];
}

export class PathMismatchError extends Error {
  constructor(
    readonly step: number,
    message: string,
  ) {
    super(message);
    this.name = 'PathMismatchError';
  }
}

/**
 * Re-runs recorded choices ([initial-state index, action index, ...]) against the model.
 * The search keeps only these indices per state; this turns them back into states.
 */
export function rebuildPath<S, A>(model: Model<S, A>, path: readonly number[]): RebuiltPath<S, A> {
  const inits = model.initialStates();
  const first: S | undefined = inits[path[0]];
  if (first === undefined) throw new PathMismatchError(0, `the model has no initial state #${path[0]}`);
  const states: S[] = [first];
  const actions: A[] = [];
  let s: S = first;
  for (let i = 1; i < path.length; i++) {
    const enabled = model.actions(s);
    const a = enabled[path[i]];
    if (a === undefined) throw new PathMismatchError(i, `step ${i}: action #${path[i]} is not enabled (the model lists ${enabled.length} actions); is the model deterministic?`);
    const next = model.next(s, a);
    if (next === null) throw new PathMismatchError(i, `step ${i}: action ${model.label(a)} produced no successor on replay; is the model deterministic?`);
    actions.push(a);
    states.push(next);
    s = next;
  }
  return { states, actions };
}
