import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isMap, isScalar, type Document } from 'yaml';
import { any, bool, either, int, list, num, obj, oneOf, parseYamlMapping, record, report, siteOf, str, SpecError, toPlain, type Ctx, type Schema, type Site } from '../schema/schema.ts';
import { applyOverride, parseOverride } from './overrides.ts';
import { parseBound } from '../core/stats.ts';
import { checkReferences, MAX_PROCESSES } from './references.ts';
import { STRATEGIES, type Strategy } from './strategies.ts';
import { NETWORK_PRESETS, type FailureDetectorKind, type SystemConfig, type TimingConfig } from '../system/config.ts';
import { CHANNELS, DETECTORS, FAULT_MODELS, TIMING_MODELS } from '../system/components.ts';

export type { Strategy };

/** How to search, from the spec's `check:` section and the command line. */
export interface CheckSettings {
  strategy: Strategy;
  /** Only these invariants (default: all the model defines). */
  invariants?: string[];
  deadlock: boolean;
  maxStates?: number;
  maxDepth?: number;
  /** Seconds (fractions allowed). */
  timeLimit?: number;
  /** MiB. */
  maxMemory?: number;
  /** Breadth-first search on this many worker threads (default 1). */
  workers?: number;
  /** Random search: the seed (a run is reproduced exactly by its seed). */
  seed?: number;
  /** Random search: how many executions. */
  runs?: number;
  /** Random search: how a run picks its next step (see src/core/random.ts). */
  walk?: 'uniform' | 'swarm' | 'pct';
  /** Partial-order reduction (off by default: POR_BY_DEFAULT in run.ts): sleep sets breadth-first (src/core/sleep.ts), dynamic partial-order reduction depth-first (src/core/dpor.ts). */
  por?: boolean;
  /** false: ignore the spec's `symmetry:` roles (to count the states without it). */
  symmetry?: boolean;
  /** Command line only (--spill <dir>): a visited set and a breadth-first queue that spill to disk near --max-memory (src/core/spill.ts, state-queue.ts). */
  spill?: string;
}

export type ExpectedVerdict = 'ok' | 'violation';

/** What the spec's author expects: the catalogue's verdicts are checked against these. */
export interface Expectation {
  verdict: ExpectedVerdict;
  /** For a violation: the property that must fail. */
  property?: string;
  /** For a violation: safety, liveness, deadlock or error. */
  kind?: 'safety' | 'liveness' | 'deadlock' | 'error';
  /** Exactly this many distinct states (a complete search). */
  states?: number;
  /** For a violation found by BFS: the shortest trace has this many steps. */
  steps?: number;
  /** Bounds on the estimated metrics (`estimate:`), by metric name: `'>= 0.99'`. */
  metrics?: Record<string, string>;
}

/** The spec's `estimate:` section: seeded random runs measured by metrics (src/spec/estimate.ts). */
export interface EstimateSection {
  settings: { runs?: number; seed?: number; maxDepth?: number; horizon?: number; confidence?: number; exact?: boolean };
  metrics: PropertyRef[];
}

/**
 * A property named in the spec, with its parameters: a built-in (`agreement`), one the
 * protocol module exports in its `properties` (by bare name), or an export of a module beside
 * the spec (`./mutex-props.ts#mutualExclusion`).
 */
export interface PropertyRef {
  name: string;
  params: Record<string, unknown>;
  /** Where the spec names it, for messages about it. */
  site?: Site;
}

export interface Spec {
  /** The spec file, as given. */
  file: string;
  /** The estimate of metrics over random runs, when the spec asks for one. */
  estimate?: EstimateSection;
  name: string;
  description?: string;
  /** Absolute path of the module that the spec's `model:` or `protocol:` names. */
  module: string;
  /** `model`: a hand-written core Model; `protocol`: reducers in a system model. */
  level: 'model' | 'protocol';
  /** For a protocol: the system model around it. */
  system?: SystemConfig;
  /** For a protocol: the properties to check. */
  properties: PropertyRef[];
  params: Record<string, unknown>;
  check: CheckSettings;
  expect?: Expectation;
  /** Where each parameter was given (line and column, or the `--set`), for messages about it. */
  paramSites?: Record<string, { line?: number; col?: number; origin?: string }>;
  /** Where each workload item is (line and column, or the `--set`), in the workload's order. */
  workloadSites?: Site[];
  /** The `--set` overrides applied, as given. */
  overrides: string[];
  /** The spec file's text (for trace digests). */
  source: string;
}

