/** What a trace page is made of, computed on the Node side: lanes, arrows, marks, verdicts per step. */
import { describe, expect, it } from 'vitest';
import { matchArrows } from '../../src/ui/trace-data.ts';
import { page, scriptJson } from '../../src/ui/html.ts';
import type { TraceStep } from '../../src/trace/trace.ts';
import { traceDataOf } from './pages.ts';

describe('trace page data', () => {
  it('pairs every delivery of a lasso with its send, even where ballots are renumbered on the way (paxos-dueling)', async () => {
    const d = await traceDataOf('traces/paxos-dueling.trace.yaml');
    expect(d.processes.map((p) => p.name)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(d.loopStart).toBe(4);
    const delivered = d.arrows.filter((a) => a.fate === 'delivered');
    expect(delivered.length).toBe(d.rows.filter((r) => r.kind === 'deliver').length);
    // no message comes from before the trace: each was sent at a step of it
    expect(delivered.every((a) => a.send > 0 && a.send < a.end!)).toBe(true);
    const term = d.properties.findIndex((p) => p.violated);
    expect(d.properties[term]).toMatchObject({ kind: 'liveness', name: 'termination(role: "proposer")' });
    // the goal waits at every step: no proposer ever decides
    expect(d.rows.every((r) => r.verdicts![term] >= 0)).toBe(true);
    expect(d.texts[d.rows[20].verdicts![term]]).toMatch(/never decides/);
  });

  it('marks a copy made by the network and where the safety property first fails (perfect-links-no-dedup)', async () => {
    const d = await traceDataOf('traces/perfect-links-no-dedup.trace.yaml');
    const dup = d.arrows.filter((a) => a.duplicate);
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ from: 0, to: 1, send: 1, fate: 'delivered', end: 2 });
    expect(d.arrows.find((a) => !a.duplicate)).toMatchObject({ send: 1, end: 3, fate: 'delivered' });
    expect(d.firstFailure).toBe(3);
    const nd = d.properties.findIndex((p) => p.name === 'no-duplication');
    expect(d.rows.map((r) => r.verdicts![nd] >= 0)).toEqual([false, false, false, true]);
  });

  it('shows crashes and the history as events appended per step (flooding-uniform-consensus-two-crashes)', async () => {
    const d = await traceDataOf('traces/flooding-uniform-consensus-two-crashes.trace.yaml');
    expect(d.rows.filter((r) => r.kind === 'crash')).toHaveLength(2);
    const crash = d.rows.findIndex((r) => r.kind === 'crash');
    expect(d.rows[crash].history?.some((h) => h.add?.includes('crash'))).toBe(true);
    expect(d.rows[0].history).toBeDefined();
    expect(d.rows[0].changes).toHaveProperty('network');
  });

  it('leaves a dropped message dropped and one never delivered in flight', () => {
    const m = { type: 'M', x: 1 };
    const steps: TraceStep[] = [
      { step: 0, action: 'Init', changes: {}, fingerprint: '0'.repeat(16) },
      { step: 1, action: 'send', changes: {}, fingerprint: '1'.repeat(16), process: 0, kind: 'request', sent: [{ to: 1, message: m }, { to: 2, message: m }] },
      { step: 2, action: 'drop', changes: {}, fingerprint: '2'.repeat(16), process: 1, kind: 'drop', received: { from: 0, message: m } },
    ];
    expect(matchArrows(steps).map((a) => [a.to, a.fate, a.end])).toEqual([[1, 'dropped', 2], [2, 'in-flight', undefined]]);
  });

  it('embeds data that cannot close its script element, and loads nothing from the network', () => {
    expect(scriptJson({ s: '</script><script>alert(1)</script>' })).not.toMatch(/<\/script/i);
    const html = page({ title: 't', assets: ['page.css', 'common.js'], data: { s: '</script>' }, body: '' });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
  });
});

describe('Byzantine moves', () => {
  it('draw a forged message as an arrow from the Byzantine process with no send of its own', () => {
    const steps: TraceStep[] = [
      { step: 0, action: 'Init', changes: {}, fingerprint: '0'.repeat(16) },
      { step: 1, action: 'p3 (Byzantine) sends ECHO(v=b) to p1', changes: {}, fingerprint: '1'.repeat(16), process: 1, kind: 'forge', received: { from: 3, message: { type: 'ECHO', v: 'b' } } },
    ];
    expect(matchArrows(steps)).toEqual([expect.objectContaining({ from: 3, to: 1, send: 1, end: 1, fate: 'delivered', byzantine: true, name: 'ECHO' })]);
  });
});
