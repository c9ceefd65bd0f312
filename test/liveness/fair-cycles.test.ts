import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/core/liveness.ts';
import { SccFinder } from '../../src/core/graph.ts';
import { rebuildPath } from '../../src/core/path.ts';
import { buildTrace } from '../../src/trace/trace.ts';
import { traceToText } from '../../src/trace/format.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { tableModel } from './helpers.ts';

const ctx = { spec: 't.yaml', specDigest: 'sha256:0', module: 't.ts', moduleDigest: 'sha256:0', params: {}, search: { strategy: 'bfs' } };

/** The states of a lasso: the prefix up to loopStart, and the loop's states. */
function lassoStates(model: ReturnType<typeof tableModel>, path: number[], loopStart: number) {
  const { states, actions } = rebuildPath(model, path);
  return { states, labels: actions.map((a) => a.a), prefix: states.slice(0, loopStart + 1), loop: states.slice(loopStart + 1) };
}

describe('strongly connected components', () => {
  it('finds the cycles of a graph iteratively, even a long one', () => {
    // a chain 0 -> 1 -> ... -> n-1 -> 0 of 200 000 states (a recursive Tarjan would overflow the stack), plus a tail
    const n = 200_000;
    const offsets = new Int32Array(n + 3);
    const succ = new Int32Array(n + 2);
    for (let i = 0; i < n; i++) {
      offsets[i] = i;
      succ[i] = (i + 1) % n;
    }
    offsets[n] = n; // state n: edge to n+1 (no cycle), n+1: self-loop
    succ[n] = n + 1;
    offsets[n + 1] = n + 1;
    succ[n + 1] = n + 1;
    offsets[n + 2] = n + 2;
    const g = { n: n + 2, offsets, succ };
    const all = Array.from({ length: n + 2 }, (_, i) => i);
    const member = new Int32Array(n + 2).fill(1);
    const comps = new SccFinder(g).components(all, member, 1);
    expect(comps.map((c) => c.length).sort((a, b) => a - b)).toEqual([1, n]);
    expect([...comps.find((c) => c.length === 1)!]).toEqual([n + 1]);
    // every component, trivial ones included
    expect(new SccFinder(g).components(all, member, 1, false).length).toBe(3);
  });
});

