/** Shared helpers for the trace tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../src/core/model.ts';
import type { Violation } from '../../src/core/verdict.ts';
import { buildModel } from '../../src/spec/build.ts';
import { runSpec } from '../../src/spec/run.ts';
import { digest } from '../../src/trace/digest.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { traceToYaml } from '../../src/trace/format.ts';
import { buildTrace, type TraceContext, type TraceFile } from '../../src/trace/trace.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIX = 'test/trace/fixtures';
export const EARLY = 'specs/two-phase/two-phase-early-commit.yaml';

export function tmp(prefix = 'trace-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The bfs trace of a spec (its shortest counterexample). */
export async function bfsTrace(spec: string, settings: Record<string, unknown> = {}): Promise<TraceFile> {
  const o = await runSpec(spec, { settings: { strategy: 'bfs', ...settings } });
  if (!o.trace) throw new Error(`${spec}: no violation`);
  return o.trace;
}

export function writeTrace(t: TraceFile, dir = tmp(), name = 't.trace.yaml'): string {
  const f = join(dir, name);
  writeFileSync(f, traceToYaml(t));
  return f;
}

/** The choices of a run given by labels (for hand-made traces). */
export function pathOf<S, A>(model: Model<S, A>, labels: string[], init = 0): number[] {
  let s = model.initialStates()[init];
  const path = [init];
  for (const l of labels) {
    const acts = model.actions(s);
    const i = acts.findIndex((a) => model.label(a) === l);
    if (i < 0) throw new Error(`${l} is not enabled; enabled: ${acts.map((a) => model.label(a)).join(', ')}`);
    path.push(i);
    s = model.next(s, acts[i])!;
  }
  return path;
}

export function traceOf<S, A>(model: Model<S, A>, labels: string[], v: Omit<Violation, 'path'>, ctx: TraceContext): TraceFile {
  return buildTrace(model, { ...v, path: pathOf(model, labels) }, ctx);
}

/** The context of a trace recorded from a spec now (real digests), with the given parameters. */
export function context(spec: string, params: Record<string, unknown>): TraceContext {
  const sp = loadSpec(spec);
  return { spec, specDigest: digest(sp.source), module: relative(REPO, sp.module), moduleDigest: digest(readFileSync(sp.module, 'utf8')), params, search: { strategy: 'hand' } };
}

/** The model of a spec with parameters (the relay fixture's defaults filled in). */
export async function modelOf(spec: string): Promise<{ model: Model<any, any>; params: Record<string, unknown> }> {
  const sp = loadSpec(spec);
  const b = await buildModel(sp);
  return { model: b.model, params: b.params };
}
