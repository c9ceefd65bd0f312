/**
 * What the web explorer asks of a model: the state at a path of choices (the initial state's
 * index, then one action index per step: the same encoding as a violation's path), the actions
 * enabled there with their labels and where they lead, each property's status there, and the
 * state graph around it. Pure over the model; the server only turns these into JSON.
 */
import type { Model } from '../../core/model.ts';
import { stateHex } from '../../core/state-hash.ts';
import { errorText } from '../../core/verdict.ts';
import { stepInfoFields, type TraceFile, type TraceStep } from '../../trace/trace.ts';
import { traceData, type TracePageData } from '../trace-data.ts';

export interface ActionView {
  index: number;
  label: string;
  kind?: string;
  process?: number;
  /** The successor's fingerprint (null: the action is a no-op here). */
  next?: string | null;
  /** The action throws here (a handler that throws is a finding). */
  error?: string;
}

export interface PropertyStatus {
  name: string;
  kind: 'safety' | 'liveness';
  /** safety: holds | fails; liveness: settled | waiting (what the goal is waiting for); either may throw. */
  status: 'holds' | 'fails' | 'settled' | 'waiting' | 'throws';
  message?: string;
}

export interface StateView {
  path: number[];
  fingerprint: string;
  actions: ActionView[];
  properties: PropertyStatus[];
  /** The path so far as a trace page draws it (its last row is this state). */
  trace: TracePageData;
}

export interface GraphView {
  nodes: { id: string; path: number[]; depth: number; violates: boolean }[];
  edges: { from: string; to: string; label: string; index: number }[];
  /** The neighbourhood had more states than `max`: the rest are left out. */
  truncated: boolean;
}

/** A path that leaves the model: the longest valid prefix and why it stops there. */
export class PathError extends Error {
  constructor(
    message: string,
    readonly validPrefix: number[],
  ) {
    super(message);
    this.name = 'PathError';
  }
}

export function parsePath(text: string | null | undefined): number[] {
  if (!text) return [0];
  const parts = text.split('.');
  if (!parts.every((p) => /^\d{1,6}$/.test(p))) throw new PathError(`a path is action indices separated by dots, like 0.3.1 (got '${text.slice(0, 60)}')`, [0]);
  return parts.map(Number);
}

export class ExploreSession<S = any, A = any> {
  constructor(
    readonly model: Model<S, A>,
    readonly meta: { spec: string; name: string },
  ) {}

  /** The states along a path, and the actions taken. */
  walk(path: readonly number[]): { states: S[]; actions: A[] } {
    const inits = this.model.initialStates();
    const first = inits[path[0] ?? 0];
    if (first === undefined) throw new PathError(`the model has ${inits.length} initial state${inits.length === 1 ? '' : 's'}; there is no #${path[0]}`, [0]);
    const states: S[] = [first];
    const actions: A[] = [];
    for (let i = 1; i < path.length; i++) {
      const s = states[i - 1];
      const enabled = this.model.actions(s);
      const a = enabled[path[i]];
      const prefix = path.slice(0, i);
      if (a === undefined) throw new PathError(`step ${i}: there is no action #${path[i]} (${enabled.length} are enabled)`, prefix);
      let next: S | null;
      try {
        next = this.model.next(s, a);
      } catch (err) {
        throw new PathError(`step ${i}: ${this.model.label(a)} throws: ${errorText(err)}`, prefix);
      }
      if (next === null) throw new PathError(`step ${i}: ${this.model.label(a)} is a no-op here`, prefix);
      states.push(next);
      actions.push(a);
    }
    return { states, actions };
  }

  view(path: readonly number[]): StateView {
    const { states, actions } = this.walk(path);
    const s = states[states.length - 1];
    return { path: [...path], fingerprint: stateHex(this.model, s), actions: this.actionsAt(s), properties: this.statusAt(s), trace: this.pathTrace(states, actions) };
  }

  actionsAt(s: S): ActionView[] {
    const m = this.model;
    return m.actions(s).map((a, index) => {
      const info = stepInfoFields(m, s, a);
      const out: ActionView = { index, label: m.label(a), ...(info.kind ? { kind: info.kind } : {}), ...(info.process !== undefined ? { process: info.process } : {}) };
      try {
        const next = m.next(s, a);
        out.next = next === null ? null : stateHex(m, next);
      } catch (err) {
        out.error = errorText(err);
      }
      return out;
    });
  }

