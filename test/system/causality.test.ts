// The causality component: with `causality: true` the system stamps every request and indication
// with its process's true vector clock and every message with its sender's, so that
// happens-before can be read off a run. Hand-made runs, and random runs checked against
// happens-before computed independently from the run (program order + message edges).
import { describe, expect, it } from 'vitest';
import { defineProtocol } from '../../src/system/protocol.ts';
import { happenedBefore, type HistoryEvent } from '../../src/system/history.ts';
import type { SysAction, World } from '../../src/system/world.ts';
import { SystemModel } from '../../src/system/system.ts';
import { bfs } from '../../src/core/bfs.ts';
import { config } from './helpers.ts';

type Req = { type: 'send'; to: number; m: string } | { type: 'local'; m: string };
type Msg = { type: 'M'; m: string };
type Ind = { type: 'got'; m: string } | { type: 'did'; m: string };

/** A request either sends m (no indication) or records a local event; a receipt is recorded and, for m = 'fwd', forwarded to p2. */
const relay = defineProtocol<{ message: Msg; request: Req; indication: Ind }, {}>({
  name: 'relay',
  init: () => ({}),
  requests: {
    send: (_s, r, ctx) => ctx.send(r.to, { type: 'M', m: r.m }),
    local: (_s, r, ctx) => ctx.indicate({ type: 'did', m: r.m }),
  },
  messages: {
    M(_s, msg, _from, ctx) {
      ctx.indicate({ type: 'got', m: msg.m });
      if (msg.m === 'fwd' && ctx.self !== 2) ctx.send(2, { type: 'M', m: 'fwd2' });
    },
  },
});

const model = (over: Parameters<typeof config>[0]) => new SystemModel(relay, config({ processes: [{ role: 'process', count: 3 }], causality: true, ...over }), { name: 'relay', params: {}, properties: [] });

/** Takes the enabled action with this label. */
function take(m: SystemModel, w: World, label: string): World {
  const a = m.actions(w).find((x) => m.label(x) === label);
  if (!a) throw new Error(`${label} is not enabled: ${m.actions(w).map((x) => m.label(x)).join(', ')}`);
  return m.next(w, a);
}

const stamps = (w: World, p: number) => w.history[p].map((e) => ('vc' in e ? e.vc : undefined));

