/** What the checker needs of a search over one compiled partition (wgl.ts, jit.ts, sc-dfs.ts, sc-bfs.ts). */
import type { Algorithm } from '../result.ts';

export type SearchStatus = 'ok' | 'illegal' | 'running';

export interface Search {
  readonly algorithm: Algorithm;
  /** Steps done so far. */
  readonly steps: number;
  readonly status: SearchStatus;
  /** Runs at most `budget` steps; returns the status reached. */
  run(budget: number): SearchStatus;
  /** Configurations memoised (wgl) or held in the frontier (jit), for reports. */
  readonly configurations: number;
  /** When ok: a linearization of the partition (positions in its operations). */
  order(): number[];
  /**
   * How far the search got: the event (index in time order) of the first return that no
   * configuration got past (the end of the events when none), and a linearization of the
   * operations up to it. When the search is illegal this is exact: the longest prefix of the
   * history, cut in time, that is linearizable ends just before that return.
   */
  reached(): { event: number; prefix: number[] };
  /** Gives its memory back to the budget. */
  release(): void;
}

/** Thrown by a search that cannot decide this problem (it is dropped; the others go on). */
export class Inconclusive extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Inconclusive';
  }
}
