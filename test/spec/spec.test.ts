/** Spec loading: bad input is a SpecError that says where (file:line:col, or the --set); --set overrides. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/schema/schema.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { runSpec } from '../../src/spec/run.ts';

const REPO = resolve(import.meta.dirname, '../..');
const TWO_PHASE = join(REPO, 'specs/two-phase/two-phase.ts');
const RM3 = join(REPO, 'specs/two-phase/two-phase-rm3.yaml');
const dir = mkdtempSync(join(tmpdir(), 'protocheck-spec-'));

function specFile(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text.replaceAll('$MODEL', TWO_PHASE));
  return f;
}

async function specError(run: () => unknown): Promise<SpecError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return err as SpecError;
  }
  throw new Error('expected a SpecError');
}

describe('spec errors say where', () => {
  it('a YAML syntax error: file:line:col', async () => {
    const f = specFile('syntax.yaml', 'model: $MODEL\nparams:\n  RM: [3\ncheck:\n  strategy: bfs\n');
    const e = await specError(() => loadSpec(f));
    expect(e.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax: `));
    expect(e.issues[0].line).toBeGreaterThanOrEqual(3);
  });

  it('a duplicate key is a syntax error too', async () => {
    const f = specFile('dup.yaml', 'model: $MODEL\nparams:\n  RM: 3\n  RM: 4\n');
    const e = await specError(() => loadSpec(f));
    expect(e.message).toContain(`${f}:4:3: YAML syntax:`);
  });

  it('an unknown key: file:line:col, and the known keys', async () => {
    const f = specFile('unknown-key.yaml', 'model: $MODEL\ncheck:\n  strategy: bfs\n  maxStaets: 10\n');
    const e = await specError(() => loadSpec(f));
    expect(e.message).toBe(`${f}:4:3: unknown key 'maxStaets' at check (known: ${e.message.match(/known: ([^)]*)/)![1]})`);
    expect(e.message).toMatch(/known: .*maxStates/);
  });

  it('a wrong type: file:line:col and what was expected', async () => {
    const f = specFile('wrong-type.yaml', 'model: $MODEL\ncheck:\n  maxStates: lots\n  strategy: sideways\n');
    const e = await specError(() => loadSpec(f));
    // every error of the file at once
    expect(e.issues).toHaveLength(2);
    expect(e.message).toContain(`${f}:3:14: expected an integer at check.maxStates, got "lots"`);
    expect(e.message).toContain(`${f}:4:13: expected one of bfs, dfs, random, estimate at check.strategy, got "sideways"`);
  });

  it('an unknown parameter: file:line:col and the model’s parameters', async () => {
    const f = specFile('unknown-param.yaml', 'model: $MODEL\nparams:\n  RM: 3\n  RMS: 4\n');
    const e = await specError(() => runSpec(f));
    expect(e.message).toBe(`${f}:4:3: unknown parameter 'RMS' (the model's parameters: RM, earlyCommit, symmetry)`);
  });

  it('a parameter of the wrong type: file:line:col', async () => {
    const f = specFile('param-type.yaml', 'model: $MODEL\nparams:\n  RM: three\n');
    const e = await specError(() => runSpec(f));
    expect(e.message).toBe(`${f}:3:3: parameter 'RM' must be a number (like its default 3), got "three"`);
  });

  it('a bad --set is named as the --set', async () => {
    const unknown = await specError(() => runSpec(RM3, { overrides: ['RMS=5'] }));
    expect(unknown.message).toBe(`${RM3} (--set RMS=5): unknown parameter 'RMS' (the model's parameters: RM, earlyCommit, symmetry)`);
    const badType = await specError(() => loadSpec(RM3, ['check.maxStates=many']));
    expect(badType.message).toBe(`${RM3} (--set check.maxStates=many): expected an integer at check.maxStates, got "many"`);
    const noValue = await specError(() => loadSpec(RM3, ['RM']));
    expect(noValue.message).toContain("(--set RM): expected name=value, got 'RM'");
  });

  it('a missing file or module is a SpecError, not a crash', async () => {
    const missing = await specError(() => loadSpec(join(dir, 'nope.yaml')));
    expect(missing.message).toContain('no such file');
    const f = specFile('no-module.yaml', 'model: ./not-there.ts\n');
    const e = await specError(() => runSpec(f));
    expect(e.message).toContain('not-there.ts');
  });
});

describe('--set', () => {
  it('overrides a parameter', async () => {
    const o = await runSpec(RM3, { overrides: ['RM=5'] });
    expect(o.params.RM).toBe(5);
    expect(o.result.verdict).toBe('ok');
    expect(o.result.stats.distinct).toBe(8832);
    // the spec expects RM=3's 288 states: the override makes the expectation fail, and says so
    expect(o.expectation?.met).toBe(false);
    expect(o.expectation?.differences).toEqual(['expected 288 distinct states, got 8832']);
  });

  it('check.workers: a number of threads, at least 1', async () => {
    expect(loadSpec(RM3, ['check.workers=2']).check.workers).toBe(2);
    const e = await specError(() => loadSpec(RM3, ['check.workers=0']));
    expect(e.message).toBe(`${RM3} (--set check.workers=0): must be at least 1 at check.workers`);
    const o = await runSpec(RM3, { overrides: ['check.workers=2'] });
    expect(o.result.stats.distinct).toBe(288);
    expect(o.result.stats.workers?.count).toBe(2);
  });

  it('overrides a check setting by its dotted path', async () => {
    const spec = loadSpec(RM3, ['check.maxStates=50', 'check.strategy=dfs']);
    expect(spec.check).toMatchObject({ maxStates: 50, strategy: 'dfs' });
    const o = await runSpec(RM3, { overrides: ['check.maxStates=50'] });
    expect(o.result.verdict).toBe('inconclusive');
    expect(o.result.limit?.kind).toBe('states');
  });

  it('meets the catalogue expectation without overrides', async () => {
    const o = await runSpec(RM3);
    expect(o.expectation).toEqual({ met: true, differences: [] });
    const early = await runSpec(join(REPO, 'specs/two-phase/two-phase-early-commit.yaml'));
    expect(early.result.verdict).toBe('violation');
    expect(early.expectation?.met).toBe(true);
    expect(early.trace!.steps).toHaveLength(6);
  });
});
