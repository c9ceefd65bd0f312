/**
 * Flooding Uniform Consensus (CGR algorithm 5.3), fail-stop: a perfect failure detector, N
 * rounds of flooding proposal sets, and the least value decided after the last round. No
 * process decides before the last round, so whatever any process decides (even one that
 * crashes next) every process that completes the last round decides too: the uniform
 * agreement that algorithm 5.1 lacks.
 *
 * Parameters: `rounds` (0: N, the book's choice) and `waitForDetector: false`, the broken
 * rule of a process that moves on after hearing from all processes but one, taking the
 * silent one for crashed.
 *
 * The synchronous argument (f + 1 rounds against f crashes; N rounds against N - 1) does
 * not carry over to an oracle P that may report a crash before the crashed process's last
 * messages arrive: then one crash can cut short two rounds (the specs beside this file
 * show it), and the checker finds N = 3 rounds safe against one crash but not two.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { addPid, advance, propose, receive, startInstance, type Instance, type Rules } from './flooding.ts';

type T = {
  message: { type: 'PROPOSAL'; r: number; values: string[] };
  request: { type: 'propose'; v: string };
  indication: { type: 'decide'; v: string };
};

interface State {
  detected: Pid[];
  consensus: Instance<string>;
}

interface Params {
  rounds: number;
  waitForDetector: boolean;
}

type Ctx = { self: Pid; all: readonly Pid[]; n: number; params: Params; broadcast(m: T['message'], to?: readonly Pid[]): void; indicate(i: T['indication']): void };

function rulesOf(ctx: Ctx): Rules<string> {
  return { rounds: ctx.params.rounds || ctx.n, order: (a, b) => (a < b ? -1 : a > b ? 1 : 0), waitForDetector: ctx.params.waitForDetector };
}

function others(ctx: Ctx): Pid[] {
  return ctx.all.filter((q) => q !== ctx.self);
}

function progress(s: State, ctx: Ctx): void {
  const { floods, decided } = advance(s.consensus, ctx.self, ctx.all, s.detected, rulesOf(ctx));
  for (const m of floods) ctx.broadcast({ type: 'PROPOSAL', ...m }, others(ctx));
  if (decided) ctx.indicate({ type: 'decide', v: s.consensus.decision! });
}

export default defineProtocol<T, State, { rounds: number; waitForDetector: boolean }>({
  name: 'flooding-uniform-consensus',
  description: 'flooding uniform consensus with a perfect failure detector (CGR 5.3)',
  params: { rounds: 0, waitForDetector: true },
  init: () => ({ detected: [], consensus: startInstance<string>() }),
  requests: {
    propose(s, req, ctx) {
      const m = propose(s.consensus, req.v, ctx.self, rulesOf(ctx));
      ctx.broadcast({ type: 'PROPOSAL', ...m }, others(ctx));
      progress(s, ctx);
    },
  },
  messages: {
    PROPOSAL(s, msg, from, ctx) {
      receive(s.consensus, msg, from, rulesOf(ctx));
      progress(s, ctx);
    },
  },
  failures: {
    crash(s, q, ctx) {
      addPid(s.detected, q);
      progress(s, ctx);
    },
  },
});