  statusAt(s: S): PropertyStatus[] {
    const out: PropertyStatus[] = [];
    const judge = (name: string, kind: 'safety' | 'liveness', f: () => string | null) => {
      try {
        const r = f();
        if (r === null) out.push({ name, kind, status: kind === 'safety' ? 'holds' : 'settled' });
        else out.push({ name, kind, status: kind === 'safety' ? 'fails' : 'waiting', message: r });
      } catch (err) {
        out.push({ name, kind, status: 'throws', message: errorText(err) });
      }
    };
    for (const inv of this.model.invariants) judge(inv.name, 'safety', () => inv.check(s));
    for (const l of this.model.liveness ?? []) judge(l.name, 'liveness', () => l.settled(s));
    return out;
  }

  /** The path as a trace, so that the page draws it with the same diagram as a trace page. */
  pathTrace(states: S[], actions: A[]): TracePageData {
    const m = this.model;
    const steps: TraceStep[] = states.map((st, i) => ({
      step: i,
      action: i === 0 ? 'Init' : m.label(actions[i - 1]),
      changes: {},
      fingerprint: stateHex(m, st),
      ...(i > 0 ? stepInfoFields(m, states[i - 1], actions[i - 1]) : {}),
    }));
    const trace: TraceFile = {
      protocheck: 1,
      spec: this.meta.spec,
      specDigest: '',
      model: m.name,
      module: '',
      moduleDigest: '',
      params: {},
      search: { strategy: 'explore' },
      property: '',
      kind: 'safety',
      message: '',
      steps,
      ...(m.processes ? { processes: m.processes().map((p) => ({ ...p })) } : {}),
    };
    return traceData({ trace, model: m, states });
  }

  /** The states within `depth` steps of the path's last state (and its predecessor on the path), at most `max` of them. */
  graph(path: readonly number[], depth = 2, max = 60): GraphView {
    const { states } = this.walk(path);
    const m = this.model;
    const nodes: GraphView['nodes'] = [];
    const edges: GraphView['edges'] = [];
    const seen = new Map<string, S>();
    const violates = (s: S) => m.invariants.some((inv) => {
      try {
        return inv.check(s) !== null;
      } catch {
        return true;
      }
    });
    const add = (s: S, p: number[], d: number): string => {
      const id = stateHex(m, s);
      if (!seen.has(id)) {
        seen.set(id, s);
        nodes.push({ id, path: p, depth: d, violates: violates(s) });
      }
      return id;
    };
    const cur = states[states.length - 1];
    if (states.length > 1) {
      const parent = states[states.length - 2];
      const pid = add(parent, path.slice(0, -1), -1);
      edges.push({ from: pid, to: stateHex(m, cur), label: m.label(m.actions(parent)[path[path.length - 1]]), index: path[path.length - 1] });
    }
    let frontier: { s: S; p: number[] }[] = [{ s: cur, p: [...path] }];
    add(cur, [...path], 0);
    let truncated = false;
    for (let d = 1; d <= depth && frontier.length; d++) {
      const nextFrontier: typeof frontier = [];
      for (const { s, p } of frontier) {
        const from = stateHex(m, s);
        m.actions(s).forEach((a, i) => {
          let t: S | null;
          try {
            t = m.next(s, a);
          } catch {
            return;
          }
          if (t === null) return;
          const id = stateHex(m, t);
          if (!seen.has(id)) {
            if (seen.size >= max) {
              truncated = true;
              return;
            }
            add(t, [...p, i], d);
            nextFrontier.push({ s: t, p: [...p, i] });
          }
          edges.push({ from, to: id, label: m.label(a), index: i });
        });
      }
      frontier = nextFrontier;
    }
    return { nodes, edges, truncated };
  }

  /** The path of a replayed trace: at each state, the action with the recorded label whose successor has the recorded fingerprint. */
  pathOf(trace: TraceFile, states: readonly S[]): number[] {
    const m = this.model;
    const init = m.initialStates().findIndex((s) => stateHex(m, s) === trace.steps[0].fingerprint);
    const path = [Math.max(0, init)];
    for (let i = 1; i < states.length; i++) {
      const want = trace.steps[i];
      const idx = m.actions(states[i - 1]).findIndex((a) => {
        if (m.label(a) !== want.action) return false;
        try {
          const t = m.next(states[i - 1], a);
          return t !== null && stateHex(m, t) === want.fingerprint;
        } catch {
          return false;
        }
      });
      if (idx < 0) break;
      path.push(idx);
    }
    return path;
  }
}