describe('fair cycles', () => {
  it('a cycle on which a weakly fair action stays enabled and is never taken is no counterexample', () => {
    const m = tableModel(
      {
        init: [{ a: 'start', to: 'a' }],
        a: [{ a: 'spin', to: 'b' }, { a: 'finish', to: 'goal' }],
        b: [{ a: 'spin', to: 'a' }, { a: 'finish', to: 'goal' }],
        goal: [],
      },
      { goal: ['goal'] },
    );
    const r = checkLiveness(m);
    expect(r.verdict).toBe('ok');
    expect(r.stats.components).toBe(1);
    expect(r.stats.unfair).toBe(1);
  });

  it('the same cycle with an unfair way out is a lasso, its loop at the first state of the cycle', () => {
    const m = tableModel(
      {
        init: [{ a: 'start', to: 'a' }],
        a: [{ a: 'spin', to: 'b' }, { a: 'finish', to: 'goal', fair: 'none' }],
        b: [{ a: 'spin', to: 'a' }, { a: 'finish', to: 'goal', fair: 'none' }],
        goal: [],
      },
      { goal: ['goal'] },
    );
    const r = checkLiveness(m);
    expect(r.verdict).toBe('violation');
    const v = r.violation!;
    expect(v.kind).toBe('liveness');
    expect(v.property).toBe('reach-goal');
    expect(v.quiescent).toBeUndefined();
    expect(v.loopStart).toBe(1);
    const { states, labels } = lassoStates(m, v.path, v.loopStart!);
    expect(states).toEqual(['init', 'a', 'b', 'a']);
    expect(labels).toEqual(['start', 'spin', 'spin']);
    expect(v.message).toBe('the run is in a, not in goal');
  });

  it('a fair cycle where the goal never holds: the lasso takes every action the fairness requires', () => {
    // from b the run may go left (to a) or right (to c); in c the strongly fair `ring` is enabled,
    // so a fair run that passes through c infinitely often must ring; `ping` (to the goal) is unfair
    const m = tableModel(
      {
        init: [{ a: 'go', to: 'b' }],
        b: [{ a: 'right', to: 'c' }, { a: 'left', to: 'a' }, { a: 'ping', to: 'goal', fair: 'none' }],
        a: [{ a: 'back', to: 'b' }],
        c: [{ a: 'back', to: 'b' }, { a: 'ring', to: 'c2', fair: 'strong' }],
        c2: [{ a: 'back2', to: 'b' }],
        goal: [],
      },
      { goal: ['goal'] },
    );
    const r = checkLiveness(m);
    expect(r.verdict).toBe('violation');
    const v = r.violation!;
    expect(v.loopStart).toBe(1);
    const { prefix, loop, labels } = lassoStates(m, v.path, v.loopStart!);
    expect(prefix).toEqual(['init', 'b']);
    expect(loop).toEqual(['c', 'c2', 'b']);
    expect(labels).toEqual(['go', 'right', 'ring', 'back2']);
  });

  it('extends a short cycle until no weakly fair action stays enabled all along it', () => {
    // x -> y -> x and x -> z -> x; `w` (to the goal) is weakly fair and enabled in x and y but not z:
    // the loop x y x keeps w enabled forever, so a fair loop must pass through z
    const m = tableModel(
      {
        init: [{ a: 'go', to: 'x' }],
        x: [{ a: 'a', to: 'y', fair: 'none' }, { a: 'c', to: 'z', fair: 'none' }, { a: 'w', to: 'goal' }],
        y: [{ a: 'b', to: 'x', fair: 'none' }, { a: 'w', to: 'goal' }],
        z: [{ a: 'd', to: 'x' }],
        goal: [],
      },
      { goal: ['goal'] },
    );
    const r = checkLiveness(m);
    expect(r.verdict).toBe('violation');
    const { loop } = lassoStates(m, r.violation!.path, r.violation!.loopStart!);
    expect(loop).toEqual(['z', 'x']);
  });

  it('strong fairness: an action enabled only intermittently must be taken under strong fairness, not under weak', () => {
    const table = (fair: 'weak' | 'strong') => ({
      init: [{ a: 'start', to: 'on' }],
      on: [{ a: 'tick', to: 'off' }, { a: 'go', to: 'goal', fair }],
      off: [{ a: 'tick', to: 'on' }],
      goal: [],
    });
    // weak: `go` is disabled in `off`, so the loop on -> off -> on is fair and never reaches the goal
    const weak = tableModel(table('weak'), { goal: ['goal'] });
    const rw = checkLiveness(weak);
    expect(rw.verdict).toBe('violation');
    expect(lassoStates(weak, rw.violation!.path, rw.violation!.loopStart!).states).toEqual(['init', 'on', 'off', 'on']);
    // strong: `go` is enabled infinitely often on that loop, so it is taken; no fair run misses the goal
    const rs = checkLiveness(tableModel(table('strong'), { goal: ['goal'] }));
    expect(rs.verdict).toBe('ok');
  });

  it('a stubborn link: resending forever gets the message through only if delivery is strongly fair', () => {
    // `inflight`: a copy is in the network; the adversary may drop it, and the timer resends it
    const link = (deliver: 'none' | 'weak' | 'strong') =>
      tableModel(
        {
          init: [{ a: 'send', to: 'inflight' }],
          inflight: [{ a: 'deliver', to: 'goal', fair: deliver }, { a: 'drop', to: 'idle', fair: 'none' }],
          idle: [{ a: 'retransmit', to: 'inflight' }],
          goal: [{ a: 'retransmit', to: 'goal' }],
        },
        { goal: ['goal'] },
      );
    // no fairness at all: the run may simply stop with the copy in flight (a quiescent state)
    const none = checkLiveness(link('none'));
    expect(none.violation!.quiescent).toBe(true);
    // weak: the loop drops the copy and resends it, forever; delivery is enabled only every other state
    const m = link('weak');
    const r = checkLiveness(m);
    expect(r.verdict).toBe('violation');
    expect(r.violation!.quiescent).toBeUndefined();
    const { labels, loop } = lassoStates(m, r.violation!.path, r.violation!.loopStart!);
    expect(labels).toEqual(['send', 'drop', 'retransmit']);
    expect(loop).toEqual(['idle', 'inflight']);
    // strong (fair-loss): a copy delivered infinitely often is eventually delivered
    expect(checkLiveness(link('strong')).verdict).toBe('ok');
  });

  it('Emerson–Lei: removing the states where an untaken strongly fair action is enabled can leave a fair cycle', () => {
    const table = (tick: 'weak' | 'none') => ({
      init: [{ a: 'start', to: 'on' }],
      on: [{ a: 'tick', to: 'off', fair: tick }, { a: 'go', to: 'goal', fair: 'strong' as const }],
      off: [{ a: 'tock', to: 'off2' }, { a: 'tick', to: 'on', fair: tick }],
      off2: [{ a: 'tock2', to: 'off' }, { a: 'tick', to: 'on', fair: tick }],
      goal: [],
    });
    // `go` is enabled in `on` and never taken in the component: without `on`, the loop off -> off2 -> off
    // is fair when `tick` is not
    const m = tableModel(table('none'), { goal: ['goal'] });
    const r = checkLiveness(m);
    expect(r.verdict).toBe('violation');
    const v = r.violation!;
    expect(v.loopStart).toBe(2);
    expect(lassoStates(m, v.path, v.loopStart!).states).toEqual(['init', 'on', 'off', 'off2', 'off']);
    expect(r.stats.unfair).toBe(1);
    // `tick` weakly fair: it is enabled in off and off2 and never taken there: no fair run stays there
    const r2 = checkLiveness(tableModel(table('weak'), { goal: ['goal'] }));
    expect(r2.verdict).toBe('ok');
    expect(r2.stats.unfair).toBe(2);
  });

  it('a quiescent state is reported as before, distinct from a cycle', () => {
    const m = tableModel({ init: [{ a: 'step', to: 'stuck' }], stuck: [{ a: 'drop', to: 'stuck2', fair: 'none' }], stuck2: [] }, { goal: ['goal'] });
    const r = checkLiveness(m);
    expect(r.verdict).toBe('violation');
    expect(r.violation!.quiescent).toBe(true);
    expect(r.violation!.path).toEqual([0, 0]);
    expect(r.violation!.loopStart).toBe(1);
    expect(r.violation!.message).toMatch(/nothing fair is left to do/);
  });

  it('a state whose only fair action stutters is quiescent too', () => {
    const m = tableModel({ init: [{ a: 'step', to: 'idle' }], idle: [{ a: 'poll', to: 'idle' }] }, { goal: ['goal'] });
    const r = checkLiveness(m);
    expect(r.violation!.quiescent).toBe(true);
    expect(r.violation!.message).toMatch(/every enabled action leaves the state as it is/);
  });

  it('is ok when every fair run reaches the goal', () => {
    // init -> mid -> init is a cycle, but `fin` is enabled all along it and never taken on it
    const m = tableModel({ init: [{ a: 'a', to: 'mid' }, { a: 'fin', to: 'goal' }], mid: [{ a: 'fin', to: 'goal' }, { a: 'loop', to: 'init', fair: 'none' }], goal: [{ a: 'stay', to: 'goal' }] }, { goal: ['goal'] });
    const r = checkLiveness(m);
    expect(r.verdict).toBe('ok');
    expect(r.stats.states).toBe(3);
  });
});

describe('the lasso as a trace', () => {
  const m = tableModel(
    {
      init: [{ a: 'start', to: 'a' }],
      a: [{ a: 'spin', to: 'b' }, { a: 'finish', to: 'goal', fair: 'none' }],
      b: [{ a: 'spin', to: 'a' }, { a: 'finish', to: 'goal', fair: 'none' }],
      goal: [],
    },
    { goal: ['goal'] },
  );

  it('prints the loop and replays', () => {
    const v = checkLiveness(m).violation!;
    const t = buildTrace(m, v, ctx);
    expect(t.kind).toBe('liveness');
    expect(t.loopStart).toBe(1);
    expect(t.steps.map((s) => s.action)).toEqual(['Init', 'start', 'spin', 'spin']);
    expect(t.steps[3].fingerprint).toBe(t.steps[1].fingerprint);
    const text = traceToText(t);
    expect(text).toMatch(/^Lasso of 3 steps to the violation of reach-goal:/);
    expect(text).toMatch(/ {3}1 {2}start {2}◀ the loop starts here/);
    expect(text).toMatch(/… then back to step 1, forever/);
    const replay = replayOnModel(m, t);
    expect(replay.reproduced).toBe(true);
    expect(replay.warnings).toEqual([]);
  });
});
