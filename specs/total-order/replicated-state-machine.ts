/**
 * A replicated state machine on total-order broadcast: each replica broadcasts the commands
 * it is asked to execute, applies every command in the order total-order broadcast delivers
 * it to a deterministic register (`set n`, `add n`), and indicates each output. Replicas
 * that apply the same commands in the same order give the same outputs.
 *
 * With `useConsensus: false` (tob.ts) replicas apply commands in their arrival order, and
 * their outputs diverge.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { startTob, tobBroadcast, tobCrash, tobReceive, type Item, type TobMessage, type TobState } from './tob.ts';

type T = {
  message: TobMessage;
  request: { type: 'execute'; m: string };
  indication: { type: 'output'; src: Pid; m: string; v: number };
};

interface State {
  tob: TobState;
  register: number;
}

/** The state machine: `set n` or `add n`, on an integer register. */
export function apply(register: number, command: string): number {
  const [op, arg] = command.split(' ');
  const n = Number(arg);
  if (!Number.isInteger(n)) throw new Error(`not a command: '${command}' (expected 'set n' or 'add n')`);
  if (op === 'set') return n;
  if (op === 'add') return register + n;
  throw new Error(`not a command: '${command}' (expected 'set n' or 'add n')`);
}

function execute(s: State, items: Item[], ctx: { indicate(i: T['indication']): void }): void {
  for (const it of items) {
    s.register = apply(s.register, it.m);
    ctx.indicate({ type: 'output', src: it.src, m: it.m, v: s.register });
  }
}

export default defineProtocol<T, State, { rounds: number; useConsensus: boolean }>({
  name: 'replicated-state-machine',
  description: 'replicas applying the commands total-order broadcast delivers to a deterministic register',
  params: { rounds: 0, useConsensus: true },
  init: () => ({ tob: startTob(), register: 0 }),
  requests: {
    execute: (s, req, ctx) => execute(s, tobBroadcast(s.tob, req.m, ctx), ctx),
  },
  messages: {
    DATA: (s, msg, from, ctx) => execute(s, tobReceive(s.tob, msg, from, ctx), ctx),
    PROPOSAL: (s, msg, from, ctx) => execute(s, tobReceive(s.tob, msg, from, ctx), ctx),
  },
  failures: {
    crash: (s, q, ctx) => execute(s, tobCrash(s.tob, q, ctx), ctx),
  },
});
