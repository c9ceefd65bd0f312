/**
 * Jepsen's event model shared by the EDN and log parsers: a process invokes
 * an operation, then completes it with :ok (it happened), :fail (it did not)
 * or :info (unknown: it may or may not have taken effect). An invocation
 * still open at the end of the history has an unknown outcome too.
 */
import { HistoryError, type History, type Operation } from '../history.ts';

export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

export interface JepsenEvent {
  process: number | string;
  type: EventType;
  f: string;
  value: unknown;
  key?: unknown;
  line: number;
}

/** What a :fail completion means; the two sources differ (see README.md). */
export type FailRule = (invoke: JepsenEvent, fail: JepsenEvent) => 'dropped' | 'unknown' | { output: unknown };

/** Jepsen's own rule: a failed operation did not happen. */
export const failMeansDropped: FailRule = () => 'dropped';

/** Turns events into operations; times are event positions. */
export function fromJepsenEvents(events: JepsenEvent[], source: string | undefined, onFail: FailRule): History {
  const open = new Map<number | string, { ev: JepsenEvent; at: number }>();
  const done: { ev: JepsenEvent; at: number; ret: number; output?: unknown }[] = [];
  events.forEach((ev, at) => {
    const pending = open.get(ev.process);
    if (ev.type === 'invoke') {
      if (pending)
        throw new HistoryError(
          `process ${String(ev.process)} invokes :${ev.f} while its :${pending.ev.f} from line ${pending.ev.line} is still open`,
          source,
          ev.line,
        );
      open.set(ev.process, { ev, at });
      return;
    }
    if (!pending) {
      // :info without an invocation is how Jepsen logs nemesis and other side events.
      if (ev.type === 'info') return;
      throw new HistoryError(`:${ev.type} for process ${String(ev.process)}, which has no open invocation`, source, ev.line);
    }
    if (ev.f !== pending.ev.f)
      throw new HistoryError(
        `process ${String(ev.process)} completes :${ev.f} but invoked :${pending.ev.f} on line ${pending.ev.line}`,
        source,
        ev.line,
      );
    open.delete(ev.process);
    if (ev.type === 'ok') done.push({ ev: pending.ev, at: pending.at, ret: at, output: ev.f === 'cas' ? true : ev.value });
    else if (ev.type === 'info') done.push({ ev: pending.ev, at: pending.at, ret: Infinity });
    else {
      const rule = onFail(pending.ev, ev);
      if (rule === 'unknown') done.push({ ev: pending.ev, at: pending.at, ret: Infinity });
      else if (rule !== 'dropped') done.push({ ev: pending.ev, at: pending.at, ret: at, output: rule.output });
    }
  });
  for (const p of open.values()) done.push({ ev: p.ev, at: p.at, ret: Infinity });
  done.sort((a, b) => a.at - b.at);
  const operations: Operation[] = done.map((d, id) => {
    const input: Record<string, unknown> = { f: d.ev.f, value: d.ev.value };
    if (d.ev.key !== undefined) input.key = d.ev.key;
    const op: Operation = { id, process: d.ev.process, input, call: d.at, ret: d.ret, line: d.ev.line };
    if (d.ret !== Infinity) op.output = d.output;
    return op;
  });
  return { operations, ...(source === undefined ? {} : { source }) };
}
