/**
 * Rumour mongering with feedback and a coin (Demers et al., the notes' gossip lecture): a process
 * that knows a hot rumour pushes it to a peer chosen at random; the peer answers whether it knew
 * it already, and on "I knew" the pusher loses interest with probability 1/k (otherwise, and
 * after a new infection, it pushes again). Cheap, fast, and the rumour may die before it reaches
 * everyone: the residue is positive (about s = e^{-(k+1)(1-s)} of the nodes for large N).
 *
 * With `antiEntropy: t` > 0 every process also pulls from a random peer every t ticks, for ever
 * (anti-entropy as a backup: a process that the rumour missed gets it from the next peer it
 * pulls from that knows it), so the residue goes to 0 by the horizon, at the price of t-periodic
 * traffic. A push and its answer take two ticks (one message delay each).
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Message =
  | { type: 'RUMOUR'; src: Pid; m: string }
  | { type: 'FEEDBACK'; knew: boolean }
  | { type: 'PULL'; has: boolean }
  | { type: 'REPLY'; src: Pid; m: string };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  readonly rumour: { readonly src: Pid; readonly m: string } | null;
  /** Still spreading it. */
  readonly hot: boolean;
}

type Params = { k: number; antiEntropy: number };
type T = { message: Message; request: Request; indication: Indication; timer: 'pull' };
type C = { self: Pid; all: readonly Pid[]; params: Params; send(to: Pid, m: Message): void; indicate(i: Indication): void; choose<X>(xs: readonly X[]): X; coin(p: number): boolean; setTimer(name: 'pull', ticks?: number): void };

const peer = (ctx: C): Pid => ctx.choose(ctx.all.filter((q) => q !== ctx.self));

function push(s: State, ctx: C): State {
  ctx.send(peer(ctx), { type: 'RUMOUR', src: s.rumour!.src, m: s.rumour!.m });
  return s.hot ? s : { rumour: s.rumour, hot: true };
}

function learn(src: Pid, m: string, ctx: C): State {
  ctx.indicate({ type: 'deliver', src, m });
  return push({ rumour: { src, m }, hot: true }, ctx);
}

export default defineProtocol<T, State, Params>({
  name: 'rumour-mongering',
  params: { k: 1, antiEntropy: 0 },
  random: true,
  init(ctx) {
    if (ctx.params.antiEntropy > 0) ctx.setTimer('pull', ctx.params.antiEntropy);
    return { rumour: null, hot: false };
  },
  requests: {
    broadcast: (_s, req, ctx) => learn(ctx.self, req.m, ctx),
  },
  messages: {
    RUMOUR(s, msg, from, ctx) {
      ctx.send(from, { type: 'FEEDBACK', knew: s.rumour !== null });
      return s.rumour ? s : learn(msg.src, msg.m, ctx);
    },
    FEEDBACK(s, msg, _from, ctx) {
      if (!s.hot) return s;
      // "I knew it": lose interest with probability 1/k
      if (msg.knew && ctx.coin(1 / ctx.params.k)) return { rumour: s.rumour, hot: false };
      return push(s, ctx);
    },
    PULL(s, msg, from, ctx) {
      if (s.rumour && !msg.has) ctx.send(from, { type: 'REPLY', src: s.rumour.src, m: s.rumour.m });
      return s;
    },
    REPLY(s, msg, _from, ctx) {
      return s.rumour ? s : learn(msg.src, msg.m, ctx);
    },
  },
  timers: {
    pull(s, ctx) {
      // every process pulls (its digest says what it has: it cannot know that nothing is missing)
      ctx.send(peer(ctx), { type: 'PULL', has: s.rumour !== null });
      ctx.setTimer('pull', ctx.params.antiEntropy);
      return s;
    },
  },
});
