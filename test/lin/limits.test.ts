/**
 * Bounded memory and the verdicts that must never be wrong: a search that runs out of its
 * budget, or fails inside, ends as unknown with how far it got, never as a violation.
 * Deterministic: the budgets are counted bytes that these histories must exceed.
 */
import { describe, expect, it } from 'vitest';
import {
  checkLinearizability,
  checkSequentialConsistency,
  ILLEGAL,
  Portfolio,
  register,
  renderResult,
  type Model,
} from '../../properties/linearizability/index.ts';
import { assertWitness, ops, R, W, type Row } from './helpers.ts';

// 40 concurrent writes of distinct values, read in turn, then the first value again (which
// nobody can write twice): every subset of the writes is a configuration to rule out.
const hard: Row[] = [];
for (let i = 0; i < 40; i++) hard.push([i, 0, 1000, W(i)]);
for (let k = 1; k < 40; k++) hard.push([100, 10 * k, 10 * k + 1, R, k]);
hard.push([100, 900, 901, R, 1]);

// Sixty unknown-outcome writes of distinct values, and reads that need one of them each in a
// new order: hard for WGL (every subset of the writes), easy for the just-in-time search
// (the unknown-outcome writes it used are counts per class, and fewer dominates more).
const unknowns: Row[] = [];
for (let i = 0; i < 60; i++) unknowns.push([i, i, null, W(i)]);
for (let i = 0; i < 40; i++) unknowns.push([100 + i, 100 + 2 * i, 101 + 2 * i, R, i % 2 === 0 ? (i + 7) % 40 : i]);
unknowns.push([200, 300, 301, R, 0]);

const KIB = 1024;

describe('memory', () => {
  for (const algorithm of ['wgl', 'jit', 'portfolio'] as const) {
    it(`${algorithm}: a budget the search must exceed gives unknown with how far it got`, () => {
      const r = checkLinearizability(ops(hard), register, { algorithm, maxMemoryBytes: 256 * KIB });
      expect(r.verdict).toBe('unknown');
      expect(r.reason).toMatch(/^memory limit of 0\.3 MiB reached/);
      const progress = r.partitions[0].progress!;
      expect(progress.map((p) => p.algorithm).sort()).toEqual(algorithm === 'portfolio' ? ['jit', 'wgl'] : [algorithm]);
      for (const p of progress) {
        expect(p.of).toBe(80);
        expect(p.time).toBeGreaterThanOrEqual(11); // the first read returned: every search got that far
      }
      expect(r.memory!.peakBytes).toBeLessThanOrEqual(256 * KIB);
      expect(renderResult(r, register)).toMatch(/got to time \d+: every operation that returned before it has a place in one linearization/);
    });
  }
  for (const algorithm of ['dfs', 'bfs', 'portfolio'] as const) {
    it(`sequential consistency, ${algorithm}: the same`, () => {
      const r = checkSequentialConsistency(ops(hard), register, { algorithm, maxMemoryBytes: 256 * KIB });
      expect(r.verdict).toBe('unknown');
      expect(r.reason).toMatch(/^memory limit/);
    });
  }
  it('the portfolio on two threads shares one budget', async () => {
    const pool = new Portfolio();
    try {
      const r = await pool.check(ops(hard), register, { maxMemoryBytes: 256 * KIB });
      expect(r.verdict).toBe('unknown');
      expect(r.reason).toMatch(/memory limit of 0\.3 MiB reached/);
      const s = await pool.check(ops(hard), register, { check: 'sequential', maxMemoryBytes: 256 * KIB });
      expect(s.verdict).toBe('unknown');
    } finally {
      await pool.close();
    }
  });
});

describe('the portfolio', () => {
  it('decides what one of its searches cannot: JIT where WGL would enumerate subsets', () => {
    const budget = { maxMemoryBytes: 8 * 1024 * KIB };
    expect(checkLinearizability(ops(unknowns), register, { algorithm: 'wgl', ...budget }).verdict).toBe('unknown');
    expect(checkLinearizability(ops(unknowns), register, { algorithm: 'jit', ...budget }).verdict).toBe('illegal');
    const r = checkLinearizability(ops(unknowns), register, budget);
    expect(r.verdict).toBe('illegal');
    expect(r.failed!.decidedBy).toBe('jit');
  });
  it('on two threads, the first verdict wins and the witness is checked', async () => {
    const pool = new Portfolio();
    try {
      const r = await pool.check(ops(unknowns), register, { maxMemoryBytes: 8 * 1024 * KIB });
      expect(r.verdict).toBe('illegal');
      const ok = await pool.check(ops(unknowns.slice(0, 61)), register);
      expect(ok.verdict).toBe('ok');
      assertWitness(ok, register);
    } finally {
      await pool.close();
    }
  });
});

describe('internal failures', () => {
  // a model that fails the way a V8 collection does past 2^24 entries, after some steps
  const failing = (after: number): Model<unknown> => {
    let calls = 0;
    return {
      ...register,
      name: 'failing-register',
      step(s, input, output) {
        if (++calls > after) throw new RangeError('Map maximum size exceeded');
        return register.step(s, input, output);
      },
    };
  };
  it('end as unknown, never as a violation', () => {
    for (const algorithm of ['wgl', 'jit', 'portfolio'] as const) {
      const r = checkLinearizability(ops(hard), failing(50), { algorithm });
      expect(r.verdict).toBe('unknown');
      expect(r.reason).toContain('Map maximum size exceeded');
    }
    const s = checkSequentialConsistency(ops(hard), failing(50));
    expect(s.verdict).toBe('unknown');
  });
  it('a witness that does not replay is an internal error, not a verdict', () => {
    // a model whose step lies once: the search's order then fails the independent replay
    let lies = 1;
    const liar: Model<unknown> = {
      ...register,
      name: 'liar',
      step(s, input, output) {
        const r = register.step(s, input, output);
        if (r === ILLEGAL && lies-- > 0) return output ?? null;
        return r;
      },
    };
    const r = checkLinearizability(ops([[0, 0, 1, W(1)], [1, 2, 3, R, 2]]), liar, { algorithm: 'wgl' });
    expect(r.verdict).toBe('unknown');
    expect(r.reason).toMatch(/internal error .*does not replay/);
  });
});
