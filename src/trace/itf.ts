/**
 * The Informal Trace Format (ITF) of Apalache's ADR-015, which Apalache and Quint write:
 *
 *   { "#meta": {...}, "params": [...], "vars": [...], "states": [{ "#meta": {...}, var: expr, ... }], "loop": k }
 *
 * where an expression is a string, a boolean, a JSON integer or { "#bigint": "123" }, a list
 * (JSON array), a record (JSON object whose keys do not start with '#'), { "#tup": [...] },
 * { "#set": [...] } or { "#map": [[key, value], ...] }. We write every integer as #bigint,
 * JavaScript arrays as lists, Sets as #set, Maps (and objects with '#' keys) as #map, and
 * what ITF has no form for (null, non-integer numbers) as { "#unserializable": "..." }.
 *
 * Import matches states by re-running the model: from the initial state equal to the first
 * ITF state, each step takes the enabled action whose successor equals the next ITF state
 * (compared after encoding our state, so set order, integer form and tuple/list do not matter).
 */
import type { Model } from '../core/model.ts';
import { errorText, fairMove, fingerprintOf as fpOf, invariantFinding, loopJudgement, staysForever, type Violation } from '../core/verdict.ts';
import { brief } from './format.ts';
import { buildTrace, variablesOf, type TraceContext, type TraceFile } from './trace.ts';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

export interface ItfState {
  '#meta'?: Record<string, unknown>;
  [variable: string]: unknown;
}

export interface ItfTrace {
  '#meta'?: Record<string, unknown>;
  params?: string[];
  vars: string[];
  states: ItfState[];
  loop?: number;
}

export class ItfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItfError';
  }
}

/** Our value as an ITF expression. */
export function toItf(v: unknown): unknown {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? { '#bigint': String(v) } : { '#unserializable': String(v) };
  if (typeof v === 'bigint') return { '#bigint': v.toString() };
  if (v === null || v === undefined) return { '#unserializable': String(v) };
  if (Array.isArray(v)) return v.map(toItf);
  if (v instanceof Set) return { '#set': sortByJson([...v].map(toItf)) };
  if (v instanceof Map) return { '#map': sortPairs([...v].map(([k, x]) => [toItf(k), toItf(x)])) };
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.some(([k]) => k.startsWith('#'))) return { '#map': sortPairs(entries.map(([k, x]) => [k, toItf(x)])) };
    return Object.fromEntries(entries.map(([k, x]) => [k, toItf(x)]));
  }
  return { '#unserializable': String(v) };
}

function sortByJson(xs: unknown[]): unknown[] {
  return xs.map((x) => [canonical(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, x]) => x);
}

function sortPairs(ps: unknown[][]): unknown[][] {
  return ps.map((p) => [canonical(p[0]), p] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, p]) => p);
}

/**
 * A canonical string of an ITF expression: integers in one form, #tup as a list, sets and maps
 * sorted, record keys sorted. Two expressions denote the same value iff their strings agree.
 */
export function canonical(e: unknown): string {
  if (typeof e === 'number') return Number.isInteger(e) ? `i${e}` : `u${e}`;
  if (typeof e === 'string') return JSON.stringify(e);
  if (typeof e === 'boolean') return e ? 'T' : 'F';
  if (e === null || e === undefined) return 'u' + String(e);
  if (Array.isArray(e)) return `[${e.map(canonical).join(',')}]`;
  if (typeof e === 'object') {
    const o = e as Record<string, unknown>;
    if ('#bigint' in o) return `i${BigInt(String(o['#bigint'])).toString()}`;
    if ('#tup' in o && Array.isArray(o['#tup'])) return `[${(o['#tup'] as unknown[]).map(canonical).join(',')}]`;
    if ('#set' in o && Array.isArray(o['#set'])) return `{${[...new Set((o['#set'] as unknown[]).map(canonical))].sort().join(',')}}`;
    if ('#map' in o && Array.isArray(o['#map'])) return `<${(o['#map'] as unknown[][]).map((p) => `${canonical(p[0])}:${canonical(p[1])}`).sort().join(',')}>`;
    if ('#unserializable' in o) return `u${String(o['#unserializable'])}`;
    return `(${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')})`;
  }
  return String(e);
}

