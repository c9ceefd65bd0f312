/** An estimate in words: per metric, the estimate with its interval, a histogram of the runs, the percentiles, the exact value and the bound; coverage over time as a line of bars. */
import { fmt, type EstimateOutcome, type MetricEstimate } from '../spec/estimate.ts';
import type { TimeSeries } from '../spec/estimate-series.ts';
import { int, seconds } from './format.ts';

const BARS = ' ▁▂▃▄▅▆▇█';

function histogram(m: MetricEstimate): string {
  const top = Math.max(1, ...m.histogram.counts);
  const bars = m.histogram.counts.map((c) => BARS[c === 0 ? 0 : Math.max(1, Math.round((c / top) * 8))]).join('');
  return m.kind === 'proportion' ? `no ${int(m.histogram.counts[0])} · yes ${int(m.histogram.counts[1])}` : `${fmt(m.histogram.min)} ${bars} ${fmt(m.histogram.max)}`;
}

/** Mean coverage over time as bars from 0 to 1 (at most 60 of them: a bar every k ticks), with when it first reached half and 95 %. */
function coverageLine(s: TimeSeries): string {
  const T = s.mean.length;
  const k = Math.max(1, Math.ceil(T / 60));
  let bars = '';
  for (let t = 0; t < T; t += k) bars += BARS[s.mean[t] <= 0 ? 0 : Math.max(1, Math.round(Math.min(1, s.mean[t]) * 8))];
  const when = (q: number) => {
    const t = s.mean.findIndex((m) => m >= q);
    return t < 0 ? 'never' : `${s.x === 'ticks' ? 't' : 'step'} ${t}`;
  };
  return `  coverage over time (${s.indication}, mean of ${int(s.runs)} runs, ${s.x} 0–${T - 1}${k > 1 ? `, a bar every ${k}` : ''}): ${bars} ${fmt(s.mean[T - 1])}; half by ${when(0.5)}, 95 % by ${when(0.95)}`;
}

function metricLines(m: MetricEstimate): string[] {
  const i = m.interval;
  const what = m.kind === 'proportion' ? 'probability' : 'mean';
  if (m.applied === 0) return [`  ${m.name}: not measured: it applied to none of the runs (a time to reach every node needs a run that reached every node)`];
  const lines = [`  ${m.name}: ${what} ${fmt(i.estimate)}, ${Math.round(i.confidence * 100)}% interval [${fmt(i.low)}, ${fmt(i.high)}] (${i.method}, ${int(i.n)} runs)`];
  lines.push(`      runs: ${histogram(m)}`);
  if (m.percentiles) lines.push(`      percentiles: p5 ${fmt(m.percentiles.p5.estimate)}, median ${fmt(m.percentiles.p50.estimate)} [${fmt(m.percentiles.p50.low)}, ${fmt(m.percentiles.p50.high)}], p95 ${fmt(m.percentiles.p95.estimate)} [${fmt(m.percentiles.p95.low)}, ${fmt(m.percentiles.p95.high)}]`);
  if (m.exact) {
    if ('value' in m.exact) {
      const inside = m.exact.value >= i.low && m.exact.value <= i.high;
      lines.push(`      exact: ${fmt(m.exact.value)} over the ${int(m.exact.states)}-state graph (${inside ? 'inside' : 'OUTSIDE'} the interval${m.exact.absorbed < 1 ? `; runs end with probability ${fmt(m.exact.absorbed)}` : ''})`);
    } else lines.push(`      exact: not computed: ${m.exact.unavailable}`);
  }
  if (m.bound) lines.push(`      bound ${m.bound.text}: ${m.bound.judgement === 'met' ? 'met' : m.bound.judgement === 'failed' ? 'FAILED' : 'undecided (the interval straddles it; more runs may decide)'}`);
  return lines;
}

export function estimateText(o: EstimateOutcome): string {
  const s = o.settings;
  const ended = Object.entries(o.ended).filter(([, n]) => n > 0).map(([k, n]) => `${int(n)} ${k}`).join(', ');
  const lines = [
    `${o.spec.name}  (${o.spec.file})`,
    `  estimate: ${int(o.runs)} random runs (seed ${s.seed}${s.shard ? `, shard ${s.shard.index}/${s.shard.count}` : ''}, at most ${int(s.maxDepth)} steps${s.horizon !== undefined ? ` and ${s.horizon} ticks` : ''}; runs ended: ${ended}), ${int(o.steps)} steps, ${seconds(o.timeMs)}, ${int(o.stepsPerSecond)} steps/s`,
    o.rates?.length
      ? `  the scheduler takes a rated step at its rate, else a step uniformly among the other enabled ones, and a random branch by its probability; ${o.rates.join('; ')}`
      : `  the scheduler picks each step uniformly among the enabled ones and a random branch by its probability`,
    ...o.metrics.flatMap(metricLines),
    ...(o.series ?? []).filter((x) => x.name === 'coverage' && x.mean.length > 0).map(coverageLine),
  ];
  if (o.limit) lines.push(`  ? ${o.limit.message}`);
  lines.push(o.met ? '  ✓ every bound met' : `  ✗ ${o.differences.join('\n    ')}`);
  return lines.join('\n');
}
