// The Raft specs: the correct protocol holds at the bounds where each broken variant fails,
// and each counterexample tells its lesson (two leaders of one term; figure 8's lost entry).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSpec, type SpecOutcome } from '../../src/spec/run.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import type { TraceStep } from '../../src/trace/trace.ts';

const dir = join(import.meta.dirname, '..', '..', 'specs', 'raft');
const run = (name: string) => runSpec(join(dir, `${name}.yaml`));

type Indication = { type: string; [f: string]: unknown };
/** Every indication of a trace, with the process and the step that emitted it. */
function indications(o: SpecOutcome): { step: number; p: number; v: Indication }[] {
  return o.trace!.steps.flatMap((s: TraceStep) => (s.indications ?? []).map((v) => ({ step: s.step, p: s.process!, v: v as Indication })));
}

describe('raft: election', () => {
  it('one vote per term: at most one leader in each term, over every interleaving of two candidates in two terms', async () => {
    const o = await run('raft-election');
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.verdict).toBe('ok');
    expect(o.result.stats.distinct).toBe(7805);
  });

  it('vote-twice: two servers are elected leader of the same term, in 6 steps', async () => {
    const o = await run('raft-vote-twice');
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.violation!.property).toBe('election-safety');
    expect(o.result.violation!.message).toBe('p0 and p1 were both elected leader in term 1');
    const leaders = indications(o).filter((i) => i.v.type === 'leader');
    expect(leaders.map((l) => [l.p, l.v.term])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    // the second leader won with the vote of a server that had already voted in term 1
    const last = o.trace!.steps[o.trace!.steps.length - 1];
    expect(last.action).toBe('deliver VOTE(term=1, granted=true) p0→p1');
  });
});

describe('raft: log replication and commitment', () => {
  it('the commitment rule (only entries of the current term) keeps all four properties at the figure-8 bounds', async () => {
    const o = await run('raft');
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.verdict).toBe('ok');
    expect(o.properties).toEqual(['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety']);
    expect(o.result.stats.distinct).toBe(4725);
  });

  it('figure 8 is raft.yaml with one parameter changed', () => {
    const ok = loadSpec(join(dir, 'raft.yaml'));
    for (const name of ['raft-figure8', 'raft-figure8-apply']) {
      const broken = loadSpec(join(dir, `${name}.yaml`));
      expect(broken.params, name).toEqual({ ...ok.params, commitByCounting: true });
      expect(broken.system, name).toEqual(ok.system);
    }
  });

  it('figure 8: p0 commits and applies x of term 1 in term 3, then p1 is elected in term 4 without it', async () => {
    const o = await run('raft-figure8');
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.violation!.property).toBe('leader-completeness');
    expect(o.trace!.steps.length - 1).toBe(22);
    const events = indications(o);
    const apply = events.find((i) => i.v.type === 'apply')!;
    expect(apply.p).toBe(0);
    expect(apply.v).toMatchObject({ index: 1, term: 1, cmd: 'x', currentTerm: 3 });
    const elected = events.filter((i) => i.v.type === 'leader').map((i) => [i.p, i.v.term]);
    expect(elected).toEqual([
      [0, 1],
      [1, 2],
      [0, 3],
      [1, 4],
    ]);
    expect(o.result.violation!.message).toBe('p0 applied "x" (term 1) at index 1 in term 3, but p1, leader of term 4, has "y" (term 2) there');
  });

  it('figure 8, to the end: the new leader overwrites x at p2 and applies y at the same index', async () => {
    const o = await run('raft-figure8-apply');
    expect(o.expectation?.differences).toEqual([]);
    expect(o.result.violation!.message).toBe('p0 applied "x" at index 1 but p1 applied "y"');
    const applies = indications(o).filter((i) => i.v.type === 'apply');
    expect(applies.map((a) => [a.p, a.v.index, a.v.cmd])).toEqual([
      [0, 1, 'x'],
      [1, 1, 'y'],
    ]);
    // p2's log: empty, then x (replicated by p0 in term 3), then y: p1's AppendEntries of term 4 deleted the conflicting x
    const logs = o.trace!.steps.flatMap((s) => {
      const p2 = s.changes.p2 as { log: unknown } | undefined;
      return p2 ? [{ action: s.action, log: JSON.stringify(p2.log) }] : [];
    });
    const distinct = logs.filter((l, i) => i === 0 || l.log !== logs[i - 1].log);
    expect(distinct.map((l) => l.log)).toEqual(['[]', '[{"term":1,"cmd":"x"}]', '[{"term":2,"cmd":"y"}]']);
    expect(distinct[2].action).toMatch(/^deliver APPEND_ENTRIES\(term=4, prevLogIndex=0/);
  });
});
