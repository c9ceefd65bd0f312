/**
 * Usenet-style flooding over a fixed overlay (graph.ts: a random `degree`-regular graph): a
 * server that gets an article for the first time delivers it and sends it to every neighbour.
 * With message ids (`ids: true`) it recognises an article it has seen and drops it: every server
 * sends the article once to each neighbour, so the traffic is exactly the degree per server and
 * everyone gets it (the overlay is connected). Without ids (`ids: false`) a server cannot tell a
 * copy from a new article: it delivers and forwards every copy, and the flood never dies down.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { regularGraph } from './graph.ts';

type Message = { type: 'ARTICLE'; id: string; src: Pid; m: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  /** The ids of the articles seen (with ids), or nothing (without). */
  readonly seen: readonly string[];
}

type Params = { ids: boolean; degree: number; graph: number };

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, Params>({
  name: 'flooding',
  params: { ids: true, degree: 4, graph: 1 },
  init: () => ({ seen: [] }),
  requests: {
    broadcast(s, req, ctx) {
      const a: Message = { type: 'ARTICLE', id: `${ctx.self}:${req.m}`, src: ctx.self, m: req.m };
      return flood(s, a, ctx);
    },
  },
  messages: {
    ARTICLE(s, a, _from, ctx) {
      if (ctx.params.ids && s.seen.includes(a.id)) return s;
      return flood(s, a, ctx);
    },
  },
});

function flood(s: State, a: Message, ctx: { self: Pid; n: number; params: Params; send(to: Pid, m: Message): void; indicate(i: Indication): void }): State {
  ctx.indicate({ type: 'deliver', src: a.src, m: a.m });
  for (const q of regularGraph(ctx.n, ctx.params.degree, ctx.params.graph)[ctx.self]) ctx.send(q, a);
  return ctx.params.ids ? { seen: [...s.seen, a.id] } : s;
}
