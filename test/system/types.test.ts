// The protocol API is typed: unknown message kinds and wrong payloads are type errors
// (CI runs tsc over the tests, so each @ts-expect-error below must stay an error).
import { describe, expect, it } from 'vitest';
import { defineProtocol } from '../../src/system/protocol.ts';

type Msg = { type: 'PING'; n: number } | { type: 'PONG' };
type T = { message: Msg; request: { type: 'go' }; indication: { type: 'done' } };

describe('typed protocols', () => {
  it('rejects unknown message kinds at compile time', () => {
    const p = defineProtocol<T, { n: number }>({
      name: 'typed',
      init: () => ({ n: 0 }),
      requests: {
        go(s, _r, ctx) {
          s.n++;
          ctx.send(0, { type: 'PING', n: 1 });
          // @ts-expect-error: there is no PANG message
          ctx.send(0, { type: 'PANG' });
          // @ts-expect-error: PING carries a number
          ctx.send(0, { type: 'PING', n: 'one' });
        },
      },
      messages: {
        PING(s, msg) {
          s.n = msg.n;
        },
        // @ts-expect-error: no handler for a message kind the protocol does not have
        PANG() {},
      },
    });
    expect(p.roles.process).toBeDefined();
  });
});