/** An ITF expression as our value: #bigint → number (BigInt beyond 2^53), #set → Set, #map → Map, #tup → array. */
export function fromItf(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(fromItf);
  if (e === null || typeof e !== 'object') return e;
  const o = e as Record<string, unknown>;
  if ('#bigint' in o) {
    const b = BigInt(String(o['#bigint']));
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if ('#tup' in o) return (o['#tup'] as unknown[]).map(fromItf);
  if ('#set' in o) return new Set((o['#set'] as unknown[]).map(fromItf));
  if ('#map' in o) return new Map((o['#map'] as unknown[][]).map(([k, v]) => [fromItf(k), fromItf(v)]));
  if ('#unserializable' in o) {
    const u = String(o['#unserializable']);
    return u === 'null' ? null : u === 'undefined' ? undefined : Number.isNaN(Number(u)) ? u : Number(u);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fromItf(v)]));
}

/**
 * A trace as ITF. `states` are the variables of each step as the model computes them (from a
 * replay); without them the recorded variables are used, where sets were written as lists.
 */
export function traceToItf(trace: TraceFile, states: Record<string, unknown>[]): ItfTrace {
  const vars = [...new Set(states.flatMap((s) => Object.keys(s)))];
  const out: ItfTrace = {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: trace.spec,
      description: `Created by protocheck: a ${trace.kind} violation of ${trace.property} in ${TraceFileSteps(trace)} of ${trace.model}`,
      protocheck: { model: trace.model, params: trace.params, property: trace.property, kind: trace.kind, message: trace.message },
    },
    vars,
    states: states.map((s, i) => {
      const st: ItfState = { '#meta': { index: i, ...(i > 0 ? { action: trace.steps[i]?.action } : {}) } };
      for (const v of vars) st[v] = toItf(s[v]);
      return st;
    }),
  };
  if (trace.loopStart !== undefined) out.loop = trace.loopStart;
  return out;
}

function TraceFileSteps(t: TraceFile): string {
  const n = t.steps.length - 1;
  return `${n} step${n === 1 ? '' : 's'}`;
}

/** The structural checks of an ITF document (ADR-015); throws ItfError naming what is wrong. */
export function parseItf(text: string, file: string): ItfTrace {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ItfError(`${file}: not JSON: ${errorText(err)}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ItfError(`${file}: an ITF trace is a JSON object with "vars" and "states"`);
  const d = doc as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(d.vars) || !d.vars.every((v) => typeof v === 'string')) problems.push('"vars" must be an array of variable names');
  if (!Array.isArray(d.states)) problems.push('"states" must be an array of states');
  if (d.params !== undefined && (!Array.isArray(d.params) || !d.params.every((v) => typeof v === 'string'))) problems.push('"params" must be an array of names');
  if (d.loop !== undefined && (!Number.isInteger(d.loop) || (d.loop as number) < 0)) problems.push('"loop" must be a state index');
  if (problems.length) throw new ItfError(`${file}: ${problems.join('; ')}`);
  const vars = d.vars as string[];
  const states = d.states as unknown[];
  if (states.length === 0) problems.push('"states" is empty');
  states.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      problems.push(`states[${i}] is not an object`);
      return;
    }
    const st = s as Record<string, unknown>;
    const missing = vars.filter((v) => !(v in st));
    if (missing.length) problems.push(`states[${i}] has no value for ${missing.join(', ')}`);
    for (const v of vars) if (v in st) checkExpr(st[v], `states[${i}].${v}`, problems);
  });
  if (d.loop !== undefined && (d.loop as number) >= states.length) problems.push(`"loop" ${d.loop} is past the last state (${states.length - 1})`);
  if (problems.length) throw new ItfError(`${file}: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; … (${problems.length} problems)` : ''}`);
  return d as unknown as ItfTrace;
}

