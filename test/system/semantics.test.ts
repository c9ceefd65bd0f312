// The system model's semantics: what the network, faults, timers and failure detector allow.
import { describe, expect, it } from 'vitest';
import { defineProtocol, role } from '../../src/system/protocol.ts';
import { config, explore, prop } from './helpers.ts';
import type { World } from '../../src/system/world.ts';

type Req = { type: 'send'; m: string };
type Msg = { type: 'M'; m: string };
type Ind = { type: 'deliver'; src: number; m: string };

/** p0 sends each requested payload to p1, which delivers whatever arrives. */
const sender = defineProtocol<{ message: Msg; request: Req; indication: Ind }, {}>({
  name: 'sender',
  init: () => ({}),
  requests: { send: (_s, r, ctx) => ctx.send(1, { type: 'M', m: r.m }) },
  messages: { M: (_s, msg, from, ctx) => ctx.indicate({ type: 'deliver', src: from, m: msg.m }) },
});

const twoSends = [
  { process: 0, request: { type: 'send', m: 'a' } },
  { process: 0, request: { type: 'send', m: 'b' } },
];

function deliveryOrders(worlds: World[]): Set<string> {
  return new Set(worlds.map((w) => w.history[1].map((e) => (e.k === 'indication' ? e.v.m : '')).join('')));
}

function reachable(protocol: Parameters<typeof explore>[0], cfg: Parameters<typeof explore>[1]): World[] {
  const { model } = explore(protocol, cfg);
  const seen: World[] = [];
  const stack = [...model.initialStates()];
  const keys = new Set<string>();
  while (stack.length) {
    const w = stack.pop()!;
    const k = JSON.stringify(w);
    if (keys.has(k)) continue;
    keys.add(k);
    seen.push(w);
    for (const a of model.actions(w)) stack.push(model.next(w, a));
  }
  return seen;
}

describe('network', () => {
  it('reorders on an unordered network and keeps per-channel order on a fifo one', () => {
    const unordered = deliveryOrders(reachable(sender, config({ workload: twoSends })));
    expect(unordered).toContain('ab');
    expect(unordered).toContain('ba');
    const fifo = deliveryOrders(reachable(sender, config({ workload: twoSends, network: { ordering: 'fifo', loss: 'none', duplication: false, partitions: [], maxPartitions: 0 } })));
    expect(fifo).toContain('ab');
    expect(fifo).not.toContain('ba');
  });

  it('never loses a message on a reliable network, and may on a lossy one', () => {
    const once = [twoSends[0]];
    const quiescentEmpty = (ws: World[]) => ws.some((w) => w.issued[0] === 1 && w.net.length === 0 && w.history[1].length === 0);
    expect(quiescentEmpty(reachable(sender, config({ workload: once })))).toBe(false);
    expect(quiescentEmpty(reachable(sender, config({ workload: once, network: { ordering: 'unordered', loss: 'arbitrary', duplication: false, partitions: [], maxPartitions: 0 } })))).toBe(true);
  });

  it('delivers a message twice only when the network duplicates', () => {
    const once = [twoSends[0]];
    const { result: plain } = explore(sender, config({ workload: once }), [prop('no-duplication')]);
    expect(plain.verdict).toBe('ok');
    const { result: dup } = explore(sender, config({ workload: once, network: { ordering: 'unordered', loss: 'none', duplication: true, partitions: [], maxPartitions: 0 } }), [prop('no-duplication')]);
    expect(dup.verdict).toBe('violation');
    expect(dup.violation!.property).toBe('no-duplication');
  });

  it('holds messages across a partition until it heals', () => {
    const cfg = config({ workload: [twoSends[0]], network: { ordering: 'unordered', loss: 'none', duplication: false, partitions: [[[0], [1]]], maxPartitions: 1 } });
    const { model } = explore(sender, cfg);
    let w = model.initialStates()[0];
    w = model.next(w, model.actions(w).find((a) => a.t === 'request')!);
    w = model.next(w, model.actions(w).find((a) => a.t === 'partition')!);
    expect(model.actions(w).some((a) => a.t === 'deliver')).toBe(false);
    w = model.next(w, model.actions(w).find((a) => a.t === 'heal')!);
    expect(model.actions(w).some((a) => a.t === 'deliver')).toBe(true);
  });
});

