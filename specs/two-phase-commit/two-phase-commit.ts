/**
 * Two-phase commit as a protocol: a coordinator asks every participant to prepare,
 * commits if all vote yes and aborts otherwise; participants decide what it tells them.
 * A participant that has not voted yet may give up and abort on its own (its timeout), but
 * one that voted yes may not decide alone: if the coordinator crashes after collecting
 * the votes, the participants wait forever. That is 2PC's blocking, the
 * liveness lesson (safety holds; termination does not).
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Decision = 'commit' | 'abort';
type T = {
  message: { type: 'PREPARE' } | { type: 'VOTE'; yes: boolean } | { type: 'OUTCOME'; d: Decision };
  request: { type: 'begin' };
  indication: { type: 'decide'; v: Decision };
  timer: 'timeout';
};
type P = { noVoters: number[] };

const coordinator = role<T, { votes: { from: Pid; yes: boolean }[]; decided: boolean }, P>({
  init: () => ({ votes: [], decided: false }),
  requests: {
    begin(_s, _r, ctx) {
      ctx.broadcast({ type: 'PREPARE' }, ctx.pids('participant'));
    },
  },
  messages: {
    VOTE(s, msg, from, ctx) {
      if (s.decided || s.votes.some((v) => v.from === from)) return;
      s.votes.push({ from, yes: msg.yes });
      s.votes.sort((a, b) => a.from - b.from);
      const participants = ctx.pids('participant');
      const d: Decision | undefined = !msg.yes ? 'abort' : s.votes.length === participants.length ? 'commit' : undefined;
      if (!d) return;
      s.decided = true;
      ctx.indicate({ type: 'decide', v: d });
      ctx.broadcast({ type: 'OUTCOME', d }, participants);
    },
  },
});

const participant = role<T, { voted: boolean; decided: boolean }, P>({
  init: (ctx) => {
    ctx.setTimer('timeout');
    return { voted: false, decided: false };
  },
  timers: {
    timeout(s, ctx) {
      if (s.voted) return;
      // not voted yet: no one can commit without this participant, so it may abort alone
      s.voted = true;
      s.decided = true;
      ctx.indicate({ type: 'decide', v: 'abort' });
    },
  },
  messages: {
    PREPARE(s, _m, from, ctx) {
      if (s.voted) {
        if (s.decided) ctx.send(from, { type: 'VOTE', yes: false });
        return;
      }
      ctx.cancelTimer('timeout');
      const yes = !ctx.params.noVoters.includes(ctx.self);
      s.voted = true;
      ctx.send(from, { type: 'VOTE', yes });
      // a participant that votes no may abort on its own: no one can commit without it
      if (!yes) {
        s.decided = true;
        ctx.indicate({ type: 'decide', v: 'abort' });
      }
    },
    OUTCOME(s, msg, _from, ctx) {
      if (s.decided) return;
      s.decided = true;
      ctx.indicate({ type: 'decide', v: msg.d });
    },
  },
});

export default defineProtocol<T, unknown, P>({
  name: 'two-phase-commit',
  params: { noVoters: [] as number[] },
  roles: { coordinator, participant },
});