function checkExpr(e: unknown, at: string, problems: string[]): void {
  if (typeof e === 'string' || typeof e === 'boolean') return;
  if (typeof e === 'number') {
    if (!Number.isInteger(e)) problems.push(`${at}: ${e} is not an integer (ITF has integers only)`);
    return;
  }
  if (Array.isArray(e)) return e.forEach((x, i) => checkExpr(x, `${at}[${i}]`, problems));
  if (e === null || typeof e !== 'object') {
    problems.push(`${at}: null is not an ITF expression`);
    return;
  }
  const o = e as Record<string, unknown>;
  if ('#bigint' in o) {
    if (typeof o['#bigint'] !== 'string' || !/^-?[0-9]+$/.test(o['#bigint'])) problems.push(`${at}: #bigint must be a string of digits, got ${JSON.stringify(o['#bigint'])}`);
    return;
  }
  for (const tag of ['#tup', '#set'] as const) {
    if (tag in o) {
      if (!Array.isArray(o[tag])) problems.push(`${at}: ${tag} must hold an array`);
      else (o[tag] as unknown[]).forEach((x, i) => checkExpr(x, `${at}.${tag}[${i}]`, problems));
      return;
    }
  }
  if ('#map' in o) {
    const m = o['#map'];
    if (!Array.isArray(m) || !m.every((p) => Array.isArray(p) && p.length === 2)) problems.push(`${at}: #map must hold an array of [key, value] pairs`);
    else m.forEach((p, i) => (checkExpr(p[0], `${at}.#map[${i}][0]`, problems), checkExpr(p[1], `${at}.#map[${i}][1]`, problems)));
    return;
  }
  if ('#unserializable' in o) return;
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('#')) problems.push(`${at}: unknown tag ${k}`);
    else checkExpr(v, `${at}.${k}`, problems);
  }
}

/** A state's variables, canonically encoded per variable. */
function encodeVars(vars: Record<string, unknown>, names: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of names) m.set(n, canonical(toItf(vars[n])));
  return m;
}

function itfStateCanon(st: ItfState, names: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of names) m.set(n, canonical(st[n]));
  return m;
}

function diffVars(model: Map<string, string>, itf: Map<string, string>, modelVars: Record<string, unknown>, st: ItfState): string[] {
  const d: string[] = [];
  for (const [k, v] of itf) if (model.get(k) !== v) d.push(`${k}: ITF ${brief(fromItf(st[k]), 60)}, model ${brief(modelVars[k], 60)}`);
  return d;
}

export interface ItfImport {
  trace: TraceFile;
  warnings: string[];
}

/**
 * Rebuilds a trace of ours from an ITF trace by re-running the model, then finds the
 * violation it shows: the first state that breaks an invariant (the trace is cut there), or,
 * with a loop, a liveness property unsettled all along the loop (or in a quiescent last state).
 */
