import type { Fairness, Model } from '../../src/core/model.ts';

export interface Edge {
  /** The action's label: the same label in two states is the same action for fairness. */
  a: string;
  to: string;
  fair?: Fairness;
}

/**
 * A core Model from a table of edges: states are names, the initial state is `init`, and the
 * liveness property `reach-goal` is settled only in the `goal` states.
 */
export function tableModel(table: Record<string, Edge[]>, opts: { init?: string; goal: string[]; name?: string }): Model<string, Edge> {
  return {
    name: opts.name ?? 'Table',
    initialStates: () => [opts.init ?? 'init'],
    actions: (s) => table[s] ?? [],
    next: (_s, e) => e.to,
    label: (e) => e.a,
    fairness: (_s, e) => e.fair ?? 'weak',
    invariants: [],
    liveness: [{ name: 'reach-goal', settled: (s) => (opts.goal.includes(s) ? null : `the run is in ${s}, not in ${opts.goal.join(' or ')}`) }],
  };
}