describe('faults', () => {
  it('crashes at most f processes, only those allowed, and loses messages to a crashed process', () => {
    const cfg = config({ workload: [twoSends[0]], faults: { model: 'crash-stop', max: 1, processes: [1] } });
    const worlds = reachable(sender, cfg);
    expect(Math.max(...worlds.map((w) => w.crashes))).toBe(1);
    expect(worlds.some((w) => w.down[0])).toBe(false);
    for (const w of worlds) if (w.down[1]) expect(w.net.filter((e) => e.to === 1)).toEqual([]);
  });

  it('restores a recovering process from what it stored (crash-recovery)', () => {
    type T = { message: Msg; request: { type: 'inc' }; indication: Ind; stored: number };
    const counter = defineProtocol<T, { n: number }>({
      name: 'counter',
      init: () => ({ n: 0 }),
      recover: (stored) => ({ n: stored ?? -1 }),
      requests: {
        inc(s, _r, ctx) {
          s.n++;
          ctx.store(s.n);
        },
      },
    });
    const worlds = reachable(counter, config({ processes: [{ role: 'process', count: 1 }], workload: [{ process: 0, request: { type: 'inc' } }], faults: { model: 'crash-recovery', max: 1 } }));
    const recovered = worlds.filter((w) => w.crashes === 1 && !w.down[0]);
    // recovered before the increment (nothing stored: -1, then 0 after it) or after it (1)
    expect(recovered.map((w) => (w.procs[0] as { n: number }).n).sort()).toEqual([-1, 0, 1]);
  });

  it('tells correct processes of a crash through the perfect failure detector, never of a live one', () => {
    type T = { message: Msg; request: Req; indication: { type: 'crashed'; p: number } };
    const watcher = defineProtocol<T, {}>({
      name: 'watcher',
      init: () => ({}),
      failures: { crash: (_s, p, ctx) => ctx.indicate({ type: 'crashed', p }) },
    });
    const worlds = reachable(watcher, config({ processes: [{ role: 'process', count: 3 }], failureDetector: 'P', faults: { model: 'crash-stop', max: 1 } }));
    for (const w of worlds) {
      for (let p = 0; p < 3; p++) for (const e of w.history[p]) if (e.k === 'indication') expect(w.down[e.v.p as number]).toBe(true);
    }
    expect(worlds.some((w) => w.history.filter((h) => h.some((e) => e.k === 'indication')).length === 2)).toBe(true);
  });
});

describe('timers and roles', () => {
  it('fires a pending timer and lets several roles talk', () => {
    type T = { message: { type: 'PING' } | { type: 'PONG' }; request: never & { type: never }; indication: { type: 'pong' }; timer: 'tick' };
    const proto = defineProtocol<T>({
      name: 'ping-pong',
      roles: {
        client: role<T, { sent: boolean }>({
          init: (ctx) => (ctx.setTimer('tick'), { sent: false }),
          timers: {
            tick(s, ctx) {
              s.sent = true;
              for (const q of ctx.pids('server')) ctx.send(q, { type: 'PING' });
            },
          },
          messages: { PONG: (_s, _m, _f, ctx) => ctx.indicate({ type: 'pong' }) },
        }),
        server: role<T, {}>({
          init: () => ({}),
          messages: { PING: (_s, _m, from, ctx) => ctx.send(from, { type: 'PONG' }) },
        }),
      },
    });
    const worlds = reachable(proto, config({ processes: [{ role: 'client', count: 1 }, { role: 'server', count: 2 }] }));
    const final = worlds.filter((w) => w.history[0].length === 2);
    expect(final.length).toBeGreaterThan(0);
  });
});
