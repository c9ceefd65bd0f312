/**
 * A checked history as one self-contained page: each client's operations as bars on a time
 * line, the order in which they took effect (the witness, or the longest linearizable prefix),
 * and for a history that is not linearizable the point where every linearization fails, the
 * operation that must take effect there and the ones that cannot, with why (as Porcupine
 * shows). Operations whose outcome is unknown (crashed, timed out) run to the end, marked.
 */
import { UNKNOWN, type CheckResult, type Model } from '../../properties/linearizability/index.ts';
import { escapeHtml, page } from './html.ts';

export interface HistoryPageData {
  title: string;
  file: string;
  check: CheckResult['check'];
  model: string;
  verdict: CheckResult['verdict'];
  reason?: string;
  /** Client names; `ops[i][1]` indexes them. */
  processes: string[];
  /** [id, process index, call, return (-1: unknown outcome), description, source line (-1: none)] */
  ops: [number, number, number, number, string, number][];
  partitions: {
    key?: string;
    ops: number[];
    verdict: string;
    /** The order in which the operations took effect: the witness, or the longest linearizable prefix. */
    order?: number[];
    linearizableUntil?: number;
    deadline?: number;
    stuck?: { id: number; reason: string }[];
    stateAfterPrefix?: string;
  }[];
  /** The partition that cannot be linearized. */
  failed?: number;
  elapsedMs: number;
}

export function historyData(result: CheckResult, model: Model<any>, file: string): HistoryPageData {
  const names: string[] = [];
  const index = new Map<string, number>();
  const procOf = (p: number | string) => {
    const k = String(p);
    let i = index.get(k);
    if (i === undefined) index.set(k, (i = names.push(typeof p === 'number' ? `client ${p}` : k) - 1));
    return i;
  };
  // lanes in the order of the clients' numbers (or names)
  [...new Set(result.operations.map((o) => o.process))].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)))).forEach(procOf);
  const ops = result.operations.map((o): HistoryPageData['ops'][number] => {
    const unknown = o.ret === Infinity;
    return [o.id, procOf(o.process), o.call, unknown ? -1 : o.ret, model.describeOperation(o.input, unknown ? UNKNOWN : o.output), o.line ?? -1];
  });
  const partitions = result.partitions.map((p) => ({
    ...(p.key !== undefined ? { key: p.key } : {}),
    ops: p.operations,
    verdict: p.verdict,
    ...(p.witness ? { order: p.witness } : p.longestPrefix ? { order: p.longestPrefix } : {}),
    ...(p.linearizableUntil !== undefined ? { linearizableUntil: p.linearizableUntil } : {}),
    ...(p.deadline !== undefined ? { deadline: p.deadline } : {}),
    ...(p.stuck ? { stuck: p.stuck } : {}),
    ...(p.stateAfterPrefix !== undefined ? { stateAfterPrefix: p.stateAfterPrefix } : {}),
  }));
  const failed = result.failed ? result.partitions.indexOf(result.failed) : -1;
  return {
    title: `${result.verdict === 'illegal' ? 'not ' : result.verdict === 'unknown' ? 'unknown: ' : ''}${result.check === 'sequential' ? 'sequentially consistent' : 'linearizable'} — ${file}`,
    file,
    check: result.check,
    model: result.model,
    verdict: result.verdict,
    ...(result.reason ? { reason: result.reason } : {}),
    processes: names,
    ops,
    partitions,
    ...(failed >= 0 ? { failed } : {}),
    elapsedMs: result.elapsedMs,
  };
}

/** The page for one checked history (`protocheck lin <history> --html out.html`). */
export function historyPage(result: CheckResult, model: Model<any>, file: string): string {
  const data = historyData(result, model, file);
  return page({
    title: data.title,
    assets: ['page.css', 'history.css', 'common.js', 'history.js'],
    data,
    body: `<div id="app" class="history-page"><noscript>${escapeHtml(data.title)}: this page draws the history with JavaScript.</noscript></div>`,
  });
}
