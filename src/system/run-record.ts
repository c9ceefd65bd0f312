/**
 * The record of one random run of a system model, as metrics read it (metric.ts): built step
 * by step from what each step did (its process, the messages it sent, the indications it
 * emitted: the model's step info, whose handler runs are memoised).
 */
import type { RunObserver } from '../core/estimate.ts';
import type { Measure, RunRecord } from './metric.ts';
import type { SystemModel } from './system.ts';
import type { SysAction, World } from './world.ts';

class Record implements RunRecord {
  first = new Map<string, (number | undefined)[]>();
  sentPer: number[];
  /** Messages sent at each time (tick, or step), for the series of an estimate. */
  sentPerTime: number[] = [];
  byType = new Map<string, number>();
  sent = 0;
  steps = 0;
  time = 0;
  ended: RunRecord['ended'] = 'quiescent';
  history!: RunRecord['history'];

  constructor(readonly n: number) {
    this.sentPer = new Array<number>(n).fill(0);
  }

  firstTimes(type: string): readonly (number | undefined)[] {
    return this.first.get(type) ?? new Array<undefined>(this.n);
  }

  sentBy(p: number): number {
    return this.sentPer[p];
  }

  sentOf(type: string): number {
    return this.byType.get(type) ?? 0;
  }
}

/** An observer of a system model's runs that measures each with the given metrics (and hands each finished run's record to `onEnd`). */
export function systemRunObserver(
  model: SystemModel,
  metrics: readonly ((run: RunRecord) => Measure)[],
  onEnd?: (run: RunRecord & { readonly sentPerTime: readonly number[] }) => void,
): RunObserver<World, SysAction> {
  let run = new Record(model.n);
  return {
    start() {
      run = new Record(model.n);
    },
    step(from, a, _to, time) {
      const info = model.stepInfo(from, a);
      if (info.sent && info.process !== undefined) {
        run.sent += info.sent.length;
        run.sentPer[info.process] += info.sent.length;
        run.sentPerTime[time] = (run.sentPerTime[time] ?? 0) + info.sent.length;
        for (const s of info.sent) {
          const type = (s.message as { type: string }).type;
          run.byType.set(type, (run.byType.get(type) ?? 0) + 1);
        }
      }
      // a process that joins again (churn) starts afresh: its first times are of the new incarnation
      if (info.kind === 'join' && info.process !== undefined) for (const times of run.first.values()) times[info.process] = undefined;
      if (info.indications && info.process !== undefined) {
        for (const ind of info.indications as { type: string }[]) {
          let times = run.first.get(ind.type);
          if (!times) run.first.set(ind.type, (times = new Array<number | undefined>(model.n)));
          if (times[info.process] === undefined) times[info.process] = time;
        }
      }
    },
    end(last, info) {
      run.steps = info.steps;
      run.time = info.time;
      run.ended = info.ended;
      run.history = model.historyOf(last);
      onEnd?.(run);
      return metrics.map((m) => m(run));
    },
  };
}
