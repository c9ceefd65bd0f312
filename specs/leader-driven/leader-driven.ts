/**
 * Leader-driven consensus (Cachin, Guerraoui, Rodrigues, algorithm 5.7): a sequence of epochs
 * of read/write epoch consensus (algorithm 5.6, ./epoch-consensus.ts), each with a leader,
 * started by the leader-based epoch change (algorithm 5.5, ./epoch-change.ts) on Ω's word.
 * Every process starts in epoch 0 with the default leader l0 = p0. When the epoch change
 * starts a new epoch, the process aborts the current one and hands its state (valts, val) to
 * the new instance; a process that leads the epoch it is in proposes its value there, once.
 * It decides the first value an epoch it is in decides.
 *
 * Parameters: `maxEpochs`, how many epochs may be started after epoch 0 in a run (the bound
 * that keeps the model finite, see ./epoch-change.ts), and `ignoreStates`, the broken leader
 * that writes its own proposal whatever the STATEs report.
 *
 * Messages of an epoch a process has not started yet: the book hands them to an instance
 * that does not exist yet, i.e. they wait. The specs run on FIFO links, so that a leader's
 * messages of an epoch reach each process after its NEWEPOCH, which was sent first on the
 * same link; a process that refused (NACKed) that epoch ignores them, as in the book.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { acceptsEpoch, initEpochChange, nacked, trust, type EpochChange } from './epoch-change.ts';
import { abort, initEpoch, propose, receive, type EpochConsensus, type EpochLinks, type EpochMessage } from './epoch-consensus.ts';

type Message = { type: 'NEWEPOCH'; ts: number } | { type: 'NACK' } | EpochMessage;

type T = {
  message: Message;
  request: { type: 'propose'; v: string };
  indication: { type: 'decide'; v: string };
};

interface Params {
  maxEpochs: number;
  ignoreStates: boolean;
}

interface State {
  /** The value proposed from above (⊥ until then). */
  val: string | null;
  /** Whether this process proposed in the epoch it is in (it leads it). */
  proposed: boolean;
  decided: boolean;
  ec: EpochChange;
  /** The epoch consensus instance of the epoch this process is in. */
  ep: EpochConsensus;
}

interface Ctx extends EpochLinks {
  readonly params: Params;
  send(to: Pid, m: Message): void;
  broadcast(m: Message): void;
  indicate(i: T['indication']): void;
}

/** The leader every process trusts before Ω names one, and that leads epoch 0. */
const L0: Pid = 0;

const rulesOf = (ctx: Ctx) => ({ n: ctx.n, maxEpochs: ctx.params.maxEpochs });

/** upon l = self ∧ val ≠ ⊥ ∧ proposed = FALSE */
function proposeIfLeader(s: State, ctx: Ctx): void {
  if (s.ep.leader !== ctx.self || s.val === null || s.proposed) return;
  s.proposed = true;
  propose(s.ep, s.val, ctx);
}

function announce(ts: number | null, ctx: Ctx): void {
  if (ts !== null) ctx.broadcast({ type: 'NEWEPOCH', ts });
}

function onEpochMessage(s: State, m: EpochMessage, from: Pid, ctx: Ctx): void {
  const v = receive(s.ep, m, from, ctx, { ignoreStates: ctx.params.ignoreStates });
  if (v === null || s.decided) return;
  s.decided = true;
  ctx.indicate({ type: 'decide', v });
}

export default defineProtocol<T, State, { maxEpochs: number; ignoreStates: boolean }>({
  name: 'leader-driven-consensus',
  description: 'leader-driven consensus from epoch change and read/write epoch consensus with Ω (CGR 5.5-5.7)',
  params: { maxEpochs: 6, ignoreStates: false },
  init: (ctx) => ({
    val: null,
    proposed: false,
    decided: false,
    ec: initEpochChange(ctx.self, L0),
    ep: initEpoch(0, L0, { valts: 0, val: null }, ctx.n),
  }),
  requests: {
    propose(s, req, ctx) {
      s.val = req.v;
      proposeIfLeader(s, ctx);
    },
  },
  failures: {
    trust(s, leader, ctx) {
      announce(trust(s.ec, leader, ctx.self, rulesOf(ctx)), ctx);
    },
  },
  messages: {
    NEWEPOCH(s, m, from, ctx) {
      if (!acceptsEpoch(s.ec, from, m.ts)) {
        ctx.send(from, { type: 'NACK' });
        return;
      }
      s.ep = initEpoch(m.ts, from, abort(s.ep), ctx.n);
      s.proposed = false;
      proposeIfLeader(s, ctx);
    },
    NACK(s, _m, _from, ctx) {
      announce(nacked(s.ec, ctx.self, rulesOf(ctx)), ctx);
    },
    READ: onEpochMessage,
    STATE: onEpochMessage,
    WRITE: onEpochMessage,
    ACCEPT: onEpochMessage,
    DECIDED: onEpochMessage,
  },
});
