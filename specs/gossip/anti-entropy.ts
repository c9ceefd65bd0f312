/**
 * Anti-entropy (Demers et al., the notes' gossip lecture): every process, for ever, picks a peer
 * at random and reconciles with it, one exchange after the other (each takes two message
 * delays). Pull: it sends its digest (what it has) and the peer sends what it lacks. Push-pull:
 * it sends what it has and the peer answers with what the first one lacks, so both ends learn.
 * It always reaches everyone (a process keeps asking until a peer that knows the rumour answers)
 * but slowly at first under pull, and it never stops: its traffic grows with time, the rumour or
 * not. Runs end at the estimate's horizon.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Rumour = { readonly src: Pid; readonly m: string };
type Message =
  /** A request for reconciliation: under pull the digest (whether the sender has the rumour), under push-pull the rumour itself when it has it. */
  | { type: 'ASK'; has: boolean; rumour: Rumour | null }
  | { type: 'ANSWER'; rumour: Rumour | null };
type Request = { type: 'broadcast'; m: string };
type Indication = { type: 'deliver'; src: Pid; m: string };

interface State {
  readonly rumour: Rumour | null;
}

type Params = { mode: string };
type C = { self: Pid; all: readonly Pid[]; params: Params; send(to: Pid, m: Message): void; indicate(i: Indication): void; choose<X>(xs: readonly X[]): X };

function ask(s: State, ctx: C): void {
  const q = ctx.choose(ctx.all.filter((p) => p !== ctx.self));
  ctx.send(q, { type: 'ASK', has: s.rumour !== null, rumour: ctx.params.mode === 'push-pull' ? s.rumour : null });
}

function learn(s: State, r: Rumour | null, ctx: C): State {
  if (s.rumour || !r) return s;
  ctx.indicate({ type: 'deliver', src: r.src, m: r.m });
  return { rumour: r };
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication; timer: 'start' }, State, Params>({
  name: 'anti-entropy',
  params: { mode: 'pull' },
  random: true,
  // the first exchange starts on a timer: an init's random choices are not sampled
  init(ctx) {
    ctx.setTimer('start', 1);
    return { rumour: null };
  },
  timers: {
    start(s, ctx) {
      ask(s, ctx);
      return s;
    },
  },
  requests: {
    broadcast: (s, req, ctx) => learn(s, { src: ctx.self, m: req.m }, ctx),
  },
  messages: {
    ASK(s, msg, from, ctx) {
      const after = learn(s, msg.rumour, ctx);
      ctx.send(from, { type: 'ANSWER', rumour: s.rumour && !msg.has ? s.rumour : null });
      return after;
    },
    ANSWER(s, msg, _from, ctx) {
      const after = learn(s, msg.rumour, ctx);
      ask(after, ctx);
      return after;
    },
  },
});
