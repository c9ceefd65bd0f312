// Properties' verdicts reused (src/system/judge.ts): a property that reads only the history is
// judged once per distinct history content, however many states hold it; one that reads a
// process's state once per distinct history and process states; the verdicts are those of
// judging every state.
import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { fingerprint, fp } from '../../src/core/fingerprint.ts';
import type { History, SystemProperty } from '../../src/system/history.ts';
import { defineProtocol } from '../../src/system/protocol.ts';
import { SystemModel } from '../../src/system/system.ts';
import type { World } from '../../src/system/world.ts';
import { config } from './helpers.ts';

type Msg = { type: 'M'; m: string };
type Req = { type: 'go' };
type Ind = { type: 'got'; m: string };

/** p0 sends x, y and z to p1, p2 and p3; a receiver counts what it got (its state) but indicates x only, so many states share a history. */
const counting = defineProtocol<{ message: Msg; request: Req; indication: Ind }, { got: number }>({
  name: 'counting',
  init: () => ({ got: 0 }),
  requests: {
    go(_s, _r, ctx) {
      for (const to of [1, 2, 3]) for (const m of ['x', 'y', 'z']) ctx.send(to, { type: 'M', m });
    },
  },
  messages: {
    M(s, msg, _from, ctx) {
      s.got++;
      if (msg.m === 'x') ctx.indicate({ type: 'got', m: msg.m });
    },
  },
});

const cfg = (crashes = 0) =>
  config({
    processes: [{ role: 'process', count: 4 }],
    workload: [{ process: 0, request: { type: 'go' } }],
    ...(crashes ? { faults: { model: 'crash-stop' as const, max: crashes } } : {}),
  });

/** A property that counts its calls: `p1 got x before p2` is "violated" once p1 has x and p2 not (with `bad`), reading states when `reads`. */
function counted(opts: { reads?: boolean; bad?: boolean } = {}) {
  const calls = { n: 0 };
  const got = (h: History, p: number) => h.events(p).some((e) => e.k === 'indication');
  const prop: SystemProperty = {
    name: 'counted',
    kind: 'safety',
    description: 'counts its calls',
    check(h) {
      calls.n++;
      if (opts.reads) h.state(1);
      if (opts.bad && got(h, 1) && !got(h, 2) && !h.isDown(2)) return 'p1 got x and p2, up, did not';
      return null;
    },
  };
  return { prop, calls };
}

function searchWith(prop: SystemProperty, crashes = 0) {
  const model = new SystemModel(counting, cfg(crashes), { name: 'counting', params: {}, properties: [prop] });
  const seen = new Set<string>();
  const withStates = new Set<string>();
  const objects = new Set<unknown>();
  let states = 0;
  // every new state is judged once by the search; what it holds is counted here
  const probe = {
    name: 'probe',
    check: (w: World) => {
      states++;
      objects.add(w.history);
      fingerprint([w.history, w.down]);
      seen.add(`${fp.hi}:${fp.lo}`);
      fingerprint([w.history, w.down, w.procs]);
      withStates.add(`${fp.hi}:${fp.lo}`);
      return null;
    },
  };
  const m = Object.create(model, { invariants: { value: [...model.invariants, probe] } }) as SystemModel;
  return { result: bfs(m, {}), states, histories: seen.size, withStates: withStates.size, objects: objects.size };
}

describe('a property judged over worlds', () => {
  it('that reads only the history is judged once per distinct history and down flags', () => {
    const { prop, calls } = counted();
    const { result, states, histories, objects } = searchWith(prop);
    expect(result.verdict).toBe('ok');
    expect(states).toBe(result.stats.distinct);
    expect(histories).toBeLessThan(states / 10);
    // equal histories made apart are different objects: kept by identity alone, it would be judged more often
    expect(objects).toBeGreaterThan(2 * histories);
    expect(calls.n).toBe(histories);
  });

  it('with crashes too: who is down is part of what the verdict is kept by', () => {
    const { prop, calls } = counted();
    const { result, histories } = searchWith(prop, 1);
    expect(result.verdict).toBe('ok');
    expect(calls.n).toBe(histories);
  });

  it('that reads a process state is judged once per distinct history, down flags and process states', () => {
    const { prop, calls } = counted({ reads: true });
    const { result, states, histories, withStates } = searchWith(prop, 1);
    expect(result.verdict).toBe('ok');
    // the states differ in messages in flight, which no property reads
    expect(withStates).toBeLessThan(states / 2);
    expect(withStates).toBeGreaterThan(histories);
    expect(calls.n).toBe(withStates);
  });

  it('does not give a state the verdict of another with the same history', () => {
    // p1 indicates x only, so having got 1 message (x) and 3 (x, y, z) are one history
    const full: SystemProperty = {
      name: 'not-full',
      kind: 'safety',
      description: 'p1 got fewer than 3 messages',
      check: (h) => ((h.state(1) as { got: number } | null)?.got === 3 ? 'p1 got 3 messages' : null),
    };
    const { result } = searchWith(full);
    expect(result.verdict).toBe('violation');
    expect(result.violation?.path.length).toBe(1 + 1 + 3);
  });

  it('finds the violation the property judged in every state finds, as short', () => {
    const reused = searchWith(counted({ bad: true }).prop, 1).result;
    const everyState = searchWith(counted({ bad: true, reads: true }).prop, 1).result;
    expect(reused.verdict).toBe('violation');
    expect(reused.violation?.property).toBe('counted');
    expect(everyState.verdict).toBe('violation');
    expect(reused.violation?.path.length).toBe(everyState.violation?.path.length);
    expect(reused.violation?.message).toBe(everyState.violation?.message);
  });
});
