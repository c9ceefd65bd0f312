/**
 * Usenet's IHAVE/SENDME over the flooding overlay (graph.ts): a server that gets a new article
 * tells each neighbour only its id (IHAVE); a neighbour that lacks it asks for it (SENDME) from
 * the first server that offered it, and only then is the article itself sent. Ids are cheap and
 * articles large: each server receives the article once (the payload traffic is below one
 * message per server, against the degree for plain flooding), at the price of three message
 * delays per hop instead of one.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { regularGraph } from './graph.ts';

type Message =
  | { type: 'IHAVE'; id: string }
  | { type: 'SENDME'; id: string }
  | { type: 'ARTICLE'; id: string; src: Pid; m: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };
type Article = Extract<Message, { type: 'ARTICLE' }>;

interface State {
  /** The articles held, which neighbours may ask for. */
  readonly have: readonly Article[];
  /** The ids asked for (from one server each) and not yet received. */
  readonly asked: readonly string[];
}

type Params = { degree: number; graph: number };
type C = { self: Pid; n: number; params: Params; send(to: Pid, m: Message): void; indicate(i: Indication): void };

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, Params>({
  name: 'ihave-sendme',
  params: { degree: 4, graph: 1 },
  init: () => ({ have: [], asked: [] }),
  requests: {
    broadcast: (s, req, ctx) => take(s, { type: 'ARTICLE', id: `${ctx.self}:${req.m}`, src: ctx.self, m: req.m }, ctx),
  },
  messages: {
    IHAVE(s, msg, from, ctx) {
      if (s.asked.includes(msg.id) || s.have.some((a) => a.id === msg.id)) return s;
      ctx.send(from, { type: 'SENDME', id: msg.id });
      return { have: s.have, asked: [...s.asked, msg.id] };
    },
    SENDME(s, msg, from, ctx) {
      const a = s.have.find((x) => x.id === msg.id);
      if (a) ctx.send(from, { type: 'ARTICLE', id: a.id, src: a.src, m: a.m });
      return s;
    },
    ARTICLE(s, a, _from, ctx) {
      if (s.have.some((x) => x.id === a.id)) return s;
      return take(s, a, ctx);
    },
  },
});

function take(s: State, a: Article, ctx: C): State {
  ctx.indicate({ type: 'deliver', src: a.src, m: a.m });
  for (const q of regularGraph(ctx.n, ctx.params.degree, ctx.params.graph)[ctx.self]) ctx.send(q, { type: 'IHAVE', id: a.id });
  return { have: [...s.have, { type: 'ARTICLE', id: a.id, src: a.src, m: a.m }], asked: s.asked.filter((x) => x !== a.id) };
}
