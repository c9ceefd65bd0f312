/**
 * A linearization keeps each process's own order (a process's operations do not overlap in
 * time), so it is a witness of sequential consistency too: the portfolio for sequential
 * consistency tries WGL on the same operations, key by key when the model allows, and
 * merges the keys' linearizations into one (each operation at the earliest instant its
 * key's order allows: real time is kept across keys, as locality promises). When the
 * history is not linearizable, that says nothing about sequential consistency, and this
 * search gives up (Inconclusive).
 */
import type { Operation } from '../history.ts';
import type { MemoryBudget } from './budget.ts';
import { compile, type Problem } from './compile.ts';
import type { ScProblem } from './sc.ts';
import { Inconclusive, type Search, type SearchStatus } from './search.ts';
import { WglSearch } from './wgl.ts';

export class ScViaLinearization implements Search {
  readonly algorithm = 'wgl';
  status: SearchStatus = 'running';
  private readonly parts: { positions: number[]; problem: Problem; wgl: WglSearch }[] = [];
  private next = 0;
  private merged: number[] = [];

  constructor(
    private readonly p: ScProblem,
    budget: MemoryBudget,
  ) {
    const byKey = new Map<string, number[]>();
    p.ops.forEach((o, i) => {
      const k = p.model.partitionKey ? p.model.partitionKey(o.input) : '';
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(i);
    });
    for (const positions of byKey.values()) {
      const problem = compile(p.model, positions.map((i) => p.ops[i]), budget);
      this.parts.push({ positions, problem, wgl: new WglSearch(problem, budget) });
    }
  }

  get steps(): number {
    return this.parts.reduce((a, x) => a + x.wgl.steps, 0);
  }

  get configurations(): number {
    return this.parts.reduce((a, x) => a + x.wgl.configurations, 0);
  }

  run(budget: number): SearchStatus {
    while (this.next < this.parts.length && budget > 0) {
      const { wgl } = this.parts[this.next];
      const before = wgl.steps;
      const s = wgl.run(budget);
      budget -= wgl.steps - before;
      if (s === 'illegal') throw new Inconclusive('not linearizable, which leaves sequential consistency open');
      if (s === 'ok') this.next++;
    }
    if (this.next < this.parts.length) return this.status;
    const merged = mergeLinearizations(this.p.ops, this.parts.map(({ positions, wgl }) => ({ positions, order: wgl.order() })));
    if (!merged) throw new Inconclusive('the linearization breaks a process order (its operations overlap in time)');
    this.merged = merged;
    return (this.status = 'ok');
  }

  order(): number[] {
    return this.merged;
  }

  reached(): { event: number; prefix: number[] } {
    return { event: -1, prefix: [] };
  }

  release(): void {
    for (const x of this.parts) {
      x.wgl.release();
      x.problem.trans.release();
    }
  }
}

/**
 * One order of every key's linearization (`order`: positions in the key's operations, which
 * are `positions` of `ops`) that keeps real time: each operation at the earliest instant its
 * key's order allows. Undefined when that order breaks a process's own order (program order
 * is by call, then by position, as sc.ts orders each process): a process whose operations
 * overlap in time.
 */
export function mergeLinearizations(ops: readonly Operation[], keys: readonly { positions: readonly number[]; order: readonly number[] }[]): number[] | undefined {
  const placed: { op: number; t: number; key: number; rank: number }[] = [];
  keys.forEach(({ positions, order }, key) => {
    let t = -Infinity;
    order.forEach((local, rank) => {
      const op = ops[positions[local]];
      t = Math.max(t, op.call);
      placed.push({ op: positions[local], t, key, rank });
    });
  });
  placed.sort((a, b) => a.t - b.t || a.key - b.key || a.rank - b.rank);
  const merged = placed.map((x) => x.op);
  const last = new Map<unknown, number>();
  for (const i of merged) {
    const j = last.get(ops[i].process);
    if (j !== undefined && (ops[j].call > ops[i].call || (ops[j].call === ops[i].call && j > i))) return undefined;
    last.set(ops[i].process, i);
  }
  return merged;
}