describe('causality: true', () => {
  it('stamps requests, indications and messages with the true vector clock', () => {
    const m = model({
      workload: [
        { process: 0, request: { type: 'local', m: 'x' } },
        { process: 0, request: { type: 'send', to: 1, m: 'fwd' } },
        { process: 1, request: { type: 'local', m: 'y' } },
      ],
    });
    let w = m.initialStates()[0];
    expect(w.clocks).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    w = take(m, w, 'request p0 local(m=x)');
    // the request and its indication are two events at p0
    expect(stamps(w, 0)).toEqual([[1, 0, 0], [2, 0, 0]]);
    w = take(m, w, 'request p0 send(to=1, m=fwd)');
    expect(stamps(w, 0)).toEqual([[1, 0, 0], [2, 0, 0], [3, 0, 0]]);
    expect(w.net.map((e) => e.vc)).toEqual([[3, 0, 0]]);
    w = take(m, w, 'request p1 local(m=y)');
    expect(stamps(w, 1)).toEqual([[0, 1, 0], [0, 2, 0]]);
    w = take(m, w, 'deliver M(m=fwd) p0→p1 @[3,0,0]');
    // the receipt joins p0's clock; the forwarded message carries the clock after the indication
    expect(stamps(w, 1)).toEqual([[0, 1, 0], [0, 2, 0], [3, 3, 0]]);
    expect(w.net.map((e) => e.vc)).toEqual([[3, 3, 0]]);
    w = take(m, w, 'deliver M(m=fwd2) p1→p2 @[3,3,0]');
    expect(stamps(w, 2)).toEqual([[3, 3, 1]]);
    expect(w.clocks).toEqual([[3, 0, 0], [3, 3, 0], [3, 3, 1]]);

    const [x, did] = w.history[0];
    const y = w.history[1][0];
    const got2 = w.history[2][0];
    expect(happenedBefore(x, did)).toBe(true);
    expect(happenedBefore(did, got2)).toBe(true);
    expect(happenedBefore(y, got2)).toBe(true);
    expect(happenedBefore(got2, x)).toBe(false);
    expect(happenedBefore(x, y) || happenedBefore(y, x)).toBe(false);
    expect(happenedBefore(x, x)).toBe(false);
  });

  it('keeps two sends of equal content at different clocks apart, each deliverable first', () => {
    const m = model({
      workload: [
        { process: 0, request: { type: 'send', to: 1, m: 'a' } },
        { process: 0, request: { type: 'local', m: 'x' } },
        { process: 0, request: { type: 'send', to: 1, m: 'a' } },
      ],
    });
    let w = m.initialStates()[0];
    for (const l of ['request p0 send(to=1, m=a)', 'request p0 local(m=x)', 'request p0 send(to=1, m=a)']) w = take(m, w, l);
    // the network is a multiset in a canonical order, which now tells the two apart
    expect(w.net.map((e) => e.vc?.[0]).sort()).toEqual([1, 4]);
    const offered = m.actions(w).filter((a) => a.t === 'deliver').map((a) => m.label(a));
    expect(offered.sort()).toEqual(['deliver M(m=a) p0→p1 @[1,0,0]', 'deliver M(m=a) p0→p1 @[4,0,0]']);
    // the later send delivered first: the receipt is after x
    const late = take(m, w, 'deliver M(m=a) p0→p1 @[4,0,0]');
    expect(happenedBefore(late.history[0][2], late.history[1][0])).toBe(true);
    const early = take(m, w, 'deliver M(m=a) p0→p1 @[1,0,0]');
    expect(happenedBefore(early.history[0][2], early.history[1][0])).toBe(false);
  });

  it('stamps in FIFO channels without reordering them', () => {
    const m = model({
      network: { ordering: 'fifo', loss: 'none', duplication: false, partitions: [], maxPartitions: 0 },
      workload: [
        { process: 0, request: { type: 'send', to: 1, m: 'b' } },
        { process: 0, request: { type: 'send', to: 1, m: 'a' } },
      ],
    });
    let w = m.initialStates()[0];
    w = take(m, take(m, w, 'request p0 send(to=1, m=b)'), 'request p0 send(to=1, m=a)');
    expect(w.net.map((e) => [e.msg.m, e.vc])).toEqual([['b', [1, 0, 0]], ['a', [2, 0, 0]]]);
    expect(m.actions(w).filter((a) => a.t === 'deliver').map((a) => m.label(a))).toEqual(['deliver M(m=b) p0→p1 @[1,0,0]']);
  });

  it('is off by default: no clocks in the world, none on messages or events', () => {
    const m = new SystemModel(relay, config({ processes: [{ role: 'process', count: 3 }], workload: [{ process: 0, request: { type: 'send', to: 1, m: 'a' } }] }), { name: 'relay', params: {}, properties: [] });
    let w = m.initialStates()[0];
    expect('clocks' in w).toBe(false);
    w = take(m, w, 'request p0 send(to=1, m=a)');
    expect(w.net[0].vc).toBeUndefined();
    w = take(m, w, 'deliver M(m=a) p0→p1');
    expect('vc' in w.history[1][0]).toBe(false);
    expect(() => happenedBefore(w.history[0][0], w.history[1][0])).toThrow(/causality: true/);
  });

  it('refuses symmetry', () => {
    expect(model({}).symmetryProblems().join()).toMatch(/causality/);
  });

  it('agrees with happens-before computed from the run, on random runs', () => {
    const m = model({
      workload: [
        { process: 0, request: { type: 'send', to: 1, m: 'fwd' } },
        { process: 0, request: { type: 'local', m: 'x' } },
        { process: 1, request: { type: 'local', m: 'y' } },
        { process: 1, request: { type: 'send', to: 0, m: 'b' } },
        { process: 2, request: { type: 'send', to: 0, m: 'c' } },
        { process: 2, request: { type: 'local', m: 'z' } },
      ],
    });
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    for (let run = 0; run < 200; run++) {
      let w = m.initialStates()[0];
      // independent bookkeeping: per process the ids of its recorded events; per message in flight the id of the sender's last event
      type Ev = { p: number; i: number; preds: string[] };
      const evs = new Map<string, Ev>();
      const last: (string | undefined)[] = [undefined, undefined, undefined];
      const sentAfter = new Map<object, string | undefined>();
      for (;;) {
        const acts = m.actions(w);
        if (!acts.length) break;
        const a: SysAction = acts[rand(acts.length)];
        const p = a.t === 'deliver' ? a.e.to : (a as { p: number }).p;
        const before = w.history[p].length;
        const recvFrom = a.t === 'deliver' ? sentAfter.get(a.e) : undefined;
        const oldNet = new Set(w.net);
        w = m.next(w, a);
        let prev = last[p];
        let first = true;
        for (let i = before; i < w.history[p].length; i++) {
          const id = `${p}.${i}`;
          evs.set(id, { p, i, preds: [...(prev ? [prev] : []), ...(first && recvFrom ? [recvFrom] : [])] });
          prev = id;
          first = false;
        }
        // a receipt that records nothing passes what it received on to the process's next events
        const carry = first && recvFrom ? recvFrom : undefined;
        if (carry) {
          const id = `${p}.k${evs.size}`;
          evs.set(id, { p, i: -1, preds: [...(prev ? [prev] : []), carry] });
          prev = id;
        }
        last[p] = prev;
        for (const e of w.net) if (!oldNet.has(e)) sentAfter.set(e, prev);
      }
      const reach = (from: string, to: string): boolean => {
        const stack = [...evs.get(to)!.preds];
        const seen = new Set<string>();
        while (stack.length) {
          const x = stack.pop()!;
          if (x === from) return true;
          if (seen.has(x)) continue;
          seen.add(x);
          stack.push(...evs.get(x)!.preds);
        }
        return false;
      };
      const recorded = [...evs.values()].filter((e) => e.i >= 0);
      const event = (e: Ev): HistoryEvent => w.history[e.p][e.i];
      for (const a of recorded) for (const b of recorded) expect(happenedBefore(event(a), event(b)), `run ${run}: ${a.p}.${a.i} → ${b.p}.${b.i}`).toBe(reach(`${a.p}.${a.i}`, `${b.p}.${b.i}`));
    }
  });

  it('keeps partial-order reduction sound: the same states with and without sleep sets', () => {
    const m = model({
      workload: [
        { process: 0, request: { type: 'send', to: 1, m: 'fwd' } },
        { process: 1, request: { type: 'local', m: 'y' } },
        { process: 2, request: { type: 'send', to: 0, m: 'c' } },
      ],
    });
    const plain = bfs(m, {});
    const reduced = bfs(m, { por: true });
    expect(reduced.stats.distinct).toBe(plain.stats.distinct);
  });
});
