/**
 * The breadth-first queue kept on disk (--spill): the states come back in the order pushed,
 * deep-frozen, and a search whose queue moves to disk when resident memory comes near
 * --max-memory (through the real memory guard) has the in-memory search's counts and traces.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { collectGarbage } from '../../src/core/limits.ts';
import type { Model } from '../../src/core/model.ts';
import type { SearchOptions } from '../../src/core/search.ts';
import { StateQueue } from '../../src/core/state-queue.ts';
import { buildModel } from '../../src/spec/build.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';

const dir = mkdtempSync(join(tmpdir(), 'protocheck-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resident memory that makes a search's own growth (a few MiB) small beside the room left under the limit. */
const ballast = Buffer.alloc(256 * 1048576, 1);

/**
 * A search with a memory limit 12.5% above what the process holds after a collection, so that
 * the spill threshold (80% of it) is passed at the first check, even if a collection gives
 * memory back (see spill.test.ts), and the queue moves to disk at once.
 */
function nearTheLimit(model: Model<unknown, unknown>, options: SearchOptions) {
  collectGarbage();
  const maxMemoryMB = Math.floor((process.memoryUsage.rss() / 1048576) * 1.125);
  const r = bfs(model, { ...options, spill: dir, spillChunk: 50, maxMemoryMB });
  expect(ballast[ballast.length - 1]).toBe(1);
  return r;
}

describe('the queue of states on disk', () => {
  it('gives the states back in order, deep-frozen, from memory, files and the tail', () => {
    const q = new StateQueue<{ n: number; parts: { xs: number[]; m: Map<string, number[]> } }>(dir, 7);
    const shared = Object.freeze([1, 2, 3]);
    const make = (n: number) => Object.freeze({ n, parts: Object.freeze({ xs: shared as number[], m: new Map([['k', [n]]]) }) });
    const got: number[] = [];
    for (let n = 0; n < 40; n++) q.push(make(n), 1000 + n);
    for (let i = 0; i < 15; i++) got.push(q.shift().n);
    q.toDisk();
    expect(q.onDisk).toBe(true);
    for (let n = 40; n < 100; n++) {
      q.push(make(n), 1000 + n);
      if (n % 3 === 0) {
        const s = q.shift();
        expect(q.id).toBe(1000 + s.n);
        got.push(s.n);
        if (s.n >= 15) {
          expect(Object.isFrozen(s) && Object.isFrozen(s.parts) && Object.isFrozen(s.parts.xs) && Object.isFrozen(s.parts.m.get('k'))).toBe(true);
          expect(s.parts.m.get('k')).toEqual([s.n]);
        }
      }
    }
    while (q.size > 0) got.push(q.shift().n);
    expect(got).toEqual([...Array(100).keys()]);
    expect(q.written).toBeGreaterThan(60); // the rest of the head (25) and the tail's full chunks; a tail read before it fills stays in memory
    q.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('TwoPhase RM=5 near --max-memory: the in-memory counts, with the queue on disk', () => {
    const mem = bfs(twoPhase(5));
    const r = nearTheLimit(twoPhase(5) as Model<unknown, unknown>, {});
    expect(r.limit).toBeUndefined();
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(8832);
    expect(r.stats.generated).toBe(mem.stats.generated);
    expect(r.stats.depth).toBe(mem.stats.depth);
    expect(r.stats.spill?.queueWritten).toBeGreaterThan(1000);
    expect(readdirSync(dir)).toEqual([]);
  });

  // protocol specs (a system model): ok with liveness, Raft's figure 8 (a safety violation at depth 22), a linearizability violation
  for (const file of ['specs/broadcast/urb.yaml', 'specs/raft/raft-figure8.yaml', 'specs/registers/abd-no-write-back.yaml']) {
    it(`${file} near --max-memory: the in-memory counts and trace, with and without partial-order reduction`, async () => {
      const { model } = await buildModel(loadSpec(file));
      for (const por of [false, true]) {
        const mem = bfs(model, { por });
        expect(mem.verdict).toBe(file.includes('urb') ? 'ok' : 'violation');
        const r = nearTheLimit(model as Model<unknown, unknown>, { por });
        expect(r.limit).toBeUndefined();
        expect(r.verdict).toBe(mem.verdict);
        expect(r.stats.distinct).toBe(mem.stats.distinct);
        expect(r.stats.generated).toBe(mem.stats.generated);
        expect(r.stats.depth).toBe(mem.stats.depth);
        expect(r.stats.coverage).toEqual(mem.stats.coverage);
        expect(r.violation?.path).toEqual(mem.violation?.path);
        expect(r.violation?.property).toBe(mem.violation?.property);
        expect(r.stats.spill?.queueWritten).toBeGreaterThan(0);
      }
      expect(readdirSync(dir)).toEqual([]);
    }, 60_000);
  }
});
