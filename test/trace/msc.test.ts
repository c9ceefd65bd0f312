/** Text message sequence charts. */
import { describe, expect, it } from 'vitest';
import { twoPhase } from '../../specs/two-phase/two-phase.ts';
import { traceToText } from '../../src/trace/format.ts';
import { describe as describeMsg, hasChart, traceToMsc } from '../../src/trace/msc.ts';
import { relay } from './fixtures/relay.ts';
import { context, EARLY, FIX, traceOf } from './helpers.ts';

const opts = { n: 3, forward: false, lossy: false, retransmit: false, crashes: 0, throwOn: '' };

describe('message sequence charts', () => {
  it('draws a lane per process, arrows for deliveries (both ways), marks for requests, crashes and indications', () => {
    const m = relay({ ...opts, forward: true, crashes: 1 });
    const t = traceOf(m, ['send@p0', 'deliver MSG p0->p2', 'deliver FWD p2->p1', 'crash p0'], { property: 'NoDuplication', kind: 'safety', message: 'p1 delivered twice' }, context(`${FIX}/relay-dup.yaml`, {}));
    expect(hasChart(t)).toBe(true);
    expect(t.steps[1]).toMatchObject({ process: 0, kind: 'request', request: { type: 'send', v: 1 } });
    expect(t.steps[2]).toMatchObject({ process: 2, kind: 'deliver', received: { from: 0, message: { type: 'MSG', v: 1 } }, indications: [{ type: 'deliver', v: 1 }] });
    const chart = traceToMsc(t);
    const lines = chart.split('\n');
    expect(lines[0]).toBe('Message sequence chart of 4 steps to the violation of NoDuplication:');
    expect(lines[1]).toMatch(/^\s+p0:sender\s+p1:receiver\s+p2:receiver$/);
    const row = (n: number) => lines.find((l) => l.startsWith(String(n).padStart(4)))!;
    expect(row(1)).toMatch(/^ {3}1 {8}\? {12}\| {12}\| {8}send@p0; sends MSG\(v: 1\) to p1, p2$/);
    expect(row(2)).toMatch(/\+-+MSG-+>! {8}deliver MSG p0->p2; sends FWD\(v: 1\) to p1; indicates deliver\(v: 1\)$/);
    expect(row(3)).toMatch(/\| {12}!<-+FWD-+\+ {8}deliver FWD p2->p1; indicates deliver\(v: 1\)$/);
    expect(row(4)).toMatch(/^ {3}4 {8}X {12}\| {12}\| {8}crash p0$/);
    expect(lines.at(-1)).toBe('      ✗ violation of NoDuplication: p1 delivered twice');
    // the lanes line up: every row has its marks in the same three columns
    const cols = lines[2].split('').flatMap((c, i) => (c === '|' ? [i] : []));
    expect(cols).toHaveLength(3);
    for (const n of [1, 2, 3, 4]) for (const c of cols) expect(row(n)[c]).toMatch(/\S/);
  });

  it('marks lost messages and the end of a quiescent run', () => {
    const m = relay({ ...opts, lossy: true });
    const t = traceOf(m, ['send@p0', 'drop MSG p0->p1', 'deliver MSG p0->p2'], { property: 'AllDeliver', kind: 'liveness', message: 'p1 never delivers', loopStart: 3 }, context(`${FIX}/relay-lossy.yaml`, {}));
    const chart = traceToMsc(t);
    expect(chart).toMatch(/\+-+MSG-+x\| {12}\| {8}drop MSG p0->p1/);
    expect(chart).toContain('… and nothing fair is left to do: the run stays here forever');
  });

  it('falls back to the numbered steps for a model without processes', () => {
    const m = twoPhase(3, true);
    const t = traceOf(m, ['RMPrepare(rm1)', 'TMRcvPrepared(rm1)', 'TMCommit', 'RMRcvCommitMsg(rm1)', 'RMChooseToAbort(rm2)'], { property: 'TCConsistent', kind: 'safety', message: 'disagree' }, context(EARLY, {}));
    expect(hasChart(t)).toBe(false);
    expect(t.steps[1].process).toBeUndefined();
    expect(traceToMsc(t)).toBe(traceToText(t));
  });

  it('describes messages by their type', () => {
    expect(describeMsg({ type: 'PREPARE', ballot: 3, value: 'x' })).toBe('PREPARE(ballot: 3, value: x)');
    expect(describeMsg({ type: 'ACK' })).toBe('ACK');
    expect(describeMsg([1, 2])).toBe('[1, 2]');
  });
});
