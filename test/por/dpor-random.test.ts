/**
 * Dynamic partial-order reduction on random message-passing systems, held to plain
 * depth-first search: three processes with random transition tables (a delivery moves the
 * receiver's state, may send messages and may decide a value, which is what is observed), a
 * random initial mail and up to two crashes (a crashed process takes no more deliveries; what
 * is sent to it is lost), as the system's crash-stop faults, listed before or after the
 * deliveries. Every value of the decisions and of who is down that the plain search meets
 * must be met under the reduction, and every state that ends a run. fast-check shrinks a
 * failing system to a small one (an earlier version, whose processes had a step budget,
 * found in five steps that a step making a later delivery impossible must say so in its
 * footprint: Model.footprint).
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
/** Crashes allowed: with two, a crash does not use up the budget, so it does not disable the others. */
const CRASHES = 2;

interface Rule {
  next: number;
  sends: { to: number; v: number }[];
  decide: number | null;
}

interface System {
  rules: Rule[][][]; // [process][state][value]
  mail: { to: number; v: number }[];
  /** Whether the crashes come first among the enabled actions (the search takes the first one first). */
  crashesFirst: boolean;
}

interface S {
  st: number[];
  decided: number[][];
  net: string[];
  /** Which processes crashed (at most CRASHES). */
  down: boolean[];
}

const rule: fc.Arbitrary<Rule> = fc.record({
  next: fc.nat(STATES - 1),
  sends: fc.array(fc.record({ to: fc.nat(N - 1), v: fc.nat(VALUES - 1) }), { maxLength: 2 }),
  decide: fc.option(fc.nat(VALUES - 1), { nil: null }),
});
const system: fc.Arbitrary<System> = fc.record({
  rules: fc.array(fc.array(fc.array(rule, { minLength: VALUES, maxLength: VALUES }), { minLength: STATES, maxLength: STATES }), { minLength: N, maxLength: N }),
  mail: fc.array(fc.record({ to: fc.nat(N - 1), v: fc.nat(VALUES - 1) }), { minLength: 1, maxLength: 2 }),
  crashesFirst: fc.boolean(),
});

function model(sys: System): Model<S, string> {
  return {
    name: 'random-mp',
    initialStates: () => [{ st: Array(N).fill(0), decided: Array.from({ length: N }, () => []), net: sys.mail.map((m) => `${m.to}:${m.v}:${HOPS}`).sort(), down: Array(N).fill(false) }],
    // each copy of a message is an action of its own, with the key the copies share (as the system's network lists them)
    actions: (s) => {
      const deliveries = s.net.map((e, i) => `d ${e} #${i}`);
      const crashes = s.down.filter(Boolean).length < CRASHES ? s.down.flatMap((d, p) => (d ? [] : [`crash ${p}`])) : [];
      return sys.crashesFirst ? [...crashes, ...deliveries] : [...deliveries, ...crashes];
    },
    actionKey: (a) => a.split(' #')[0],
    next: (s, a) => {
      if (a.startsWith('crash')) {
        const q = Number(a.slice(6));
        return { ...s, net: s.net.filter((e) => Number(e.split(':')[0]) !== q), down: s.down.map((d, i) => d || i === q) };
      }
      const e = a.slice(2).split(' #')[0];
      const [p, v, hops] = e.split(':').map(Number);
      const r = sys.rules[p][s.st[p]][v];
      const net = [...s.net];
      net.splice(net.indexOf(e), 1);
      if (hops > 0) for (const m of r.sends) if (!s.down[m.to]) net.push(`${m.to}:${m.v}:${hops - 1}`);
      net.sort();
      const decided = r.decide === null ? s.decided : s.decided.map((d, i) => (i === p ? [...d, r.decide as number] : d));
      return { st: s.st.map((x, i) => (i === p ? r.next : x)), decided, net, down: s.down };
    },
    label: (a) => a,
    invariants: [],
    // a crash of q commutes with the others' deliveries (what they send q is lost either way), not with another crash (the budget)
    independent: (_s, a, b) => actor(a) !== actor(b) && !(a.startsWith('crash') && b.startsWith('crash')),
    // a crash touches everything: it makes the deliveries of what is sent to it later impossible
    footprint: (a) => (a.startsWith('crash') ? null : [actor(a)]),
    observes: (b, a) => b.decided !== a.decided || b.down !== a.down,
  };
}

function actor(a: string): number {
  return a.startsWith('crash') ? Number(a.slice(6)) : Number(a.slice(2).split(':')[0]);
}

function seen(m: Model<S, string>, por: boolean): { ends: Set<string>; decided: Set<string>; applied: boolean } {
  const ends = new Set<string>();
  const decided = new Set<string>();
  const w = Object.create(m) as Model<S, string>;
  w.actions = (s) => {
    const as = m.actions(s);
    if (as.length === 0) ends.add(stateHex(m, s));
    decided.add(JSON.stringify([s.decided, s.down]));
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
