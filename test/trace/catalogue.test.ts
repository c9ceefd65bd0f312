/**
 * The committed counterexamples as a regression suite: every trace under traces/ must still
 * reproduce its recorded violation, and every broken variant of the catalogue must have one.
 * Regenerate them with `node bin/protocheck.mjs check specs --save-traces traces/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/spec.ts';
import { readTraceFile } from '../../src/trace/read.ts';
import { replayOnModel } from '../../src/trace/replay.ts';
import { loadTraceModel } from '../../src/spec/trace-model.ts';
import { cli, REPO, tmp } from './helpers.ts';

const TRACES = join(REPO, 'traces');
const traceFiles = readdirSync(TRACES).filter((f) => f.endsWith('.trace.yaml')).sort();

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The catalogue's committed specs (work in progress in someone's tree is not held to this yet); all of them outside git. */
function committedSpecs(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', 'specs'], { cwd: REPO, encoding: 'utf8' });
  if (git.status !== 0) return specFiles(join(REPO, 'specs'));
  return git.stdout.split('\0').filter((f) => /\.ya?ml$/.test(f)).map((f) => join(REPO, f));
}

describe('traces/', () => {
  it('holds at least one trace', () => {
    expect(traceFiles.length).toBeGreaterThan(0);
  });

  for (const f of traceFiles) {
    it(`${f} still reproduces its violation`, async () => {
      const file = join(TRACES, f);
      const { trace, warnings } = readTraceFile(file);
      expect(warnings).toEqual([]);
      const tm = await loadTraceModel(trace, { traceFile: file });
      const r = replayOnModel(tm.model, trace);
      if (!r.reproduced) throw new Error(`${f} no longer reproduces: ${r.mismatch!.message}${tm.warnings.length ? `\n(${tm.warnings.join('; ')})` : ''}\nIf the change is intended, regenerate: node bin/protocheck.mjs check specs --save-traces traces/`);
      expect(r.violation!.property).toBe(trace.property);
    });
  }

  it('has a trace for every broken variant of the catalogue', () => {
    const missing: string[] = [];
    for (const s of committedSpecs()) {
      let spec;
      try {
        spec = loadSpec(s);
      } catch {
        continue; // invalid specs are the catalogue tests' business
      }
      if (spec.expect?.verdict === 'violation' && !existsSync(join(TRACES, `${spec.name.replace(/[^\w.-]+/g, '_')}.trace.yaml`))) missing.push(spec.name);
    }
    expect(missing, `no trace under traces/ for ${missing.join(', ')}: run node bin/protocheck.mjs check specs --save-traces traces/`).toEqual([]);
  });

  it('is what check --save-traces writes', () => {
    const dir = join(tmp('save-'), 'traces');
    const r = cli(['check', 'specs/two-phase', '--save-traces', dir, '--trace-dir', join(dir, 'all')]);
    expect(r.code).toBe(0);
    const written = readdirSync(dir).filter((f) => f.endsWith('.trace.yaml'));
    expect(written).toEqual(['two-phase-early-commit.trace.yaml']);
    const a = readTraceFile(join(dir, written[0])).trace;
    const b = readTraceFile(join(TRACES, written[0])).trace;
    expect(a.steps.map((s) => s.fingerprint)).toEqual(b.steps.map((s) => s.fingerprint));
  });
});
