/**
 * Probabilistic broadcast (the notes' lecture, after Cachin, Guerraoui and Rodrigues). Eager:
 * a process that gets a message for the first time delivers it and, while its hop count lasts
 * (`ttl` hops from the sender), forwards it to `fanout` peers chosen at random; each message may
 * miss some processes, so validity holds only with probability 1 − ε. Lazy (`repair: true`):
 * the sender numbers its messages, and a process that gets message n of a sender while it
 * lacks an earlier one asks `fanout` random peers for the gap, once; a peer that has it sends
 * it back. Gaps are only seen once a later message arrives: a process that misses the
 * sender's last message never knows it.
 *
 * Simplified from the book: every process stores every message it delivered (the book stores
 * each with some probability, to bound memory), delivers on receipt rather than in sequence
 * order, and asks once rather than retrying after a timeout.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Data = { readonly type: 'DATA'; readonly src: Pid; readonly sn: number; readonly m: string; readonly ttl: number };
type Message = Data | { type: 'REQUEST'; src: Pid; sn: number };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  /** What it delivered (and stores, for requests), with the hop count cleared. */
  readonly got: readonly Data[];
  /** The (sender, number) pairs asked for, as `src:sn`. */
  readonly asked: readonly string[];
}

type Params = { fanout: number; ttl: number; repair: boolean };
type C = { self: Pid; all: readonly Pid[]; params: Params; send(to: Pid, m: Message): void; indicate(i: Indication): void; pick<X>(xs: readonly X[], k: number): X[] };

const peers = (ctx: C): Pid[] => ctx.all.filter((q) => q !== ctx.self);
const has = (s: State, src: Pid, sn: number): boolean => s.got.some((d) => d.src === src && d.sn === sn);

function take(s: State, d: Data, ctx: C): State {
  ctx.indicate({ type: 'deliver', src: d.src, m: d.m });
  if (d.ttl > 0) for (const q of ctx.pick(peers(ctx), ctx.params.fanout)) ctx.send(q, { ...d, ttl: d.ttl - 1 });
  let asked = s.asked;
  const got = [...s.got, { ...d, ttl: 0 }];
  if (ctx.params.repair) {
    for (let sn = 1; sn < d.sn; sn++) {
      const key = `${d.src}:${sn}`;
      if (has(s, d.src, sn) || asked.includes(key)) continue;
      for (const q of ctx.pick(peers(ctx), ctx.params.fanout)) ctx.send(q, { type: 'REQUEST', src: d.src, sn });
      asked = [...asked, key];
    }
  }
  return { got, asked };
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, Params>({
  name: 'probabilistic-broadcast',
  params: { fanout: 3, ttl: 3, repair: true },
  random: true,
  init: () => ({ got: [], asked: [] }),
  requests: {
    broadcast(s, req, ctx) {
      const sn = s.got.filter((d) => d.src === ctx.self).length + 1;
      return take(s, { type: 'DATA', src: ctx.self, sn, m: req.m, ttl: ctx.params.ttl }, ctx);
    },
  },
  messages: {
    DATA: (s, d, _from, ctx) => (has(s, d.src, d.sn) ? s : take(s, d, ctx)),
    REQUEST(s, r, from, ctx) {
      const d = s.got.find((x) => x.src === r.src && x.sn === r.sn);
      if (d) ctx.send(from, d);
      return s;
    },
  },
});
