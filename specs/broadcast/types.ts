import type { Pid } from '../../src/index.ts';

/** The broadcast family's interface to the layer above: broadcast(m) requests and deliver(src, m) indications. */
export type BroadcastRequest = { type: 'broadcast'; m: string };
export type Deliver = { type: 'deliver'; src: Pid; m: string };
