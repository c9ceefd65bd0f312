/**
 * The Byzantine generals with oral messages, one round of relaying (Lamport, Shostak and Pease's
 * OM(1)): the commander p0 sends its order to the lieutenants; each lieutenant relays the order it
 * got to the others and decides by `rule` on what it holds: the commander's order and the orders
 * relayed to it. The commander decides its own order, so agreement among the correct processes
 * says both IC1 (loyal lieutenants agree) and IC2 (they follow a loyal commander).
 *
 * With N = 3 and f = 1 there is one relayed order, and `rule` is a table over (order, relayed):
 * four letters for (a,a), (a,b), (b,a), (b,b), e.g. `abab` (follow the commander) or `aaab`.
 * Every one of the 16 tables fails: a lieutenant holding (a, b) cannot tell a traitorous commander
 * from a traitorous fellow lieutenant (test/byzantine/generals.test.ts checks them all). With
 * N = 4 (`rule: majority`) the lieutenants take the majority of the three orders they hold.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';

type Message = { type: 'ORDER'; v: string } | { type: 'RELAY'; v: string };
type Request = { type: 'propose'; v: string };
type Indication = { type: 'decide'; v: string };

interface State {
  order: string | null;
  /** Orders relayed to it, by lieutenant. */
  relayed: { from: Pid; v: string }[];
  decided: boolean;
}

const VALUES = ['a', 'b'];

/** The decision by the rule: a table over (order, relayed) for one relayed order, or the majority. */
function decide(rule: string, order: string, relayed: readonly string[]): string {
  if (rule === 'majority') {
    const all = [order, ...relayed];
    return all.filter((x) => x === 'a').length * 2 > all.length ? 'a' : 'b';
  }
  return rule[VALUES.indexOf(order) * 2 + VALUES.indexOf(relayed[0])];
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, { rule: string }>({
  name: 'oral-messages-generals',
  params: { rule: 'abab' },
  messageFields: { ORDER: ['v'], RELAY: ['v'] },
  domains: { v: VALUES },
  init: () => ({ order: null, relayed: [], decided: false }),
  requests: {
    propose(s, req, ctx) {
      if (ctx.self !== 0 || s.decided) return;
      ctx.broadcast({ type: 'ORDER', v: req.v }, ctx.all.filter((q) => q !== 0));
      s.decided = true;
      ctx.indicate({ type: 'decide', v: req.v });
    },
  },
  messages: {
    ORDER(s, msg, from, ctx) {
      if (from !== 0 || ctx.self === 0 || s.order !== null || !VALUES.includes(msg.v)) return;
      s.order = msg.v;
      ctx.broadcast({ type: 'RELAY', v: msg.v }, ctx.all.filter((q) => q !== 0 && q !== ctx.self));
      check(s, ctx.n, ctx.params.rule, ctx);
    },
    RELAY(s, msg, from, ctx) {
      if (from === 0 || ctx.self === 0 || s.relayed.some((r) => r.from === from) || !VALUES.includes(msg.v)) return;
      s.relayed.splice(s.relayed.filter((r) => r.from < from).length, 0, { from, v: msg.v });
      check(s, ctx.n, ctx.params.rule, ctx);
    },
  },
});

function check(s: State, n: number, rule: string, ctx: { indicate(i: Indication): void }): void {
  if (s.decided || s.order === null || s.relayed.length < n - 2) return;
  s.decided = true;
  ctx.indicate({ type: 'decide', v: decide(rule, s.order, s.relayed.map((r) => r.v)) });
}
