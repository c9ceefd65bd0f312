/**
 * The model a trace was recorded from: its spec found (as recorded, or relative to the trace
 * file), loaded and built with the recorded parameters, and what changed since (digests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Model } from '../core/model.ts';
import { SpecError } from '../schema/schema.ts';
import { digest } from '../trace/digest.ts';
import type { TraceContext, TraceFile } from '../trace/trace.ts';
import { buildModel } from './build.ts';
import { loadSpec, type Spec } from './spec.ts';

/** Why a trace cannot even be replayed (bad input: exit 2), as opposed to not reproducing (exit 1). */
export class TraceLoadError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'TraceLoadError';
  }
}

export interface TraceModel {
  model: Model<any, any>;
  spec: Spec;
  /** The spec file used (resolved). */
  specFile: string;
  /** Digest changes and other things worth knowing before the steps. */
  warnings: string[];
  /** The context for traces written from this model (current digests, recorded params). */
  context: TraceContext;
}

/** Where the recorded spec is now: as recorded (from the working directory), or relative to the trace file's folder and its parents. */
function findSpec(recorded: string, traceFile: string | undefined): string | undefined {
  if (existsSync(recorded)) return recorded;
  if (traceFile) {
    let dir = resolve(dirname(traceFile));
    for (;;) {
      const p = resolve(dir, recorded);
      if (existsSync(p)) return relative(process.cwd(), p) || p;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** Loads the spec a trace was recorded from and builds its model with the recorded parameters. */
export async function loadTraceModel(trace: TraceFile, opts: { traceFile?: string; specFile?: string } = {}): Promise<TraceModel> {
  const specFile = opts.specFile ?? findSpec(trace.spec, opts.traceFile);
  if (!specFile) throw new TraceLoadError(`the trace was recorded from ${trace.spec}, which does not exist (from ${process.cwd()} or above the trace file); pass the spec with --spec`);
  let spec: Spec;
  try {
    spec = loadSpec(specFile);
  } catch (err) {
    if (err instanceof SpecError) throw new TraceLoadError(`the trace's spec cannot be loaded:\n${err.message}`);
    throw err;
  }
  const warnings: string[] = [];
  const specDigest = digest(spec.source);
  if (specDigest !== trace.specDigest) warnings.push(`the spec ${specFile} changed since the trace was recorded (digest ${trace.specDigest}, now ${specDigest})`);
  let moduleSource = '';
  try {
    moduleSource = readFileSync(spec.module, 'utf8');
  } catch {
    // buildModel reports a missing module
  }
  const moduleDigest = digest(moduleSource);
  if (moduleSource && moduleDigest !== trace.moduleDigest) {
    warnings.push(`the protocol source ${relative(process.cwd(), spec.module)} changed since the trace was recorded (digest ${trace.moduleDigest}, now ${moduleDigest}): a step that no longer matches may come from that change`);
  }
  let model: Model<any, any>;
  try {
    // every property the model defines: the recorded one may be outside the spec's selection
    ({ model } = await buildModel({ ...spec, params: trace.params, check: { ...spec.check, invariants: undefined } }));
  } catch (err) {
    if (err instanceof SpecError) throw new TraceLoadError(`the model cannot be built with the recorded parameters ${JSON.stringify(trace.params)}:\n${err.message}`, 1);
    throw err;
  }
  if (model.name !== trace.model) warnings.push(`the model is now named ${model.name} (recorded: ${trace.model})`);
  return {
    model,
    spec,
    specFile,
    warnings,
    context: {
      spec: specFile,
      specDigest,
      module: relative(process.cwd(), spec.module),
      moduleDigest,
      params: trace.params,
      search: trace.search,
      ...(trace.seed !== undefined ? { seed: trace.seed } : {}),
    },
  };
}

