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
