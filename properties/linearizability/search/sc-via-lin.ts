/**
 * A linearization keeps each process's own order (a process's operations do not overlap in
 * time), so it is a witness of sequential consistency too: the portfolio for sequential
 * consistency tries WGL on the same operations. When the history is not linearizable, that
 * says nothing about sequential consistency, and this search gives up (Inconclusive).
 */
import type { MemoryBudget } from './budget.ts';
import { compile } from './compile.ts';
import type { ScProblem } from './sc.ts';
import { Inconclusive, type Search, type SearchStatus } from './search.ts';
import { WglSearch } from './wgl.ts';

export class ScViaLinearization implements Search {
  readonly algorithm = 'wgl';
  status: SearchStatus = 'running';
  private readonly wgl: WglSearch;
  private readonly release_: () => void;

  constructor(p: ScProblem, budget: MemoryBudget) {
    const lin = compile(p.model, p.ops, budget);
    this.wgl = new WglSearch(lin, budget);
    this.release_ = () => lin.trans.release();
  }

  get steps(): number {
    return this.wgl.steps;
  }

  get configurations(): number {
    return this.wgl.configurations;
  }

  run(budget: number): SearchStatus {
    const s = this.wgl.run(budget);
    if (s === 'illegal') throw new Inconclusive('not linearizable, which leaves sequential consistency open');
    if (s === 'ok') {
      // program order is by call, then by position (as sc.ts orders each process)
      const last = new Map<unknown, number>();
      const ops = this.wgl.ops;
      for (const i of this.wgl.order()) {
        const j = last.get(ops[i].process);
        if (j !== undefined && (ops[j].call > ops[i].call || (ops[j].call === ops[i].call && j > i)))
          throw new Inconclusive('the linearization breaks a process order (its operations overlap in time)');
        last.set(ops[i].process, i);
      }
      this.status = 'ok';
    }
    return this.status;
  }

  order(): number[] {
    return this.wgl.order();
  }

  reached(): { event: number; prefix: number[] } {
    return { event: -1, prefix: this.wgl.reached().prefix };
  }

  release(): void {
    this.wgl.release();
    this.release_();
  }
}
