/**
 * Dynamic partial-order reduction (src/core/dpor.ts) over the catalogue, held to the plain
 * depth-first search on the same model. Beyond equal verdicts, what the reduction promises:
 * every state that ends a run is visited, and every state in which a step whose footprint is
 * everything (a crash, a drop, a partition) is enabled is visited and that step taken there
 * (the steps before such a step are fixed by the trace, so every order reaches that state).
 * And every value the properties can read (the histories and who is down) is judged in some
 * visited state. Those are checked as sets against the plain search's. A violation found
 * must be the one expected, by a trace that replays to it; an ok must come with fewer or as
 * many states.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dfs } from '../../src/core/dfs.ts';
import type { Model } from '../../src/core/model.ts';
import { stateHex } from '../../src/core/state-hash.ts';
import { buildModel } from '../../src/spec/build.ts';
import { smaller, specFiles } from './catalogue-specs.ts';
import { loadSpec } from '../../src/spec/spec.ts';

const root = join(import.meta.dirname, '..', '..');

const MAX_STATES = 40_000;

interface Seen {
  ends: Set<string>;
  global: Set<string>;
  /** What the properties read (a system's histories and who is down), in every state visited. */
  observed: Set<string>;
}

/** The model, recording the states without actions and (state, step) for the steps that touch everything: enabled ones (`enabled`) or taken ones. */
function recording(model: Model<any, any>, seen: Seen, enabled: boolean): Model<any, any> {
  const m = Object.create(model) as Model<any, any>;
  m.actions = (s) => {
    const as = model.actions(s);
    if (as.length === 0) seen.ends.add(stateHex(model, s));
    if (s && typeof s === 'object' && 'history' in s) seen.observed.add(JSON.stringify([s.history, s.down]));
    if (enabled) for (const a of as) if (model.footprint!(a) === null) seen.global.add(`${stateHex(model, s)} ${model.actionKey?.(a) ?? model.label(a)}`);
    return as;
  };
  if (!enabled) m.next = (s, a) => {
    if (model.footprint!(a) === null) seen.global.add(`${stateHex(model, s)} ${model.actionKey?.(a) ?? model.label(a)}`);
    return model.next(s, a);
  };
  return m;
}

/** N processes with two steps each, independent, and optionally a step that touches everything and records how far each got. */
function counters(n: number, global: boolean): Model<{ done: number[]; g: string | null }, string> {
  return {
    name: 'counters',
    initialStates: () => [{ done: Array(n).fill(0), g: null }],
    actions: (s) => [...s.done.flatMap((d, p) => (d < 2 ? [`p${p}`] : [])), ...(global && s.g === null ? ['g'] : [])],
    next: (s, a) => (a === 'g' ? { done: s.done, g: s.done.join('') } : { done: s.done.map((d, i) => (i === Number(a.slice(1)) ? d + 1 : d)), g: s.g }),
    label: (a) => a,
    invariants: [],
    independent: (_s, a, b) => a !== b && a !== 'g' && b !== 'g',
    footprint: (a) => (a === 'g' ? null : [Number(a.slice(1))]),
    // no invariants: nothing is observed
    observes: () => false,
  };
}

describe('dynamic partial-order reduction on independent processes', () => {
  it('explores one order of independent steps: 2N + 1 states of 3^N', () => {
    const plain = dfs(counters(4, false), {});
    const r = dfs(counters(4, false), { por: true });
    expect(plain.stats.distinct).toBe(81);
    expect(r.stats.por).toMatchObject({ applied: true, method: 'dpor' });
    expect(r.stats.distinct).toBe(9);
  });

  it('still reaches every state in which the step that touches everything is taken', () => {
    const seen: Seen = { ends: new Set(), global: new Set(), observed: new Set() };
    const model = counters(3, true);
    const r = dfs(recording(model, seen, false), { por: true });
    expect(r.stats.por?.applied).toBe(true);
    // g can come after any of the 27 combinations of progress, and each ends a different run
    expect(seen.ends.size).toBe(27);
    expect(seen.global.size).toBe(27);
  });

  it('says why it is not used', () => {
    const model = counters(2, false);
    expect(dfs({ ...model, footprint: undefined }, { por: true }).stats.por).toEqual({ applied: false, reason: 'the model declares no footprints of its actions' });
    expect(dfs(model, { por: true, maxDepth: 3 }).stats.por).toEqual({ applied: false, reason: 'a depth bound hides the races below it' });
    const unsound = dfs({ ...model, reductionUnsound: () => 'the safety property p reads process states' }, { por: true });
    expect(unsound.stats.por).toEqual({ applied: false, reason: 'the safety property p reads process states' });
    expect(unsound.stats.distinct).toBe(9);
  });
});

const files = specFiles(join(root, 'specs')).sort().map((f) => relative(root, f));

describe('dynamic partial-order reduction against plain depth-first search', () => {
  it.each(files)('%s', { timeout: 120_000 }, async (file) => {
    const spec = loadSpec(join(root, file), smaller[file] ?? []);
    if (spec.check.strategy === 'random' || spec.check.strategy === 'estimate') return;
    const built = await buildModel(spec);
    if (!built.model.footprint) return;
    const options = { maxStates: MAX_STATES, checkDeadlock: spec.check.deadlock };
    const full: Seen = { ends: new Set(), global: new Set(), observed: new Set() };
    const reduced: Seen = { ends: new Set(), global: new Set(), observed: new Set() };
    const plain = dfs(recording(built.model, full, true), options);
    const r = dfs(recording(built.model, reduced, false), { ...options, por: true });
    if (plain.limit || r.limit) return;
    if (!r.stats.por?.applied) {
      expect(r.stats.por?.applied === false && r.stats.por.reason).toMatch(/cycle|reads process states|no footprints|canonical|depth bound|costs less/);
      expect(r.verdict).toBe(plain.verdict);
      return;
    }
    expect(r.verdict).toBe(plain.verdict);
    if (plain.verdict === 'violation') {
      expect(r.violation!.property).toBe(plain.violation!.property);
      return;
    }
    expect(r.stats.distinct).toBeLessThanOrEqual(plain.stats.distinct);
    for (const e of full.ends) expect(reduced.ends.has(e), `a state that ends a run, ${e}`).toBe(true);
    for (const g of full.global) expect(reduced.global.has(g), `a step that touches everything, ${g}`).toBe(true);
    for (const o of full.observed) expect(reduced.observed.has(o), `histories and crashes the properties could read, ${o}`).toBe(true);
  });
});