export function itfToTrace<S, A>(model: Model<S, A>, itf: ItfTrace, context: TraceContext, file = 'the ITF trace'): ItfImport {
  const warnings: string[] = [];
  const names = itf.vars;
  const inits = model.initialStates();
  if (inits.length === 0) throw new ItfError('the model has no initial state');
  const modelNames = Object.keys(variablesOf(model, inits[0]));
  const missing = modelNames.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !modelNames.includes(n));
  if (missing.length || extra.length) {
    throw new ItfError(`${file}: its variables do not match the model's${missing.length ? `; the model has ${missing.join(', ')}, which the trace lacks` : ''}${extra.length ? `; the trace has ${extra.join(', ')}, which the model lacks` : ''} (model: ${modelNames.join(', ')})`);
  }
  const want0 = itfStateCanon(itf.states[0], names);
  const initIndex = inits.findIndex((s) => sameMap(encodeVars(variablesOf(model, s), names), want0));
  if (initIndex < 0) {
    const d = diffVars(encodeVars(variablesOf(model, inits[0]), names), want0, variablesOf(model, inits[0]), itf.states[0]);
    throw new ItfError(`${file}: state 0 is not an initial state of ${model.name}: ${d.join('; ')}`);
  }
  let s = inits[initIndex];
  const states: S[] = [s];
  const path = [initIndex];
  for (let i = 1; i < itf.states.length; i++) {
    const want = itfStateCanon(itf.states[i], names);
    const actions = model.actions(s);
    const hint = itf.states[i]['#meta']?.action;
    const order = actions.map((_, k) => k);
    if (typeof hint === 'string') order.sort((a, b) => Number(model.label(actions[b]) === hint) - Number(model.label(actions[a]) === hint));
    let found = -1;
    let nearest: { label: string; diff: string[] } | undefined;
    for (const k of order) {
      let next: S | null;
      try {
        next = model.next(s, actions[k]);
      } catch {
        continue;
      }
      if (next === null) continue;
      const vars = variablesOf(model, next);
      const enc = encodeVars(vars, names);
      if (sameMap(enc, want)) {
        found = k;
        s = next;
        break;
      }
      const diff = diffVars(enc, want, vars, itf.states[i]);
      if (!nearest || diff.length < nearest.diff.length) nearest = { label: model.label(actions[k]), diff };
    }
    if (found < 0) {
      throw new ItfError(
        `${file}: state ${i} is not reached from state ${i - 1} by any enabled action of ${model.name}${nearest ? `; the nearest, ${nearest.label}, differs in ${nearest.diff.join('; ')}` : ' (no action is enabled)'}`,
      );
    }
    path.push(found);
    states.push(s);
  }
  const violation = findViolation(model, states, path, itf.loop);
  if (!violation) {
    throw new ItfError(
      `${file}: the trace violates none of ${model.name}'s properties (invariants: ${model.invariants.map((x) => x.name).join(', ') || 'none'}${model.liveness?.length ? `; liveness: ${model.liveness.map((p) => p.name).join(', ')}` : ''}), so it is no counterexample to import`,
    );
  }
  if (violation.path.length < path.length) warnings.push(`${violation.property} fails at state ${violation.path.length - 1}: the ${path.length - violation.path.length} states after it were left out`);
  return { trace: buildTrace(model, violation, context), warnings };
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function findViolation<S, A>(model: Model<S, A>, states: S[], path: number[], loop: number | undefined): Violation | undefined {
  for (let i = 0; i < states.length; i++) {
    const f = invariantFinding(model as Model<S, unknown>, states[i]);
    if (f) return { ...f, path: path.slice(0, i + 1) };
  }
  if (loop === undefined || !model.liveness) return undefined;
  const last = states.length - 1;
  const loopStates = states.slice(loop);
  const closes = loop === last || fpOf(model, states[last]) === fpOf(model, states[loop]) || backTo(model, states[last], fpOf(model, states[loop]));
  if (!closes) return undefined;
  for (const p of model.liveness) {
    const judged = loopJudgement(p, loopStates);
    if (!judged.violated) continue;
    if (loop === last) {
      if (fairMove(model, states[last], model.actions(states[last])) !== undefined) continue;
      return { ...staysForever(p.name, judged.message, false), path, loopStart: loop };
    }
    return { property: p.name, kind: 'liveness', message: judged.message, path, loopStart: loop };
  }
  return undefined;
}

function backTo<S, A>(model: Model<S, A>, s: S, target: string): boolean {
  for (const a of model.actions(s)) {
    const next = model.next(s, a);
    if (next !== null && fpOf(model, next) === target) return true;
  }
  return false;
}
