/** The visited set that spills to disk: the same ids, lookups and paths as VisitedSet, and searches with the same counts and traces. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bfs } from '../../src/core/bfs.ts';
import { dfs } from '../../src/core/dfs.ts';
import { SpillVisitedSet } from '../../src/core/spill.ts';
import { VisitedSet } from '../../src/core/visited.ts';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';

const dir = mkdtempSync(join(tmpdir(), 'protocheck-spill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the spilling visited set', () => {
  it('answers as VisitedSet across many spills', () => {
    const a = new VisitedSet();
    const b = new SpillVisitedSet(dir, 700);
    let x = 12345;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const keys: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      // a third are repeats of earlier keys, some with the high word 0 (and one the all-zero key)
      const k: [number, number] = i % 3 === 2 && keys.length ? keys[rnd() % keys.length] : i === 5 ? [0, 0] : [i % 7 === 0 ? 0 : rnd(), rnd()];
      keys.push(k);
      const parent = i === 0 ? -1 : rnd() % Math.max(1, a.size);
      expect(b.add(k[0], k[1], parent, i % 5)).toBe(a.add(k[0], k[1], parent, i % 5));
    }
    expect(b.spills).toBeGreaterThan(10);
    expect(b.size).toBe(a.size);
    for (let i = 0; i < keys.length; i += 7) expect(b.find(keys[i][0], keys[i][1])).toBe(a.find(keys[i][0], keys[i][1]));
    expect(b.find(1, 2)).toBe(a.find(1, 2));
    for (let id = 0; id < a.size; id += 97) expect(b.pathTo(id)).toEqual(a.pathTo(id));
    b.close();
  });

  it('gives breadth- and depth-first search their counts and traces', () => {
    for (const search of [bfs, dfs]) {
      for (const model of [twoPhase(5), twoPhase(3, true)]) {
        for (const por of [false, true]) {
          const mem = search(model, { por });
          const spilled = search(model, { por, spill: dir, spillEntries: 500 });
          expect(spilled.verdict).toBe(mem.verdict);
          expect(spilled.stats.distinct).toBe(mem.stats.distinct);
          expect(spilled.stats.generated).toBe(mem.stats.generated);
          expect(spilled.violation?.path).toEqual(mem.violation?.path);
          if (mem.verdict === 'ok') expect(spilled.stats.spill?.spills).toBeGreaterThan(0);
        }
      }
    }
    expect(readdirSync(dir)).toEqual([]); // each search removed its files
  });

  it('spills when resident memory comes near --max-memory, instead of ending inconclusive', () => {
    // a limit 12.5% above what the process holds now, so that the spill threshold (80% of it) is 10% below: passed at
    // once, even if a collection gives some memory back. A resident ballast makes the search's own growth (a few MiB)
    // small beside that room, whatever ran before in this process.
    const ballast = Buffer.alloc(256 * 1048576, 1);
    const maxMemoryMB = Math.floor((process.memoryUsage.rss() / 1048576) * 1.125);
    const r = bfs(twoPhase(5), { spill: dir, maxMemoryMB });
    expect(ballast[ballast.length - 1]).toBe(1);
    expect(r.limit).toBeUndefined();
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinct).toBe(8832);
    expect(r.stats.spill?.spills).toBeGreaterThan(0);
  });
});
