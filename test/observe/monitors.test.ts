/**
 * Every streaming monitor against its property's definition: on random histories (runs of a
 * small simulator that mostly behaves and sometimes does not), a safety monitor must report its
 * first violation at exactly the first prefix on which the definition fails (the definition is
 * asked after every event), with the definition's words where the monitor promises them; a
 * liveness monitor must give the definition's verdict at the end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyDefs } from '../../properties/index.ts';
import { systemOf } from '../../src/observe/engine.ts';
import { HistoryStore } from '../../src/observe/history.ts';
import { BAIL, monitors } from '../../src/observe/monitors/index.ts';
import type { ProcessTable } from '../../src/observe/events.ts';
import type { HistoryEvent, PropertyDef } from '../../src/system/history.ts';

const N = 3;
type Step = [number, number, number, number];

/** A run of N processes from a list of choices: broadcasts and their deliveries (mostly in order), decisions, views, leaders, applies, outputs, crashes. */
function simulate(steps: Step[]): { p: number; e: HistoryEvent }[] {
  const out: { p: number; e: HistoryEvent }[] = [];
  const owed: { to: number; src: number; m: string }[] = [];
  const down: boolean[] = [];
  let fresh = 0;
  const ind = (p: number, v: Record<string, unknown>) => out.push({ p, e: { k: 'indication', v: v as { type: string } } });
  const req = (p: number, v: Record<string, unknown>) => out.push({ p, e: { k: 'request', v: v as { type: string } } });
  for (const [kind, a, b, c] of steps) {
    const p = a % N;
    switch (kind % 12) {
      case 0:
      case 1: {
        const m = c % 5 === 0 ? 'a' : `m${fresh++}`; // now and then the same content twice
        req(p, { type: 'broadcast', m });
        for (let q = 0; q < N; q++) owed.push({ to: q, src: p, m });
        break;
      }
      case 2:
      case 3:
      case 4: {
        if (!owed.length) break;
        // usually the oldest owed message, sometimes another (reordering)
        const i = c % 4 === 0 ? b % owed.length : owed.findIndex((o) => o.to === p) >= 0 ? owed.findIndex((o) => o.to === p) : 0;
        const [o] = owed.splice(i, 1);
        ind(o.to, { type: 'deliver', src: o.src, m: o.m });
        if (c % 9 === 1) ind(o.to, { type: 'deliver', src: o.src, m: o.m }); // a duplicate
        break;
      }
      case 5:
        if (c % 3 === 0) ind(p, { type: 'deliver', src: b % N, m: `z${c % 2}` }); // never sent
        else req(p, { type: 'propose', v: c % 2 });
        break;
      case 6:
        ind(p, { type: 'decide', v: c % 7 === 0 ? 1 - (b % 2) : b % 2 === 0 || c % 2 === 0 ? 0 : 1 });
        break;
      case 7: {
        const members = [0, 1, 2].filter((q) => q !== (c % 4) && !(down[q] && b % 2));
        ind(p, { type: 'view', id: 1 + (b % 3), members });
        break;
      }
      case 8:
        ind(p, { type: 'leader', term: 1 + (b % 3) });
        break;
      case 9:
        ind(p, { type: 'apply', index: 1 + (b % 3), cmd: c % 5 === 0 ? 'y' : `c${b % 3}`, term: 1, currentTerm: 1 });
        break;
      case 10:
        ind(p, { type: 'output', v: c % 6 === 0 ? 'q' : `o${b % 3}` });
        break;
      case 11:
        if (c % 3 === 0) break;
        out.push({ p, e: { k: down[p] ? 'recover' : 'crash' } });
        down[p] = !down[p];
        break;
    }
  }
  return out;
}

const step = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(30));
const runs = fc.array(step, { maxLength: 40, size: 'max' });

const CASES: [string, Record<string, unknown>][] = [
  ['no-duplication', {}],
  ['no-creation', {}],
  ['fifo-order', {}],
  ['causal-order', {}],
  ['total-order', {}],
  ['validity', {}],
  ['validity', { recipients: 'all' }],
  ['agreement', {}],
  ['agreement', { uniform: true }],
  ['consensus-validity', {}],
  ['consensus-integrity', {}],
  ['consensus-agreement', {}],
  ['consensus-agreement', { uniform: false }],
  ['termination', {}],
  ['same-outputs', {}],
  ['view-monotonicity', {}],
  ['view-agreement', {}],
  ['view-agreement', { uniform: false }],
  ['view-accuracy', {}],
  ['view-completeness', {}],
  ['election-safety', {}],
  ['state-machine-safety', {}],
];

/** Monitors whose words differ from the definition's (same verdict, same event). */
const OWN_WORDS = new Set(['causal-order', 'same-outputs', 'agreement']);

function judge(def: PropertyDef, params: Record<string, unknown>, events: { p: number; e: HistoryEvent }[], fixed: boolean) {
  const table: ProcessTable = { n: N, roles: Array(N).fill('process'), ids: new Map(), open: !fixed };
  const system = { ...systemOf(table), fixed };
  const full = { ...def.params, ...params };
  const m = monitors.get(def)!(full, system)!;
  const check = def.make(full, system);
  const store = new HistoryStore(table);
  let reference: { at: number; message: string } | undefined;
  let found: { at: number; message: string } | undefined;
  let bailed = false;
  const down: boolean[] = [];
  events.forEach(({ p, e }, i) => {
    store.add(p, e, i + 1);
    if (e.k === 'crash') down[p] = true;
    if (e.k === 'recover') down[p] = false;
    if (def.kind === 'safety') {
      if (!reference) {
        const r = check(store.view(i + 1));
        if (r !== null) reference = { at: i + 1, message: r };
      }
      if (!found && !bailed) {
        const r = m.event(p, e);
        if (r === BAIL) bailed = true;
        else if (r !== null) found = { at: i + 1, message: r };
      }
    } else m.event(p, e);
  });
  if (def.kind === 'liveness') {
    const view = store.view();
    return { reference: check(view), found: m.end!(view), bailed };
  }
  return { reference, found, bailed };
}

describe('streaming monitors agree with the definitions', () => {
  for (const [name, params] of CASES) {
    const label = Object.keys(params).length ? `${name} ${JSON.stringify(params)}` : name;
    it(label, () => {
      const def = propertyDefs[name];
      let violated = 0;
      let followed = 0;
      fc.assert(
        fc.property(runs, fc.boolean(), (steps, fixed) => {
          const { reference, found, bailed } = judge(def, params, simulate(steps), fixed);
          if (bailed) return;
          followed++;
          if (def.kind === 'liveness') {
            expect(found === null).toBe(reference === null);
            if (reference !== null) violated++;
            if (!OWN_WORDS.has(name)) expect(found).toBe(reference);
            return;
          }
          const r = reference as { at: number; message: string } | undefined;
          const f = found as { at: number; message: string } | undefined;
          expect(f?.at).toBe(r?.at);
          if (r) violated++;
          if (r && !OWN_WORDS.has(name)) expect(f!.message).toBe(r.message);
        }),
        { numRuns: 300, seed: 20261201 },
      );
      // the simulator exercises both sides
      expect(violated).toBeGreaterThan(5);
      expect(followed - violated).toBeGreaterThan(5);
    });
  }
});