const checkSchema = obj({
  strategy: oneOf(...STRATEGIES),
  seed: int(),
  runs: int({ min: 1 }),
  walk: oneOf('uniform', 'swarm', 'pct'),
  invariants: list(str()),
  deadlock: bool(),
  maxStates: int({ min: 1 }),
  maxDepth: int({ min: 0 }),
  timeLimit: num({ above: 0 }),
  maxMemory: int({ min: 16 }),
  workers: int({ min: 1, max: 256 }),
  por: bool(),
});

/** A bound on an estimate: `>= 0.99`, `< 5`. */
const boundSchema: Schema<string> = {
  expected: "a bound such as '>= 0.99'",
  // parseBound's grammar
  json: { type: 'string', pattern: '^\\s*(>=|<=|>|<)\\s*(-?\\d+(\\.\\d+)?(e-?\\d+)?)\\s*$' },
  read(node, ctx, path) {
    const v = str().read(node, ctx, path);
    if (v === undefined) return undefined;
    if (!parseBound(v)) {
      report(ctx, node, `expected a bound such as '>= 0.99' or '< 5' at ${path}, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  },
};

const expectSchema = obj(
  {
    verdict: oneOf('ok', 'violation'),
    property: str(),
    kind: oneOf('safety', 'liveness', 'deadlock', 'error'),
    states: int({ min: 0 }),
    steps: int({ min: 0 }),
    metrics: record(boundSchema),
  },
  ['verdict'],
);

const presetNames = Object.keys(NETWORK_PRESETS) as [string, ...string[]];
/** The names the registry of system-model components knows (system/components.ts). */
const names = <K extends string>(r: Record<K, unknown>) => Object.keys(r) as K[];
const detectorNames = names(DETECTORS);

const networkSchema = either(
  `one of ${presetNames.join(', ')}, or a mapping`,
  oneOf(...presetNames),
  obj({
    preset: oneOf(...presetNames),
    ordering: oneOf(...names(CHANNELS)),
    loss: oneOf('none', 'fair', 'arbitrary'),
    duplication: bool(),
    partitions: list(list(list(int({ min: 0 })))),
    maxPartitions: int({ min: 0 }),
  }),
);

const requestSchema: Schema<{ type: string; [f: string]: unknown }> = {
  expected: 'a request like { type: broadcast, m: a }',
  json: { type: 'object', properties: { type: { type: 'string' } }, required: ['type'] },
  read(node, ctx, path) {
    const v = toPlain(node) as Record<string, unknown> | null;
    if (!v || typeof v !== 'object' || Array.isArray(v) || typeof v.type !== 'string') {
      report(ctx, node, `expected a request with a 'type'${path ? ` at ${path}` : ''}, e.g. { type: broadcast, m: a }`);
      return undefined;
    }
    return v as { type: string };
  },
};

const propertyRefSchema: Schema<PropertyRef> = either(
  'a property name, or { name: { parameters } }',
  { expected: 'a property name', json: { type: 'string' }, read: (n, c, p) => { const v = str().read(n, c, p); return v === undefined ? undefined : { name: v, params: {}, site: siteOf(c, n) }; } },
  {
    expected: 'a mapping',
    json: { ...record(record(any())).json, minProperties: 1, maxProperties: 1 },
    read(node, ctx, path) {
      const v = record(record(any())).read(node, ctx, path);
      if (!v) return undefined;
      const names = Object.keys(v);
      if (names.length !== 1) {
        report(ctx, node, `a property entry names one property, got ${names.length}${path ? ` at ${path}` : ''}`);
        return undefined;
      }
      return { name: names[0], params: v[names[0]] ?? {}, site: siteOf(ctx, node) };
    },
  },
);

const specFields = {
  name: str(),
  description: str(),
  model: str(),
  protocol: str(),
  params: record(any()),
  processes: either('a number of processes, or a count per role', int({ min: 1, max: MAX_PROCESSES }), record(int({ min: 1, max: MAX_PROCESSES }))),
  network: networkSchema,
  faults: obj({ model: oneOf(...names(FAULT_MODELS)), max: int({ min: 0 }), processes: list(int({ min: 0 })), messages: int({ min: 0 }) }),
  failureDetector: either(
    'none, P, eventually-P or omega, or { kind: eventually-P | omega, mistakes: n } or { kind: P, afterMessages: true }',
    oneOf(...detectorNames),
    obj({ kind: oneOf(...detectorNames), mistakes: int({ min: 0 }), afterMessages: bool() }, ['kind']),
  ),
  timing: either(
    'asynchronous, or { model: synchronous | partially-synchronous | rounds, delay: ticks }',
    oneOf('asynchronous'),
    obj({ model: oneOf(...names(TIMING_MODELS)), delay: int({ min: 1 }) }, ['model']),
  ),
  workload: list(obj({ process: int({ min: 0 }), request: requestSchema }, ['process', 'request'])),
  properties: list(propertyRefSchema),
  determinism: oneOf('sampled', 'always', 'off'),
  realTime: bool(),
  causality: bool(),
  churn: obj({ leave: num({ min: 0 }), join: num({ min: 0 }), processes: list(int({ min: 0 })), max: int({ min: 0 }) }, ['leave']),
  symmetry: list(str()),
  check: checkSchema,
  estimate: obj({
    runs: int({ min: 1 }),
    seed: int(),
    maxDepth: int({ min: 1 }),
    horizon: int({ min: 1 }),
    confidence: num({ above: 0 }),
    exact: bool(),
    metrics: list(propertyRefSchema),
  }),
  expect: expectSchema,
};
export const specSchema = obj(specFields);
/** The spec's own top-level keys: a bare `--set` name sets one of these, or else a parameter. */
export const SPEC_KEYS: readonly string[] = Object.keys(specFields);

/** The keys only a protocol: spec takes. */
export const PROTOCOL_KEYS = ['processes', 'network', 'faults', 'failureDetector', 'timing', 'workload', 'properties', 'determinism', 'realTime', 'causality', 'churn', 'symmetry'] as const;

type RawSpec = NonNullable<ReturnType<typeof specSchema.read>>;

function estimateOf(raw: NonNullable<RawSpec['estimate']>): EstimateSection {
  const { metrics, ...settings } = raw;
  return { settings, metrics: metrics ?? [] };
}

function systemOf(raw: RawSpec): SystemConfig {
  const net = raw.network;
  const preset = typeof net === 'string' ? net : (net?.preset ?? 'reliable');
  const base = NETWORK_PRESETS[preset];
  const o: Partial<Exclude<typeof net, string | undefined>> = typeof net === 'object' ? net : {};
  const processes = raw.processes ?? 3;
  const detector = detectorOf(raw);
  const timing = timingOf(raw);
  return {
    processes: typeof processes === 'number' ? [{ role: 'process', count: processes }] : Object.entries(processes as Record<string, number>).map(([role, count]) => ({ role, count })),
    network: {
      ordering: o.ordering ?? base.ordering,
      loss: o.loss ?? base.loss,
      duplication: o.duplication ?? base.duplication,
      partitions: o.partitions ?? [],
      maxPartitions: o.maxPartitions ?? (o.partitions?.length ? 1 : 0),
    },
    faults: { model: raw.faults?.model ?? 'none', max: raw.faults?.max ?? (raw.faults?.model && raw.faults.model !== 'none' ? 1 : 0), processes: raw.faults?.processes, ...(raw.faults?.messages !== undefined ? { messages: raw.faults.messages } : {}) },
    failureDetector: detector.kind,
    ...(detector.mistakes !== undefined ? { detectorMistakes: detector.mistakes } : {}),
    ...(detector.afterMessages ? { detectorAfterMessages: true } : {}),
    ...(timing ? { timing } : {}),
    workload: raw.workload ?? [],
    determinism: raw.determinism ?? 'sampled',
    ...(raw.realTime ? { realTime: true } : {}),
    ...(raw.causality ? { causality: true } : {}),
    ...(raw.churn ? { churn: { leave: raw.churn.leave, join: raw.churn.join ?? 0, ...(raw.churn.processes ? { processes: raw.churn.processes } : {}), ...(raw.churn.max !== undefined ? { max: raw.churn.max } : {}) } } : {}),
    ...(raw.symmetry?.length ? { symmetry: raw.symmetry } : {}),
  };
}

function detectorOf(raw: RawSpec): { kind: FailureDetectorKind; mistakes?: number; afterMessages?: boolean } {
  const fd = raw.failureDetector as FailureDetectorKind | { kind: FailureDetectorKind; mistakes?: number; afterMessages?: boolean } | undefined;
  if (fd === undefined) return { kind: 'none' };
  return typeof fd === 'string' ? { kind: fd } : fd;
}

function timingOf(raw: RawSpec): TimingConfig | undefined {
  const t = raw.timing as 'asynchronous' | { model: 'asynchronous' | 'synchronous' | 'partially-synchronous' | 'rounds'; delay?: number } | undefined;
  if (t === undefined || t === 'asynchronous' || t.model === 'asynchronous') return undefined;
  return { model: t.model, delay: t.delay ?? 1 };
}

function paramSitesOf(doc: Document, ctx: Ctx): Spec['paramSites'] {
  const params = doc.get('params', true);
  if (!isMap(params)) return undefined;
  const sites: NonNullable<Spec['paramSites']> = {};
  for (const pair of params.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const origin = ctx.origins.get(pair.value) ?? ctx.origins.get(pair.key);
    const range = isScalar(pair.key) ? pair.key.range : undefined;
    sites[key] = origin ? { origin } : range ? lines(ctx, range[0]) : {};
  }
  return sites;
}

function lines(ctx: Ctx, offset: number): { line: number; col: number } {
  const { line, col } = ctx.lines.linePos(offset);
  return { line, col };
}

/**
 * Loads and validates a spec file; throws SpecError with positioned issues. With `text`, that
 * is the spec's YAML and `file` only names it (and the directory its module paths are relative to).
 */
export function loadSpec(file: string, overrides: string[] = [], text?: string): Spec {
  let source: string;
  try {
    source = text ?? readFileSync(file, 'utf8');
  } catch (err) {
    throw new SpecError([{ file, message: `cannot read the spec: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}` }]);
  }
  const { doc, ctx } = parseYamlMapping(source, file, 'a spec is a YAML mapping (model:, params:, check:, expect: ...)', (issues) => new SpecError(issues));
  const issues = ctx.issues;
  for (const text of overrides) applyOverride(doc, parseOverride(text, file, SPEC_KEYS), ctx);
  const raw = specSchema.read(doc.contents, ctx, '');
  if (raw && (raw.model === undefined) === (raw.protocol === undefined)) {
    report(ctx, doc.contents, 'a spec names exactly one of model: (a hand-written core Model) or protocol: (reducers in a system model)');
  }
  if (raw?.model !== undefined) {
    for (const k of PROTOCOL_KEYS) {
      if (raw[k] !== undefined) report(ctx, doc.contents, `'${k}' applies to protocol specs; a model: spec takes params, check and expect`);
    }
  }
  const workloadSites = raw?.protocol !== undefined ? checkReferences(raw, doc, ctx) : undefined;
  if (!raw || issues.length) throw new SpecError(issues.length ? issues : [{ file, message: 'invalid spec' }]);
  return {
    file,
    name: raw.name ?? basename(file).replace(/\.ya?ml$/, ''),
    description: raw.description,
    module: resolve(dirname(file), (raw.model ?? raw.protocol)!),
    level: raw.model !== undefined ? 'model' : 'protocol',
    system: raw.protocol !== undefined ? systemOf(raw) : undefined,
    properties: raw.properties ?? [],
    params: raw.params ?? {},
    check: {
      // a spec that asks for an estimate is checked by it, unless its check: says otherwise
      strategy: raw.check?.strategy ?? (raw.estimate ? 'estimate' : 'bfs'),
      invariants: raw.check?.invariants,
      deadlock: raw.check?.deadlock ?? false,
      maxStates: raw.check?.maxStates,
      maxDepth: raw.check?.maxDepth,
      timeLimit: raw.check?.timeLimit,
      maxMemory: raw.check?.maxMemory,
      workers: raw.check?.workers,
      seed: raw.check?.seed,
      runs: raw.check?.runs,
      ...(raw.check?.walk ? { walk: raw.check.walk } : {}),
      por: raw.check?.por,
    },
    ...(raw.estimate ? { estimate: estimateOf(raw.estimate) } : {}),
    expect: raw.expect,
    paramSites: paramSitesOf(doc, ctx),
    ...(workloadSites?.length ? { workloadSites } : {}),
    overrides,
    source,
  };
}
