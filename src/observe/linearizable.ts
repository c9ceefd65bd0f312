/**
 * `linearizable` over a recorded history goes through the linearizability checker
 * (properties/linearizability) rather than the property's own adapter: the operations are
 * collected as the events stream by (call and return at their positions in the file, or at
 * their times when every event has one, where equal times are concurrent), then checked once.
 * The checker's deadline, the operation whose return no linearization of what came before
 * gets past, is the first event that breaks linearizability: it is where the report points.
 *
 * Two readings: protocheck's vocabulary (requests read/write/cas answered in order by a
 * `respond` indication at the same process, the property's parameters), and Jepsen's
 * (an invocation completed by `ok`, `fail`: it did not happen, or `info`: it may have).
 */
import { checkLinearizability, getModel, UNKNOWN, type Operation } from '../../properties/linearizability/index.ts';
import { checkerOperations, type ModelName, type RegisterOp, type RegisterOpKind } from '../../properties/registers/operations.ts';
import type { HistoryEvent } from '../system/history.ts';
import type { Position } from './events.ts';

export interface LinVerdict {
  verdict: 'holds' | 'violated' | 'unknown';
  message?: string;
  at?: Position;
  operations: number;
}

interface Open {
  op: RegisterOp;
  callAt: Position;
  input?: unknown;
}

export class LinearizableRoute {
  private readonly open: Open[][] = [];
  private readonly done: { op: RegisterOp; callAt: Position; retAt?: Position; input?: unknown; output?: unknown }[] = [];
  private timed = true;
  private readonly model: ModelName;

  constructor(
    private readonly params: Record<string, unknown>,
    private readonly jepsen: boolean,
  ) {
    this.model = params.model as ModelName;
  }

  event(p: number, e: HistoryEvent, at: Position): void {
    if (at.time === undefined) this.timed = false;
    const v = this.params as Record<string, string>;
    const open = (this.open[p] ??= []);
    if (e.k === 'request') {
      const kind: RegisterOpKind | undefined = this.jepsen ? 'read' : e.v.type === v.read ? 'read' : e.v.type === v.write ? 'write' : e.v.type === v.cas ? 'cas' : undefined;
      if (kind === undefined) return;
      const op: RegisterOp = { id: 0, process: p, kind, key: e.v[this.jepsen ? 'key' : v.key], arg: e.v[this.jepsen ? 'v' : v.value], result: undefined, call: 0, ret: Infinity };
      const input = this.jepsen ? { f: e.v.type, value: e.v.v ?? null, ...('key' in e.v ? { key: e.v.key } : {}) } : undefined;
      open.push({ op, callAt: at, input });
    } else if (e.k === 'indication') {
      if (this.jepsen ? !['ok', 'fail', 'info'].includes(e.v.type) : e.v.type !== v.response) return;
      const o = open.shift();
      if (!o) return;
      if (this.jepsen && e.v.type === 'fail') return; // did not happen
      if (this.jepsen && e.v.type === 'info') this.done.push({ ...o });
      else this.done.push({ ...o, op: { ...o.op, result: e.v[this.jepsen ? 'v' : v.value] }, retAt: at, output: this.jepsen ? (e.v.f === 'cas' ? true : (e.v.v ?? null)) : undefined });
    } else if (e.k === 'crash') {
      for (const o of open.splice(0)) this.done.push({ ...o });
    }
  }

  finish(): LinVerdict {
    for (const list of this.open) for (const o of list ?? []) this.done.push({ ...o });
    this.done.sort((a, b) => a.callAt.event - b.callAt.event);
    const time = (at: Position) => (this.timed ? at.time! : at.event);
    const regs = this.done.map((d, id) => ({ ...d.op, id, call: time(d.callAt), ret: d.retAt ? time(d.retAt) : Infinity }));
    const ops: Operation[] = this.jepsen
      ? this.done.map((d, id) => ({ id, process: d.op.process, input: d.input, ...(d.retAt ? { output: d.output } : {}), call: regs[id].call, ret: regs[id].ret, line: d.callAt.line }))
      : checkerOperations(regs, this.model).map((o, id) => ({ ...o, line: this.done[id].callAt.line }));
    if (ops.length < 2) return { verdict: 'holds', operations: ops.length };
    const model = getModel(this.model);
    const r = checkLinearizability(ops, model);
    if (r.verdict === 'ok') return { verdict: 'holds', operations: ops.length };
    if (r.verdict === 'unknown') return { verdict: 'unknown', message: `could not be decided: ${r.reason ?? 'the search did not finish'}`, operations: ops.length };
    const f = r.failed!;
    const describe = (id: number) => {
      const o = r.operations[id];
      return `p${String(o.process)} ${model.describeOperation(o.input, o.ret === Infinity ? UNKNOWN : o.output)}`;
    };
    const stuck = (f.stuck ?? []).slice(0, 3).map((s) => `${describe(s.id)}: ${s.reason}`);
    const deadline = f.deadline ?? f.stuck?.[0]?.id;
    const at = deadline === undefined ? undefined : (this.done[deadline].retAt ?? this.done[deadline].callAt);
    return {
      verdict: 'violated',
      operations: ops.length,
      ...(at ? { at } : {}),
      message:
        `not linearizable (${this.model}${f.key === undefined ? '' : `, key ${JSON.stringify(f.key)}`}): ` +
        (deadline === undefined ? 'no order of the operations is legal' : `${describe(deadline)} returns here, and no linearization of what came before lets it take effect`) +
        (f.stateAfterPrefix === undefined ? '' : `; the longest linearizable prefix (${f.longestPrefix?.length ?? 0} operations) leaves ${f.stateAfterPrefix}`) +
        (stuck.length ? `; next: ${stuck.join('; ')}` : ''),
    };
  }
}
