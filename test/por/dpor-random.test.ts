/**
 * Dynamic partial-order reduction on random message-passing systems, held to plain
 * depth-first search: three processes with random transition tables (a delivery moves the
 * receiver's state, may send messages and may decide a value, which is what is observed), a
 * random initial mail and a step that touches everything (a reset of p0's state, once). Every
 * value of the decisions the plain search meets must be met under the reduction, and every
 * state that ends a run. fast-check shrinks a failing system to a small one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dfs } from '../../src/core/dfs.ts';
import type { Model } from '../../src/core/model.ts';
import { stateHex } from '../../src/core/state-hash.ts';

const N = 3;
const STATES = 3;
const VALUES = 2;
/**
 * Hops a message may still make: what it sends carries one fewer, and one with none sends
 * nothing, so every run is finite. (A bound on each process's steps would make a delivery
 * impossible by the receiver's own earlier step, which footprints must not hide: Model.footprint.)
 */
const HOPS = 2;

interface Rule {
  next: number;
  sends: { to: number; v: number }[];
  decide: number | null;
}

export interface System {
  rules: Rule[][][]; // [process][state][value]
  mail: { to: number; v: number }[];
}

interface S {
  st: number[];
  decided: number[][];
  net: string[];
  reset: boolean;
}

const rule: fc.Arbitrary<Rule> = fc.record({
  next: fc.nat(STATES - 1),
  sends: fc.array(fc.record({ to: fc.nat(N - 1), v: fc.nat(VALUES - 1) }), { maxLength: 2 }),
  decide: fc.option(fc.nat(VALUES - 1), { nil: null }),
});
const system: fc.Arbitrary<System> = fc.record({
  rules: fc.array(fc.array(fc.array(rule, { minLength: VALUES, maxLength: VALUES }), { minLength: STATES, maxLength: STATES }), { minLength: N, maxLength: N }),
  mail: fc.array(fc.record({ to: fc.nat(N - 1), v: fc.nat(VALUES - 1) }), { minLength: 1, maxLength: 2 }),
});

export function model(sys: System): Model<S, string> {
  return {
    name: 'random-mp',
    initialStates: () => [{ st: Array(N).fill(0), decided: Array.from({ length: N }, () => []), net: sys.mail.map((m) => `${m.to}:${m.v}:${HOPS}`).sort(), reset: false }],
    // each copy of a message is an action of its own, with the key the copies share (as the system's network lists them)
    actions: (s) => s.net.map((e, i) => `d ${e} #${i}`).concat(s.reset ? [] : ['reset']),
    actionKey: (a) => a.split(' #')[0],
    next: (s, a) => {
      if (a === 'reset') return { ...s, st: [0, ...s.st.slice(1)], reset: true };
      const e = a.slice(2).split(' #')[0];
      const [p, v, hops] = e.split(':').map(Number);
      const r = sys.rules[p][s.st[p]][v];
      const net = [...s.net];
      net.splice(net.indexOf(e), 1);
      if (hops > 0) for (const m of r.sends) net.push(`${m.to}:${m.v}:${hops - 1}`);
      net.sort();
      const decided = r.decide === null ? s.decided : s.decided.map((d, i) => (i === p ? [...d, r.decide as number] : d));
      return { st: s.st.map((x, i) => (i === p ? r.next : x)), decided, net, reset: s.reset };
    },
    label: (a) => a,
    invariants: [],
    independent: (_s, a, b) => a !== 'reset' && b !== 'reset' && a.slice(2).split(':')[0] !== b.slice(2).split(':')[0],
    footprint: (a) => (a === 'reset' ? null : [Number(a.slice(2).split(':')[0])]),
    observes: (b, a) => b.decided !== a.decided,
  };
}

function seen(m: Model<S, string>, por: boolean): { ends: Set<string>; decided: Set<string>; applied: boolean } {
  const ends = new Set<string>();
  const decided = new Set<string>();
  const w = Object.create(m) as Model<S, string>;
  w.actions = (s) => {
    const as = m.actions(s);
    if (as.length === 0) ends.add(stateHex(m, s));
    decided.add(JSON.stringify(s.decided));
    return as;
  };
  const r = dfs(w, { por });
  return { ends, decided, applied: r.stats.por?.applied === true };
}

describe('dynamic partial-order reduction on random message-passing systems', () => {
  it('meets every decision and every end state that the plain search meets', () => {
    let reduced = 0;
    fc.assert(
      fc.property(system, (sys) => {
        const m = model(sys);
        const plain = seen(m, false);
        const r = seen(m, true);
        if (r.applied) reduced++;
        for (const d of plain.decided) expect(r.decided.has(d), `decisions ${d}`).toBe(true);
        for (const e of plain.ends) expect(r.ends.has(e), `end state ${e}`).toBe(true);
      }),
      { numRuns: 300, seed: Number(process.env.DPOR_SEED ?? 42) },
    );
    // most systems are explored with the reduction (not given up for a cycle: every run is finite)
    expect(reduced).toBeGreaterThan(250);
  });
});
