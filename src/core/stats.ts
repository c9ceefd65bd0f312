/**
 * Estimates with their confidence intervals, for measured quality: proportions (Wilson's score
 * interval), means (Student's t), and percentiles (order statistics). Every estimate
 * protocheck prints carries its interval and the number of runs it rests on.
 */

/** A seeded 32-bit generator (mulberry32): the same seed gives the same numbers on any machine. */
export function random32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError(`a quantile of a probability in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Student's t quantile for n - 1 degrees of freedom (Cornish-Fisher expansion around the normal; exact enough for n >= 5). */
function tQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  if (df > 1000) return z;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** The runs the estimate rests on. */
  n: number;
  /** The interval's confidence level, e.g. 0.95. */
  confidence: number;
  method: 'wilson' | 't' | 'order';
}

/** Wilson's score interval for a proportion of `successes` in `n` trials. */
export function wilson(successes: number, n: number, confidence = 0.95): Interval {
  if (n === 0) return { estimate: NaN, low: 0, high: 1, n, confidence, method: 'wilson' };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n, confidence, method: 'wilson' };
}

/** A mean with Student's t interval. */
export function meanInterval(values: readonly number[], confidence = 0.95): Interval {
  const n = values.length;
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN, n, confidence, method: 't' };
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { estimate: mean, low: -Infinity, high: Infinity, n, confidence, method: 't' };
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { estimate: mean, low: mean - half, high: mean + half, n, confidence, method: 't' };
}

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/**
 * A percentile with a distribution-free interval: the order statistics whose ranks bound the
 * quantile's rank with the given confidence (the binomial count of values below the quantile,
 * in its normal approximation), which needs no resampling and holds for any distribution.
 */
export function percentileInterval(values: readonly number[], q: number, confidence = 0.95): Interval {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const estimate = quantileOf(sorted, q);
  if (n < 2) return { estimate, low: estimate, high: estimate, n, confidence, method: 'order' };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = z * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(0, Math.floor(n * q - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * q + half));
  return { estimate, low: sorted[lo], high: sorted[hi], n, confidence, method: 'order' };
}

/** A bound an estimate is held to: `>= 0.99`, `< 5`. */
export interface Bound {
  op: '>=' | '>' | '<=' | '<';
  value: number;
}

export function parseBound(text: string): Bound | undefined {
  const m = /^\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(text);
  return m ? { op: m[1] as Bound['op'], value: Number(m[2]) } : undefined;
}

/**
 * Whether an interval meets a bound: met when the whole interval is on the right side of it,
 * failed when the whole interval is on the wrong side, undecided when it straddles the bound
 * (more runs may decide it).
 */
export function judgeBound(i: Interval, b: Bound): 'met' | 'failed' | 'undecided' {
  const above = b.op === '>=' || b.op === '>';
  const strict = b.op === '>' || b.op === '<';
  const inside = (x: number) => (above ? (strict ? x > b.value : x >= b.value) : strict ? x < b.value : x <= b.value);
  if (inside(i.low) && inside(i.high)) return 'met';
  if (!inside(i.low) && !inside(i.high)) return 'failed';
  return 'undecided';
}
