/** The observation engine on hand-made histories: where violations are reported, liveness at the end, the formats, bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observe, type Observation } from '../../src/observe/engine.ts';
import { record } from '../../examples/eager-rb/record.ts';

const dir = mkdtempSync(join(tmpdir(), 'observe-'));
let count = 0;
function file(lines: unknown[], ext = 'jsonl'): string {
  const f = join(dir, `h${count++}.${ext}`);
  writeFileSync(f, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return f;
}
const header = (properties: unknown[], extra: Record<string, unknown> = {}) => ({ protocheck: 1, processes: 3, properties, ...extra });
const bc = (p: number, m: string) => ({ process: p, kind: 'request', value: { type: 'broadcast', m } });
const dl = (p: number, src: number, m: string) => ({ process: p, kind: 'indication', value: { type: 'deliver', src, m } });
const verdicts = (o: Observation) => Object.fromEntries(o.properties.map((p) => [p.name, p.verdict]));
const prop = (o: Observation, name: string) => o.properties.find((p) => p.name === name)!;

describe('observe', () => {
  it('points a safety violation at the first event that breaks it, file and line', async () => {
    const f = file([header(['fifo-order', 'no-duplication']), bc(0, 'a'), bc(0, 'b'), '', dl(1, 0, 'b'), dl(1, 0, 'a'), dl(1, 0, 'a')]);
    const o = await observe(f);
    expect(o.events).toBe(5);
    expect(prop(o, 'fifo-order')).toMatchObject({ verdict: 'violated', route: 'stream', at: { file: f, line: 5, event: 3 } });
    expect(prop(o, 'fifo-order').message).toBe('p1 delivered "b" from p0 before "a" from p0, which p0 broadcast first');
    expect(prop(o, 'no-duplication')).toMatchObject({ verdict: 'violated', at: { line: 7, event: 5 } });
  });

  it('judges liveness at the end: not yet satisfied, or violated when the history says the system settled', async () => {
    const lines = [bc(0, 'a'), dl(0, 0, 'a'), dl(1, 0, 'a')];
    const pending = await observe(file([header(['agreement', 'validity']), ...lines]));
    expect(verdicts(pending)).toEqual({ agreement: 'pending', validity: 'holds' });
    expect(prop(pending, 'agreement').message).toBe('p0 delivered "a" from p0 but correct p2 never did');
    const settled = await observe(file([header(['agreement'], { settled: true }), ...lines]));
    expect(verdicts(settled)).toEqual({ agreement: 'violated' });
    // a crash makes p2 faulty: nothing is owed to it
    const crashed = await observe(file([header(['agreement']), ...lines, { process: 2, kind: 'crash' }]));
    expect(verdicts(crashed)).toEqual({ agreement: 'holds' });
  });

  it('checks properties without a monitor on the whole history, and says so', async () => {
    const f = file([header([{ 'total-order': { uniform: false } }, 'total-order']), bc(0, 'a'), bc(1, 'b'), dl(0, 0, 'a'), dl(0, 1, 'b'), dl(1, 1, 'b'), dl(1, 0, 'a')]);
    const o = await observe(f);
    expect(o.properties.map((p) => [p.route, p.verdict, p.at?.event])).toEqual([
      ['whole', 'violated', 6],
      ['stream', 'violated', 6],
    ]);
    expect(o.wholeHistory).toBe(true);
  });

  it('reads a second time, on the whole history, when a monitor cannot follow', async () => {
    // delivered before its broadcast is recorded: causal-order's vectors cannot say it
    const f = file([header(['causal-order']), dl(1, 0, 'a'), bc(0, 'a'), bc(0, 'b'), dl(2, 0, 'b')]);
    const o = await observe(f);
    expect(prop(o, 'causal-order')).toMatchObject({ verdict: 'violated', route: 'whole', at: { event: 4 } });
    expect(prop(o, 'causal-order').note).toMatch(/second pass/);
  });

  it('gives the same verdicts streamed and on the whole history, for recorded runs of the toy implementation', async () => {
    for (const buggy of [false, true]) {
      const f = file(record({ nodes: 4, broadcasts: 300, seed: 3, buggy, crash: true }));
      const props = [{ name: 'fifo-order', params: {}, base: f }, { name: 'causal-order', params: {}, base: f }, { name: 'total-order', params: {}, base: f }];
      const [s, w] = [await observe(f), await observe(f, { stream: false })];
      const [s2, w2] = [await observe(f, { properties: props }), await observe(f, { properties: props, stream: false })];
      expect(s.properties.map((p) => [p.verdict, p.at?.event, p.message])).toEqual(w.properties.map((p) => [p.verdict, p.at?.event, p.message]));
      expect(s2.properties.map((p) => [p.verdict, p.at?.event])).toEqual(w2.properties.map((p) => [p.verdict, p.at?.event]));
      expect(prop(s, 'no-duplication').verdict).toBe(buggy ? 'violated' : 'holds');
      expect(s.properties.every((p) => p.route === 'stream')).toBe(true);
      expect(w.properties.every((p) => p.route === 'whole')).toBe(true);
    }
  });

  it('checks linearizability through the checker, at the return no linearization gets past', async () => {
    const op = (p: number, kind: string, value: Record<string, unknown>) => ({ process: p, kind, value });
    const f = file([
      header([{ linearizable: { model: 'register' } }], { processes: 2 }),
      op(0, 'request', { type: 'write', v: 1 }),
      op(0, 'indication', { type: 'respond' }),
      op(1, 'request', { type: 'read' }),
      op(1, 'indication', { type: 'respond', v: 1 }),
      op(1, 'request', { type: 'read' }),
      op(1, 'indication', { type: 'respond', v: 2 }),
    ]);
    const o = await observe(f);
    expect(prop(o, 'linearizable(model: "register")')).toMatchObject({ verdict: 'violated', route: 'linearizability', at: { line: 7, event: 6 } });
    expect(prop(o, 'linearizable(model: "register")').message).toMatch(/^not linearizable \(register\): p1 read\(\) -> 2 returns here/);
  });

  it('reads Jepsen EDN for linearizability and for the other properties', async () => {
    const edn = [
      '{:process 0, :type :invoke, :f :write, :value 1}',
      '{:process 0, :type :ok, :f :write, :value 1}',
      '{:process :nemesis, :type :info, :f :start, :value nil}',
      '{:process 1, :type :invoke, :f :cas, :value [1 2]}',
      '{:process 1, :type :fail, :f :cas, :value [1 2]}',
      '{:process 2, :type :invoke,',
      ' :f :read, :value nil}',
      '{:process 2, :type :ok, :f :read, :value 2}',
    ];
    const f = file(edn, 'edn');
    const o = await observe(f, { properties: [{ name: 'linearizable', params: { model: 'cas-register' }, base: f }] });
    // the cas failed, so it did not happen: nothing wrote 2
    expect(o.properties[0]).toMatchObject({ verdict: 'violated', at: { line: 8 } });
    expect(o.processes).toBe(3);
    // the same history as events: a consensus-like reading of the oks
    const c = await observe(f, { properties: [{ name: 'consensus-agreement', params: { decide: 'ok' }, base: f }] });
    expect(c.properties[0]).toMatchObject({ verdict: 'violated', at: { line: 8 }, message: 'p0 decided 1 but p2 decided 2' });
    const info = file(['{:process 0, :type :invoke, :f :propose, :value 1}', '{:process 0, :type :info, :f :propose, :value nil}'], 'edn');
    const t = await observe(info, { properties: [{ name: 'termination', params: { decide: 'ok' }, base: info }] });
    expect(t.properties[0].verdict).toBe('holds'); // :info: Jepsen abandons the process, recorded as a crash
  });

  it('reads a log format of the user (the README example) and user properties named beside the history', async () => {
    const o = await observe('examples/log-format/cluster.txt', { format: 'examples/log-format/cluster-log.ts' });
    expect(verdicts(o)).toEqual({ 'no-duplication': 'violated', 'no-creation': 'holds', agreement: 'holds', 'no-duplication(id: "id")': 'violated' });
    expect(prop(o, 'no-duplication').at).toMatchObject({ line: 11, event: 9 });
    const props = join(dir, 'mine.ts');
    writeFileSync(
      props,
      `import { defineProperty } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};\nexport const quiet = defineProperty({ name: 'quiet', kind: 'safety', check: (h) => (h.events(2).length > 0 ? 'p2 spoke' : null) });\nexport const reads = defineProperty({ name: 'reads', kind: 'safety', check: (h) => (h.state(0) ? null : null) });\n`,
    );
    const f = file([header(['./mine.ts#quiet']), bc(0, 'a'), dl(1, 0, 'a'), dl(2, 0, 'a'), dl(2, 0, 'a')]);
    const q = await observe(f);
    expect(q.properties[0]).toMatchObject({ name: 'quiet', verdict: 'violated', route: 'whole', at: { event: 3 }, message: 'p2 spoke' });
    const r = await observe(file([header(['./mine.ts#reads']), bc(0, 'a')]));
    expect(r.properties[0]).toMatchObject({ verdict: 'error', message: expect.stringMatching(/processes' states/) });
  });

  it('names the file and line of bad input', async () => {
    const bad = async (lines: unknown[], re: RegExp) => expect(observe(file(lines))).rejects.toThrow(re);
    await bad([header(['agreement']), '{"process": 0, "kind": "request"'], /h\d+\.jsonl:2: not JSON/);
    await bad([header(['agreement']), { ...bc(0, 'a'), extra: 1 }], /:2: unknown event field extra/);
    await bad([header(['agreement']), bc(5, 'a')], /:2: unknown process 5 \(the header names 3 processes: 0..2\)/);
    await bad([header(['agreement']), { ...bc(0, 'a'), time: 5 }, { ...bc(0, 'b'), time: 4 }], /:3: time goes back/);
    await bad([header(['agreemnt']), bc(0, 'a')], /:1: unknown property 'agreemnt' \(built-in: /);
    await bad([header([{ agreement: { uniform: 'yes' } }]), bc(0, 'a')], /:1: property agreement: parameter 'uniform' must be a boolean/);
    await bad([header([{ linearizable: { model: 'queue' } }]), bc(0, 'a')], /could not be made for this history: linearizable: unknown model 'queue'/);
    await bad([{ protocheck: 2 }, bc(0, 'a')], /:1: "protocheck": 1 is the version/);
    await bad([bc(0, 'a')], /no properties to check/);
  });
});
