/**
 * The two generals: A (p0) wants to attack and must agree with B (p1) over a messenger who may
 * be caught (a lossy link), in a synchronous world where a messenger who gets through takes at
 * most one tick. A protocol with k messages: A sends message 1; whoever receives message
 * i < k answers with message i + 1 (an acknowledgement of the acknowledgement ...). Each
 * general waits long enough for all k messages and decides: attack if every message addressed
 * to it arrived, retreat otherwise; B attacks only if it heard from A at all.
 *
 * No k works. If nothing is lost both attack; take away the last message and its sender
 * decides as before (it expects nothing after it), while its receiver's view differs: the
 * last-message argument, which the checker prints as a trace for each k.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Message = { type: 'MSG'; i: number };
type Indication = { type: 'decide'; v: 'attack' | 'retreat' };
type T = { message: Message; request: never; indication: Indication; timer: 'decide' };

interface State {
  /** The numbers of the messages received. */
  got: number[];
  decided: boolean;
}

/** The messages addressed to p: A (p0) receives the even ones, B the odd ones. */
const addressedTo = (p: Pid, k: number) => Array.from({ length: k }, (_, j) => j + 1).filter((i) => (i % 2 === 1) === (p === 1));

export default defineProtocol<T, State, { k: number }>({
  name: 'two-generals',
  params: { k: 3 },
  init(ctx) {
    if (ctx.self === 0 && ctx.params.k >= 1) ctx.send(1, { type: 'MSG', i: 1 });
    // every message gets through within k ticks if none is lost
    ctx.setTimer('decide', ctx.params.k + 1);
    return { got: [], decided: false };
  },
  messages: {
    MSG(s, m, from, ctx) {
      if (s.decided) return;
      s.got.push(m.i);
      if (m.i < ctx.params.k) ctx.send(from, { type: 'MSG', i: m.i + 1 });
    },
  },
  timers: {
    decide(s, ctx) {
      s.decided = true;
      const all = addressedTo(ctx.self, ctx.params.k).every((i) => s.got.includes(i));
      const heard = ctx.self === 0 || s.got.length > 0;
      ctx.indicate({ type: 'decide', v: all && heard ? 'attack' : 'retreat' });
    },
  },
});
