/** Shared helpers of the linearizability tests. */
import { fileURLToPath } from 'node:url';
import { ILLEGAL, UNKNOWN, type CheckResult, type Model, type Operation } from '../../properties/linearizability/index.ts';

/** Porcupine's histories, vendored with their licence (MIT) in test/data/porcupine. */
export const DATA = fileURLToPath(new URL('../data/porcupine', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** `[process, call, return (null = unknown outcome), input, output]` rows to operations. */
export type Row = [number | string, number, number | null, unknown, unknown?];
export function ops(rows: Row[]): Operation[] {
  return rows.map(([process, call, ret, input, output], id) => {
    const op: Operation = { id, process, call, ret: ret ?? Infinity, input };
    if (ret !== null) op.output = output ?? null;
    return op;
  });
}

export const read = (v?: unknown) => [{ f: 'read' }, v ?? null] as const;
export const W = (value: unknown) => ({ f: 'write', value });
export const R = { f: 'read' };
export const CAS = (from: unknown, to: unknown) => ({ f: 'cas', value: [from, to] });

/**
 * Checks a witness independently of the search: every known operation of
 * each partition appears once, the order respects real time (linearizability)
 * or each process's order (sequential), and it replays through the model.
 */
export function assertWitness(r: CheckResult, model: Model<any>): void {
  if (r.verdict !== 'ok') throw new Error(`expected ok, got ${r.verdict}`);
  for (const p of r.partitions) {
    const w = p.witness;
    if (!w) throw new Error('ok partition without a witness');
    if (new Set(w).size !== w.length) throw new Error('an operation appears twice');
    for (const id of p.operations) {
      const o = r.operations[id];
      if (o.ret !== Infinity && !w.includes(id)) throw new Error(`known operation ${id} missing from the witness`);
    }
    const inPartition = new Set(p.operations);
    let state = model.init();
    w.forEach((id, i) => {
      if (!inPartition.has(id)) throw new Error(`operation ${id} is not in partition ${p.key}`);
      const o = r.operations[id];
      const ns = model.step(state, o.input, o.ret === Infinity ? UNKNOWN : o.output);
      if (ns === ILLEGAL) throw new Error(`witness step ${i} (operation ${id}) is illegal`);
      state = ns;
      for (const later of w.slice(i + 1)) {
        const b = r.operations[later];
        if (r.check === 'linearizability' && b.ret < o.call) throw new Error(`witness puts ${id} before ${later}, which returned before ${id} was called`);
        if (r.check === 'sequential' && b.process === o.process && b.call < o.call) throw new Error(`witness breaks process ${String(o.process)}'s order`);
      }
    });
  }
}
