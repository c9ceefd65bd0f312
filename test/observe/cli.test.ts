/** `protocheck observe` and `protocheck drive` as CI runs them: exit codes, --json, --junit. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { record } from '../../examples/eager-rb/record.ts';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'observe-cli-'));
const write = (name: string, lines: string[]) => {
  const f = join(dir, name);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
};

describe('protocheck observe', () => {
  const ok = write('ok.jsonl', record({ nodes: 3, broadcasts: 20, seed: 5, buggy: false, crash: true }));
  const bad = write('buggy.jsonl', record({ nodes: 3, broadcasts: 20, seed: 5, buggy: true, crash: false }));
  const unsettled = write('pending.jsonl', ['{"protocheck": 1, "processes": 2, "properties": ["agreement"]}', '{"process": 0, "kind": "indication", "value": {"type": "deliver", "src": 0, "m": "a"}}']);

  it('exits 0, 1 and 3, and writes one JUnit test case per history and property', () => {
    const junit = join(dir, 'reports', 'observe.xml');
    const r = run('observe', ok, bad, unsettled, '--junit', junit);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/buggy\.jsonl:\d+ \(event \d+, time \d+\): p\d delivered "m\d+" from p\d twice/);
    expect(r.out).toMatch(/NOT YET SATISFIED agreement +at the end/);
    expect(r.out).toMatch(/3 histories: 1 hold, 1 violated, 1 not yet satisfied, 0 bad input; exit 1/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="protocheck" tests="9" failures="1" errors="0" skipped="1">/);
    expect(xml).toMatch(/<testcase name="no-duplication" classname="[^"]*buggy\.jsonl"[^>]*>\s*<failure message="p\d delivered &quot;m\d+&quot; from p\d twice">/);
    expect(xml).toMatch(/<skipped message="not yet satisfied: p0 delivered &quot;a&quot; from p0 but correct p1 never did"\/>/);
    expect(run('observe', ok).code).toBe(0);
    expect(run('observe', unsettled).code).toBe(3);
    expect(run('observe', unsettled, '--settled').code).toBe(1);
  });

  it('takes --properties and --processes over the header, and prints --json', () => {
    const r = run('observe', unsettled, '--json', '--properties', '[no-duplication, {agreement: {uniform: true}}]', '--processes', '1');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.summary).toEqual({ histories: 1, exitCode: 0 });
    expect(j.histories[0]).toMatchObject({ events: 1, processes: 1, exitCode: 0, properties: [{ name: 'no-duplication', verdict: 'holds', route: 'stream' }, { name: 'agreement(uniform: true)', verdict: 'holds' }] });
  });

  it('exits 2 on bad input, with the file and line', () => {
    const f = write('typo.jsonl', ['{"protocheck": 1, "processes": 2, "properties": ["agreement"]}', '{"process": 0, "kind": "indicaton"}']);
    const r = run('observe', f);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`protocheck: ${f}:2: kind: request, indication, crash or recover, got "indicaton"\n`);
  });
});

describe('protocheck drive', () => {
  it('exits 0 when the implementation matches every trace, 1 when it differs, with a JUnit case per trace', () => {
    expect(run('drive', 'traces/eager-rb-lossy.trace.yaml', 'traces/eager-rb-no-relay.trace.yaml', '--adapter', 'examples/eager-rb/adapter.ts').code).toBe(0);
    const junit = join(dir, 'drive.xml');
    const r = run('drive', 'traces/eager-rb-no-relay.trace.yaml', '--adapter', 'examples/eager-rb/adapter-buggy.ts', '--json', '--junit', junit);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).traces[0]).toMatchObject({ verdict: 'mismatch', at: { step: 1 }, exitCode: 1 });
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase name="agreement" classname="traces\/eager-rb-no-relay\.trace\.yaml">\s*<failure message="the model indicated nothing; /);
  });

  it('takes a directory as every trace below it, in subdirectories too, and exit 2 when there is none', () => {
    const d = join(dir, 'traces-tree');
    mkdirSync(join(d, 'nested'), { recursive: true });
    copyFileSync('traces/eager-rb-lossy.trace.yaml', join(d, 'eager-rb-lossy.trace.yaml'));
    copyFileSync('traces/eager-rb-no-relay.trace.yaml', join(d, 'nested', 'eager-rb-no-relay.trace.yaml'));
    const r = run('drive', d, '--adapter', 'examples/eager-rb/adapter.ts', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).traces.map((t: { trace: string }) => t.trace)).toEqual([join(d, 'eager-rb-lossy.trace.yaml'), join(d, 'nested', 'eager-rb-no-relay.trace.yaml')]);
    const empty = join(dir, 'no-traces');
    mkdirSync(empty, { recursive: true });
    const e = run('drive', empty, '--adapter', 'examples/eager-rb/adapter.ts');
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/no traces \(\*\.trace\.yaml\) under/);
  });

  it('exits 3 when the implementation cannot take a step, 2 for a bad adapter', () => {
    const a = join(dir, 'no-crash.ts');
    writeFileSync(a, `import { eagerRbAdapter } from ${JSON.stringify(join(process.cwd(), 'examples/eager-rb/make-adapter.ts'))};\nimport { EagerRbNode } from ${JSON.stringify(join(process.cwd(), 'examples/eager-rb/node.ts'))};\nconst { crash, ...rest } = eagerRbAdapter(EagerRbNode);\nexport default rest;\n`);
    const r = run('drive', 'traces/eager-rb-no-relay.trace.yaml', '--adapter', a);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/STUCK at step 3 \(crash p0\), after 2 matching steps: the adapter has no crash\(p\), which this step needs/);
    const b = join(dir, 'bad.ts');
    writeFileSync(b, 'export default { start() {} };\n');
    const e = run('drive', 'traces/eager-rb-no-relay.trace.yaml', '--adapter', b);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/the adapter has no request, deliver/);
  });
});
