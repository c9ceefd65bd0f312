/**
 * The measures by which the lecture notes compare gossip and probabilistic broadcast: how
 * many processes the rumour reaches (coverage, residue), how much it costs (traffic), and how
 * fast (t-avg, t-95, t-last: the time at which a node, 95 % of the nodes, the last node first
 * delivered it). Times are ticks of the clock in a timed model, steps otherwise; the nodes are
 * the correct processes at the end of the run (under churn: those up at the end, each counted by
 * what its current incarnation delivered, from when it last joined).
 */
import { defineMetric, type RunRecord } from '../../src/system/metric.ts';
import type { History } from '../../src/system/history.ts';

/** Whether p delivered, in its current incarnation: under churn, a process that joined again starts afresh. */
function delivered(h: History, p: number, indication: string): boolean {
  const es = h.events(p);
  for (let i = es.length - 1; i >= 0; i--) {
    const e = es[i];
    if (e.k === 'join') return false;
    if (e.k === 'indication' && e.v.type === indication) return true;
  }
  return false;
}

function coveredAtEnd(h: History, indication: string): number {
  const nodes = h.correct();
  return nodes.length ? nodes.filter((p) => delivered(h, p, indication)).length / nodes.length : 1;
}

/** The times at which the correct processes first delivered, sorted (never-delivered left out). */
function times(run: RunRecord, indication: string): number[] {
  const first = run.firstTimes(indication);
  return run.history
    .correct()
    .map((p) => first[p])
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
}

export const coverage = defineMetric({
  name: 'coverage',
  description: 'the share of correct processes that delivered (within `within` ticks of the start, when given)',
  kind: 'value',
  params: { indication: 'deliver', within: -1 },
  make: (p) => (run) => {
    if (p.within < 0) return coveredAtEnd(run.history, p.indication);
    const nodes = run.history.correct().length;
    return nodes ? times(run, p.indication).filter((t) => t <= p.within).length / nodes : 1;
  },
  atEnd: (p) => (p.within < 0 ? (h: History) => coveredAtEnd(h, p.indication) : () => undefined),
});

export const residue = defineMetric({
  name: 'residue',
  description: 'the share of correct processes that never delivered by the end of the run',
  kind: 'value',
  params: { indication: 'deliver' },
  make: (p) => (run) => 1 - coveredAtEnd(run.history, p.indication),
  atEnd: (p) => (h) => 1 - coveredAtEnd(h, p.indication),
});

export const complete = defineMetric({
  name: 'complete',
  description: 'whether every correct process delivered by the end of the run (a probability over runs)',
  kind: 'proportion',
  params: { indication: 'deliver' },
  make: (p) => (run) => coveredAtEnd(run.history, p.indication) === 1,
  atEnd: (p) => (h) => coveredAtEnd(h, p.indication) === 1,
});

export const traffic = defineMetric({
  name: 'traffic',
  description: 'messages sent per process in the run (of one type, when `message` names it)',
  kind: 'value',
  params: { message: '' },
  make: (p) => (run) => (p.message ? run.sentOf(p.message) : run.sent) / run.n,
});

export const tAvg = defineMetric({
  name: 't-avg',
  description: 'the mean time at which a correct process first delivered (over those that did)',
  kind: 'value',
  params: { indication: 'deliver' },
  make: (p) => (run) => {
    const t = times(run, p.indication);
    return t.length ? t.reduce((s, x) => s + x, 0) / t.length : undefined;
  },
});

export const t95 = defineMetric({
  name: 't-95',
  description: 'the time by which 95 % of the correct processes had delivered (runs that never got there do not count)',
  kind: 'value',
  params: { indication: 'deliver' },
  make: (p) => (run) => {
    const t = times(run, p.indication);
    const need = Math.ceil(0.95 * run.history.correct().length);
    return need > 0 && t.length >= need ? t[need - 1] : undefined;
  },
});

export const tLast = defineMetric({
  name: 't-last',
  description: 'the time at which the last correct process first delivered (runs in which some never did do not count)',
  kind: 'value',
  params: { indication: 'deliver' },
  make: (p) => (run) => {
    const t = times(run, p.indication);
    return t.length && t.length === run.history.correct().length ? t[t.length - 1] : undefined;
  },
});
