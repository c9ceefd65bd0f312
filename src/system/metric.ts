/**
 * Measured quality: a metric is a number (or a yes/no) measured on one random run of a
 * system; an estimate over many runs gives its mean (or probability) with a confidence
 * interval. A metric reads the run's record: the history at its end, when each process first
 * emitted each indication, and how many messages were sent.
 */
import type { History, SystemInfo } from './history.ts';
import type { Pid } from './protocol.ts';

export interface RunRecord {
  readonly n: number;
  /** The history at the end of the run. */
  readonly history: History;
  readonly steps: number;
  /** Ticks of the clock in a timed model, else steps. */
  readonly time: number;
  /** Why the run ended: nothing enabled, the depth bound, or the time horizon. */
  readonly ended: 'quiescent' | 'depth' | 'horizon';
  /** When each process first emitted an indication of this type (undefined: never), by pid; under churn, since it last joined. */
  firstTimes(type: string): readonly (number | undefined)[];
  /** Messages sent in the run. */
  readonly sent: number;
  sentBy(p: Pid): number;
  /** Messages of one type sent in the run. */
  sentOf(type: string): number;
}

/** One run's measure: a number, a yes/no (estimated as a probability), or undefined when it does not apply to the run. */
export type Measure = number | boolean | undefined;

export interface MetricDef<P extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly params: P;
  /** 'proportion': a yes/no per run, estimated as a probability; 'value': a number per run, estimated as a mean with percentiles. */
  readonly kind: 'proportion' | 'value';
  make(params: P, system: SystemInfo): (run: RunRecord) => Measure;
  /**
   * The same measure from the final history alone, when it depends on nothing else (no times,
   * no traffic): what lets the exact value be computed on the state graph.
   */
  atEnd?(params: P, system: SystemInfo): (h: History) => Measure;
}

const METRIC = Symbol.for('protocheck.metric');

type Widened<P> = { -readonly [K in keyof P]: P[K] extends string ? string : P[K] extends boolean ? boolean : P[K] extends number ? number : P[K] };

/** Defines a metric a spec's `estimate:` names (`- ./metrics.ts#name`, or a built-in). */
export function defineMetric<const P extends Record<string, unknown>>(def: MetricDef<Widened<P>>): MetricDef {
  return Object.defineProperty({ ...(def as unknown as MetricDef) }, METRIC, { value: true }) as MetricDef;
}

export function isMetricDef(x: unknown): x is MetricDef {
  return x !== null && typeof x === 'object' && (x as Record<symbol, unknown>)[METRIC] === true;
}
