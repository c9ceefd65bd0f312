/**
 * Flooding Consensus (CGR algorithm 5.1), fail-stop: processes flood their proposal sets in
 * rounds, moving on once they have heard the round from every process not detected as
 * crashed. A process that heard from the same processes in two consecutive rounds (round 0
 * is everybody) knows every value any live process could know, decides the least, and
 * floods its decision; a process that receives a decision from a process it does not know
 * to have crashed adopts it and floods it too.
 *
 * It is regular consensus, not uniform: a process may decide early and crash before its
 * decision reaches anyone, while the others, without its value, decide another one.
 */
import { defineProtocol, type Pid } from '../../src/index.ts';
import { addPid } from './flooding.ts';

type Message = { type: 'PROPOSAL'; r: number; values: string[] } | { type: 'DECIDED'; v: string };
type T = { message: Message; request: { type: 'propose'; v: string }; indication: { type: 'decide'; v: string } };

interface State {
  detected: Pid[];
  round: number;
  /** Per round (index r - 1): who was heard from, and the proposals received. */
  rounds: { heard: Pid[]; values: string[] }[];
  decision: string | null;
}

type Ctx = { self: Pid; all: readonly Pid[]; broadcast(m: Message, to?: readonly Pid[]): void; indicate(i: T['indication']): void };

function roundSlot(s: State, r: number): { heard: Pid[]; values: string[] } {
  while (s.rounds.length < r) s.rounds.push({ heard: [], values: [] });
  return s.rounds[r - 1];
}

function add(s: State, r: number, from: Pid, values: readonly string[]): void {
  const slot = roundSlot(s, r);
  addPid(slot.heard, from);
  for (const v of values) if (!slot.values.includes(v)) slot.values.push(v);
  slot.values.sort();
}

function others(ctx: Ctx): Pid[] {
  return ctx.all.filter((q) => q !== ctx.self);
}

function decide(s: State, v: string, ctx: Ctx): void {
  s.decision = v;
  ctx.broadcast({ type: 'DECIDED', v }, others(ctx));
  ctx.indicate({ type: 'decide', v });
}

function progress(s: State, ctx: Ctx): void {
  for (;;) {
    const current = roundSlot(s, s.round);
    if (s.decision !== null || !ctx.all.every((q) => s.detected.includes(q) || current.heard.includes(q))) return;
    const previous = s.round === 1 ? ctx.all : s.rounds[s.round - 2].heard;
    if (current.heard.length === previous.length && current.heard.every((q) => previous.includes(q))) return decide(s, current.values[0], ctx);
    s.round++;
    const values = current.values.slice();
    ctx.broadcast({ type: 'PROPOSAL', r: s.round, values }, others(ctx));
    add(s, s.round, ctx.self, values);
  }
}

export default defineProtocol<T, State>({
  name: 'flooding-consensus',
  description: 'flooding consensus with a perfect failure detector (CGR 5.1)',
  init: () => ({ detected: [], round: 1, rounds: [], decision: null }),
  requests: {
    propose(s, req, ctx) {
      add(s, 1, ctx.self, [req.v]);
      ctx.broadcast({ type: 'PROPOSAL', r: 1, values: roundSlot(s, 1).values.slice() }, others(ctx));
      progress(s, ctx);
    },
  },
  messages: {
    PROPOSAL(s, msg, from, ctx) {
      add(s, msg.r, from, msg.values);
      progress(s, ctx);
    },
    DECIDED(s, msg, from, ctx) {
      if (s.decision === null && !s.detected.includes(from)) decide(s, msg.v, ctx);
    },
  },
  failures: {
    crash(s, q, ctx) {
      addPid(s.detected, q);
      progress(s, ctx);
    },
  },
});
