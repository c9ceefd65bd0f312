/**
 * A portfolio worker: runs one algorithm over the partitions it is sent, skips the ones the
 * other worker decided, and reports each partition it decides as soon as it does.
 */
import { parentPort } from 'node:worker_threads';
import { getModel } from '../models/index.ts';
import { runPartitions } from '../schedule.ts';
import { MemoryBudget } from '../search/budget.ts';
import { stopper } from '../limits.ts';
import { linEngine, scEngine } from '../engines.ts';
import { now, searchModel } from '../prepare.ts';
import type { CheckRequest, FromWorker } from './protocol.ts';

const port = parentPort!;
/** The flag a partition this worker decided gets (the main thread's is 1). */
const WORKER = 2;
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (req: CheckRequest) => {
  if (req.type !== 'check') return;
  const decided = new Int32Array(req.decided);
  const stopFlag = new Int32Array(req.stop);
  const budget = MemoryBudget.attach(req.limitBytes, req.memory);
  const limits = stopper(now(), {});
  try {
    const sched = runPartitions(searchModel(getModel(req.model), req.prune), req.parts, req.check === 'sequential' ? scEngine : linEngine, {
      algorithms: [req.algorithm],
      budget,
      stop: () => (Atomics.load(stopFlag, 0) !== 0 ? 'stopped' : limits()),
      skip: (i) => Atomics.load(decided, i) !== 0,
      onDecided: (index, outcome) => {
        if (outcome.verdict !== 'ok' && outcome.verdict !== 'illegal') return;
        if (Atomics.compareExchange(decided, index, 0, WORKER) === 0) post({ type: 'partition', id: req.id, index, outcome });
      },
    });
    post({ type: 'done', id: req.id, outcomes: sched.outcomes, ...(sched.reason ? { reason: sched.reason } : {}), peakBytes: budget.peak });
  } catch (e) {
    post({ type: 'failed', id: req.id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    budget.releaseAll();
  }
});
