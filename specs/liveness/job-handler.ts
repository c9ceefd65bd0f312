/**
 * The job handler of the lecture notes: a handler process takes jobs submitted from above
 * and must confirm each one ("every job submitted is eventually confirmed"), while a busy
 * client keeps sending it jobs of its own over the network, forever.
 *
 * - `mode: sync` handles a job at once: the submission is confirmed in the same step.
 * - `mode: fifo` queues every job and serves them in arrival order on its `work` timer.
 * - `mode: postpone` queues them but always serves the client's jobs first: the `work`
 *   timer fires again and again (weak fairness is met) and the submitted job waits forever.
 */
import { defineProtocol, role, type Pid } from '../../src/index.ts';

type Message = { type: 'JOB'; job: string } | { type: 'DONE'; job: string };
type Request = { type: 'submit'; job: string };
type Indication = { type: 'confirm'; src: Pid; job: string };
type T = { message: Message; request: Request; indication: Indication; timer: 'work' };
type Params = { mode: string };

interface Handler {
  /** Jobs waiting, in arrival order: a local submission (from: -1) or a client's job. */
  queue: { job: string; from: Pid }[];
}

const handler = role<T, Handler, Params>({
  init: () => ({ queue: [] }),
  requests: {
    submit(s, req, ctx) {
      if (ctx.params.mode === 'sync') {
        ctx.indicate({ type: 'confirm', src: ctx.self, job: req.job });
        return;
      }
      s.queue.push({ job: req.job, from: -1 });
      ctx.setTimer('work');
    },
  },
  messages: {
    JOB(s, msg, from, ctx) {
      if (ctx.params.mode === 'sync') {
        ctx.send(from, { type: 'DONE', job: msg.job });
        return;
      }
      s.queue.push({ job: msg.job, from });
      ctx.setTimer('work');
    },
  },
  timers: {
    work(s, ctx) {
      // postpone: a client's job always goes first; fifo: the oldest job goes first
      let i = ctx.params.mode === 'postpone' ? s.queue.findIndex((j) => j.from >= 0) : 0;
      if (i < 0) i = 0;
      const [next] = s.queue.splice(i, 1);
      if (next === undefined) return;
      if (next.from < 0) ctx.indicate({ type: 'confirm', src: ctx.self, job: next.job });
      else ctx.send(next.from, { type: 'DONE', job: next.job });
      if (s.queue.length) ctx.setTimer('work');
    },
  },
});

/** The busy client: a job at start, and a new one each time the last is done. */
const client = role<T, { done: number }, Params>({
  init(ctx) {
    ctx.send(ctx.pids('handler')[0], { type: 'JOB', job: 'x' });
    return { done: 0 };
  },
  messages: {
    DONE(s, msg, from, ctx) {
      s.done = Math.min(s.done + 1, 1); // "at least one done": keeps the state space finite
      ctx.send(from, { type: 'JOB', job: msg.job });
    },
  },
});

export default defineProtocol<T, unknown, Params>({
  name: 'job-handler',
  description: 'a job handler that must confirm every submitted job while a client keeps it busy',
  params: { mode: 'sync' },
  roles: { handler, client },
});
