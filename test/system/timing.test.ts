import { describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { checkLiveness } from '../../src/core/liveness.ts';
import type { SystemConfig } from '../../src/system/config.ts';
import { defineProtocol, type Pid } from '../../src/system/protocol.ts';
import { SystemModel } from '../../src/system/system.ts';
import type { World } from '../../src/system/world.ts';
import { config, prop } from './helpers.ts';

type Ping = { message: { type: 'PING' } | { type: 'PONG' }; request: never; indication: { type: 'pong'; from: Pid }; timer: 'wait' };

/** p0 pings p1 once and waits `wait` ticks for the answer. */
const pinger = (wait: number) =>
  defineProtocol<Ping, { asked: boolean; late: boolean }>({
    name: 'pinger',
    init: (ctx) => {
      if (ctx.self === 0) {
        ctx.send(1, { type: 'PING' });
        ctx.setTimer('wait', wait);
      }
      return { asked: ctx.self === 0, late: false };
    },
    timers: { wait: (s) => void (s.late = true) },
    messages: {
      PING: (_s, _m, from, ctx) => ctx.send(from, { type: 'PONG' }),
      PONG: (s, _m, from, ctx) => {
        if (!s.late) ctx.indicate({ type: 'pong', from });
      },
    },
  });

function states(model: SystemModel): World[] {
  const seen = new Map<string, World>();
  const todo = model.initialStates();
  while (todo.length) {
    const w = todo.pop()!;
    const key = JSON.stringify(w);
    if (seen.has(key)) continue;
    seen.set(key, w);
    for (const a of model.actions(w)) todo.push(model.next(w, a));
  }
  return [...seen.values()];
}

const model = (protocol: ReturnType<typeof pinger>, over: Partial<SystemConfig>) => new SystemModel(protocol, config(over), { name: 'pinger', params: {}, properties: [] });
const lateAnywhere = (m: SystemModel) => states(m).some((w) => (w.procs[0] as { late: boolean }).late && (w.procs[0] as { asked: boolean }).asked && w.history[0].length === 0);

describe('timing', () => {
  it('synchronous: a round trip of two 1-tick messages beats a 3-tick timer, and may lose to a 2-tick one', () => {
    expect(lateAnywhere(model(pinger(3), { timing: { model: 'synchronous', delay: 1 } }))).toBe(false);
    expect(lateAnywhere(model(pinger(2), { timing: { model: 'synchronous', delay: 1 } }))).toBe(true);
  });

  it('asynchronous: a timer says nothing about messages, whatever its length', () => {
    expect(lateAnywhere(model(pinger(50), {}))).toBe(true);
  });

  it('synchronous: time never passes a message at its bound, and timers fire only when due', () => {
    const m = model(pinger(3), { timing: { model: 'synchronous', delay: 1 } });
    for (const w of states(m)) {
      const acts = m.actions(w);
      if (acts.some((a) => a.t === 'tick')) expect(w.net.every((e) => e.d! > 0)).toBe(true);
      for (const a of acts) if (a.t === 'timer') expect(w.due![a.p][a.name]).toBe(0);
    }
  });

  it('partially synchronous: messages are unbounded before GST and bound after it', () => {
    const m = model(pinger(3), { timing: { model: 'partially-synchronous', delay: 1 } });
    const all = states(m);
    expect(lateAnywhere(m)).toBe(true);
    for (const w of all) for (const e of w.net) expect(e.d === undefined).toBe(!w.gst);
    // a run where GST comes first keeps to the bounds: the answer arrives in time
    const w0 = m.initialStates()[0];
    const afterGst = m.next(w0, m.actions(w0).find((a) => a.t === 'gst')!);
    const fromGst = new SystemModel(pinger(3), config({ timing: { model: 'synchronous', delay: 1 } }), { name: 'x', params: {}, properties: [] });
    expect(afterGst.net.map((e) => e.d)).toEqual(fromGst.initialStates()[0].net.map((e) => e.d));
  });

  it('a message from a crashed sender is delivered within its bound or lost', () => {
    const m = model(pinger(3), { timing: { model: 'synchronous', delay: 1 }, faults: { model: 'crash-stop', max: 1, processes: [1] } });
    for (const w of states(m)) for (const e of w.net) if (w.down[e.from]) expect(e.d).toBeGreaterThanOrEqual(0);
    expect(states(m).some((w) => w.down[1] && (w.procs[0] as { late: boolean }).late)).toBe(true);
  });
});

type Watch = { message: never; request: never; indication: { type: 'suspect' | 'restore' | 'trust'; p: Pid }; timer: never };

/** A process that passes on what its detector says: the oracles' own properties. */
const relay = defineProtocol<Watch, null>({
  name: 'relay',
  statusIndications: [{ types: ['suspect', 'restore'], key: 'p' }, { types: ['trust'] }],
  init: () => null,
  failures: {
    suspect: (_s, p, ctx) => ctx.indicate({ type: 'suspect', p }),
    restore: (_s, p, ctx) => ctx.indicate({ type: 'restore', p }),
    trust: (_s, p, ctx) => ctx.indicate({ type: 'trust', p }),
  },
});

function oracle(fd: 'eventually-P' | 'omega', props: string[], mistakes?: number) {
  const m = new SystemModel(relay, config({ processes: [{ role: 'process', count: 3 }], failureDetector: fd, faults: { model: 'crash-stop', max: 1 }, ...(mistakes !== undefined ? { detectorMistakes: mistakes } : {}) }), {
    name: 'relay',
    params: {},
    properties: props.map((p) => prop(p, p.startsWith('strong') ? { suspect: 'suspect', restore: 'restore' } : {})),
  });
  return { safety: bfs(m), liveness: checkLiveness(m), model: m };
}

describe('failure-detector oracles', () => {
  it('◇P may suspect a live process before it stabilises, and is accurate and complete for good after', () => {
    const { liveness, safety } = oracle('eventually-P', ['eventual-strong-accuracy', 'strong-completeness']);
    expect(safety.verdict).toBe('ok');
    expect(liveness.verdict).toBe('ok');
    const wrong = oracle('eventually-P', ['strong-accuracy']).safety;
    expect(wrong.verdict).toBe('violation');
  });

  it('Ω may name anyone before it stabilises, and then one correct leader for good', () => {
    expect(oracle('omega', ['eventual-leadership']).liveness.verdict).toBe('ok');
  });

  it('a bound on the mistakes an oracle makes before it stabilises: none means it only ever tells the truth', () => {
    const exact = oracle('eventually-P', ['strong-accuracy'], 0);
    expect(exact.safety.verdict).toBe('ok');
    const one = oracle('eventually-P', ['strong-accuracy'], 1);
    expect(one.safety.verdict).toBe('violation');
    const unbounded = oracle('omega', []).safety.stats.distinct;
    const bounded = oracle('omega', [], 1);
    expect(bounded.safety.stats.distinct).toBeLessThan(unbounded);
    expect(oracle('omega', ['eventual-leadership'], 1).liveness.verdict).toBe('ok');
  });

  it("P with afterMessages reports a crash only once the crashed process's messages have all arrived, and they do", () => {
    const chatty = defineProtocol<{ message: { type: 'HI' }; request: never; indication: { type: 'crash'; p: Pid }; timer: never }, { heard: number }>({
      name: 'chatty',
      init: (ctx) => {
        if (ctx.self === 1) ctx.send(0, { type: 'HI' });
        return { heard: 0 };
      },
      messages: { HI: (s) => void s.heard++ },
      failures: { crash: (_s, p, ctx) => ctx.indicate({ type: 'crash', p }) },
    });
    const m = (after: boolean) => new SystemModel(chatty, config({ failureDetector: 'P', faults: { model: 'crash-stop', max: 1, processes: [1] }, ...(after ? { detectorAfterMessages: true } : {}) }), { name: 'chatty', params: {}, properties: [] });
    const early = (model: SystemModel) => states(model).some((w) => w.detected[0].includes(1) && w.net.some((e) => e.from === 1));
    expect(early(m(false))).toBe(true);
    expect(early(m(true))).toBe(false);
    const w = states(m(true)).find((x) => x.down[1] && x.net.length === 1)!;
    const deliver = m(true).actions(w).find((a) => a.t === 'deliver')!;
    expect(m(true).fairness(w, deliver)).toBe('weak');
    expect(m(false).fairness(w, deliver)).toBe('none');
  });

  it('status indications keep only the latest per process and key, so the history stays finite', () => {
    const { safety } = oracle('eventually-P', []);
    expect(safety.verdict).toBe('ok');
    expect(safety.stats.distinct).toBeLessThan(20_000);
  });
});

describe('eventually-always liveness', () => {
  it('a fair cycle that keeps coming back to a bad state violates "eventually always", not "always eventually"', () => {
    // p0 suspects and restores p1 in turn, forever: the bad state recurs, and so does the good one
    const flap = defineProtocol<{ message: { type: 'TICK' }; request: never; indication: { type: 'suspect' | 'restore'; p: Pid }; timer: 'flip' }, { on: boolean }>({
      name: 'flap',
      statusIndications: [{ types: ['suspect', 'restore'], key: 'p' }],
      init: (ctx) => {
        if (ctx.self === 0) ctx.setTimer('flip');
        return { on: false };
      },
      timers: {
        flip: (s, ctx) => {
          s.on = !s.on;
          ctx.indicate({ type: s.on ? 'suspect' : 'restore', p: 1 });
          ctx.setTimer('flip');
        },
      },
    });
    const m = (always: boolean) =>
      new SystemModel(flap, config(), { name: 'flap', params: {}, properties: [{ ...prop('eventual-strong-accuracy'), eventuallyAlways: always }] });
    const fg = checkLiveness(m(true));
    expect(fg.verdict).toBe('violation');
    expect(fg.violation?.message).toMatch(/suspects correct/);
    expect(fg.violation?.loopStart).toBeGreaterThanOrEqual(0);
    expect(checkLiveness(m(false)).verdict).toBe('ok');
  });
});
