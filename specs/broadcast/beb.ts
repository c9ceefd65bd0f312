/** Best-effort broadcast (CGR "Basic Broadcast"): send to every process over perfect links; deliver on receipt. */
import { defineProtocol, type Pid } from '../../src/index.ts';
import type { BroadcastRequest, Deliver } from './types.ts';

type Message = { type: 'DATA'; src: Pid; m: string };

export default defineProtocol<{ message: Message; request: BroadcastRequest; indication: Deliver }, {}>({
  name: 'best-effort-broadcast',
  init: () => ({}),
  requests: {
    broadcast(_s, req, ctx) {
      ctx.broadcast({ type: 'DATA', src: ctx.self, m: req.m });
    },
  },
  messages: {
    DATA(_s, msg, _from, ctx) {
      ctx.indicate({ type: 'deliver', src: msg.src, m: msg.m });
    },
  },
});
