// Reducer hygiene: a handler that throws, mutates state outside its draft, produces state
// that cannot be serialised, or is not deterministic is reported with the process, the
// event and the trace that led there.
import { describe, expect, it } from 'vitest';
import { defineProtocol } from '../../src/system/protocol.ts';
import { buildTrace } from '../../src/trace/trace.ts';
import { config, explore } from './helpers.ts';

type Msg = { type: 'PING'; n: number };
type Req = { type: 'go' };
type Ind = { type: 'done' };
type T = { message: Msg; request: Req; indication: Ind };

const workload = [{ process: 0, request: { type: 'go' } }];

function check(protocol: ReturnType<typeof defineProtocol>) {
  const { model, result } = explore(protocol, config({ workload }));
  expect(result.verdict).toBe('violation');
  const v = result.violation!;
  const trace = buildTrace(model, v, { spec: 'test', specDigest: '', module: 'test', moduleDigest: '', params: {}, search: { strategy: 'bfs' } });
  return { v, trace, cause: v.cause as { exitCode?: number } };
}

describe('reducer hygiene', () => {
  it('reports a handler that throws, with the process, the event and the trace', () => {
    const p = defineProtocol<T, { seen: number }>({
      name: 'thrower',
      init: () => ({ seen: 0 }),
      requests: { go: (_s, _r, ctx) => ctx.send(1, { type: 'PING', n: 1 }) },
      messages: {
        PING() {
          throw new Error('boom');
        },
      },
    });
    const { v, trace, cause } = check(p);
    expect(v.kind).toBe('error');
    expect(v.property).toBe('handler-threw');
    expect(v.message).toMatch(/p1 \(role process\) handling message PING\(n=1\) from p0 threw Error: boom/);
    expect(cause.exitCode).toBe(1);
    expect(trace.steps.map((s) => s.action)).toEqual(['Init', 'request p0 go']);
    expect(trace.failingAction).toBe('deliver PING(n=1) p0→p1');
  });

  it('reports mutation of state outside the draft', () => {
    const p = defineProtocol<T, { list: number[] }>({
      name: 'mutator',
      init: () => ({ list: [] }),
      requests: { go: (_s, _r, ctx) => ctx.send(1, { type: 'PING', n: 1 }) },
      messages: {
        PING(_s, msg) {
          (msg as { n: number }).n = 2; // the message is frozen: not the handler's to change
        },
      },
    });
    const { v, cause } = check(p);
    expect(v.property).toBe('mutation-outside-draft');
    expect(v.message).toMatch(/p1 .* mutated state outside the immer draft/);
    expect(cause.exitCode).toBe(2);
  });

  it("reports a mutation inside an array method's callback (which sees the frozen element, not a draft)", () => {
    const p = defineProtocol<T, { items: { n: number }[] }>({
      name: 'callback-mutator',
      init: () => ({ items: [{ n: 0 }] }),
      requests: { go: (_s, _r, ctx) => ctx.send(1, { type: 'PING', n: 1 }) },
      messages: {
        PING(s) {
          s.items.some((x) => {
            x.n = 1;
            return false;
          });
        },
      },
    });
    const { v, cause } = check(p);
    expect(v.property).toBe('mutation-outside-draft');
    expect(v.message).toMatch(/p1 .* handling message PING\(n=1\) from p0 mutated state outside the immer draft/);
    expect(cause.exitCode).toBe(2);
  });

  it('changes an element found by find through the draft it returns', () => {
    const p = defineProtocol<T, { items: { n: number }[] }>({
      name: 'find-then-change',
      init: () => ({ items: [{ n: 0 }, { n: 5 }] }),
      requests: { go: (_s, _r, ctx) => ctx.send(1, { type: 'PING', n: 1 }) },
      messages: {
        PING(s, _m, _f, ctx) {
          const x = s.items.find((y) => y.n === 5);
          if (x) x.n = 6;
          if (s.items.some((y) => y.n === 6)) ctx.indicate({ type: 'done' });
        },
      },
    });
    const { model, result } = explore(p, config({ workload }));
    expect(result.verdict).toBe('ok');
    // follow the one run: the request, then the delivery
    let w = model.initialStates()[0];
    for (const label of ['request p0 go', 'deliver PING(n=1) p0→p1']) {
      const a = model.actions(w).find((x) => model.label(x) === label)!;
      expect(a, label).toBeDefined();
      w = model.next(w, a);
    }
    expect(w.procs[1]).toEqual({ items: [{ n: 0 }, { n: 6 }] });
    expect(w.procs[0]).toEqual({ items: [{ n: 0 }, { n: 5 }] });
    expect(model.historyOf(w).events(1).filter((e) => e.k === 'indication').map((e) => e.v)).toEqual([{ type: 'done' }]);
  });

  it('reports state that cannot be serialised', () => {
    const p = defineProtocol<T, { f?: unknown }>({
      name: 'unserialisable',
      init: () => ({}),
      requests: {
        go(s) {
          s.f = () => 1;
        },
      },
    });
    const { v, cause } = check(p);
    expect(v.property).toBe('unserialisable-state');
    expect(v.message).toMatch(/p0 \(role process\) handling request go produced a state or effect that cannot be serialised: a function at state\.f/);
    expect(cause.exitCode).toBe(2);
  });

  it('reports a nondeterministic handler', () => {
    let calls = 0;
    const p = defineProtocol<T, { x: number }>({
      name: 'nondeterministic',
      init: () => ({ x: 0 }),
      requests: {
        go(s) {
          s.x = ++calls;
        },
      },
    });
    const { v, cause } = check(p);
    expect(v.property).toBe('nondeterministic-handler');
    expect(v.message).toMatch(/p0 .* handling request go is not deterministic/);
    expect(cause.exitCode).toBe(2);
  });

  it('reports a message with no handler', () => {
    const p = defineProtocol<T, {}>({
      name: 'deaf',
      init: () => ({}),
      requests: { go: (_s, _r, ctx) => ctx.send(1, { type: 'PING', n: 1 }) },
    });
    const { v } = check(p);
    expect(v.property).toBe('missing-handler');
    expect(v.message).toMatch(/no handler for PING messages/);
  });
});
