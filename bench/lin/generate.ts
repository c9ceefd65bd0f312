/**
 * Generated single-register histories in the Jepsen etcd-log format, linearizable or not
 * by construction, for the linearizability benchmarks (bench/lin-vs.ts, bench/lin-scale.ts).
 *
 * Clients invoke read, write and cas (equally likely, values 0..4 as Jepsen's etcd test);
 * each operation takes effect atomically at a uniformly random instant between its
 * invocation and its completion, and its output is what the register gave at that instant,
 * so the history is linearizable. A fraction of operations end `:info` (unknown outcome):
 * they take effect or not (even odds), and their client continues as a new process, as
 * Jepsen's do. An illegal history differs in one completed read, about 90 % of the way
 * through, which reports 99: a value nobody wrote.
 */

export interface HistorySpec {
  /** File name, without the extension. */
  name: string;
  ops: number;
  clients: number;
  /** Fraction of operations that end :info. */
  unknown: number;
  illegal: boolean;
  seed: number;
  /** Values written are 0..values-1 (default 5). */
  values?: number;
  /** Pause of a client between two operations, as a fraction of the mean duration (default 1: clients are idle about half the time). */
  think?: number;
}

/** mulberry32: small, fast, and the same stream everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'read' | 'write' | 'cas';
interface Op {
  process: number;
  kind: Kind;
  arg: number | [number, number] | null;
  call: number;
  effect: number;
  ret: number;
  unknown: boolean;
  applies: boolean;
  output?: number | null | boolean;
}

const NOBODY_WROTE = 99;

/** The history as etcd-log text, with its verdict (`ok` or `illegal`). */
export function generate(spec: HistorySpec): { text: string; expected: 'ok' | 'illegal' } {
  const rnd = random(spec.seed);
  const VALUES = spec.values ?? 5;
  const think = spec.think ?? 1;
  const int = (n: number) => Math.floor(rnd() * n);
  // next invocation time and current process id of each client
  const next = Array.from({ length: spec.clients }, () => rnd());
  const proc = Array.from({ length: spec.clients }, (_, c) => c);
  const ops: Op[] = [];
  for (let i = 0; i < spec.ops; i++) {
    let c = 0;
    for (let k = 1; k < spec.clients; k++) if (next[k] < next[c]) c = k;
    const call = next[c];
    const dur = 0.5 + rnd();
    const ret = call + dur;
    const kind: Kind = (['read', 'write', 'cas'] as const)[int(3)];
    const arg = kind === 'read' ? null : kind === 'write' ? int(VALUES) : ([int(VALUES), int(VALUES)] as [number, number]);
    const unknown = rnd() < spec.unknown;
    ops.push({ process: proc[c], kind, arg, call, effect: call + rnd() * dur, ret, unknown, applies: !unknown || rnd() < 0.5 });
    next[c] = ret + rnd() * think;
    if (unknown) proc[c] += spec.clients;
  }
  // outputs: apply the effects in the order of their instants
  let state: number | null = null;
  for (const op of [...ops].sort((a, b) => a.effect - b.effect)) {
    if (!op.applies) continue;
    if (op.kind === 'read') op.output = state;
    else if (op.kind === 'write') state = op.arg as number;
    else {
      const [from, to] = op.arg as [number, number];
      op.output = state === from;
      if (state === from) state = to;
    }
  }
  if (spec.illegal) {
    const start = Math.floor(ops.length * 0.9);
    const victim = ops.slice(start).find((o) => o.kind === 'read' && !o.unknown);
    if (!victim) throw new Error(`${spec.name}: no completed read after 90 % of the history`);
    victim.output = NOBODY_WROTE;
  }
  const events: { t: number; line: string }[] = [];
  const show = (v: number | [number, number] | null | undefined) => (v === null || v === undefined ? 'nil' : Array.isArray(v) ? `[${v[0]} ${v[1]}]` : String(v));
  for (const op of ops) {
    events.push({ t: op.call, line: `${op.process}\t:invoke\t:${op.kind}\t${show(op.arg)}` });
    let end: string;
    if (op.unknown) end = `:info\t:${op.kind}\t:timed-out`;
    else if (op.kind === 'read') end = `:ok\t:read\t${show(op.output as number | null)}`;
    else if (op.kind === 'write') end = `:ok\t:write\t${show(op.arg)}`;
    else end = `${op.output ? ':ok' : ':fail'}\t:cas\t${show(op.arg)}`;
    events.push({ t: op.ret, line: `${op.process}\t${end}` });
  }
  events.sort((a, b) => a.t - b.t);
  const text = events.map((e) => `INFO  jepsen.util - ${e.line}\n`).join('');
  return { text, expected: spec.illegal ? 'illegal' : 'ok' };
}

/** The histories of issue 22's table, and the harder ones Porcupine cannot decide in 60 s. */
export const TABLE: HistorySpec[] = [
  { name: 'ops1k-c5-ok', ops: 1_000, clients: 5, unknown: 0.01, illegal: false, seed: 1 },
  { name: 'ops1k-c10-ok', ops: 1_000, clients: 10, unknown: 0.01, illegal: false, seed: 2 },
  { name: 'ops1k-c5-bad', ops: 1_000, clients: 5, unknown: 0.01, illegal: true, seed: 3 },
  { name: 'ops1k-c10-bad', ops: 1_000, clients: 10, unknown: 0.01, illegal: true, seed: 4 },
  { name: 'ops10k-c10-bad-nounk', ops: 10_000, clients: 10, unknown: 0, illegal: true, seed: 5 },
  { name: 'ops50k-c5-ok', ops: 50_000, clients: 5, unknown: 0.01, illegal: false, seed: 6 },
  { name: 'ops50k-c10-ok', ops: 50_000, clients: 10, unknown: 0.01, illegal: false, seed: 7 },
  { name: 'ops100k-c5-bad-nounk', ops: 100_000, clients: 5, unknown: 0, illegal: true, seed: 8 },
  { name: 'ops100k-c10-ok', ops: 100_000, clients: 10, unknown: 0.01, illegal: false, seed: 9 },
  { name: 'ops100k-c5-bad', ops: 100_000, clients: 5, unknown: 0.01, illegal: true, seed: 10 },
  { name: 'ops100k-c10-bad', ops: 100_000, clients: 10, unknown: 0.01, illegal: true, seed: 11 },
];

export const HARD: HistorySpec[] = [
  { name: 'ops1k-c20-ok', ops: 1_000, clients: 20, unknown: 0.01, illegal: false, seed: 21 },
  { name: 'ops1k-c20-bad', ops: 1_000, clients: 20, unknown: 0.01, illegal: true, seed: 22 },
  { name: 'ops1k-c50-ok', ops: 1_000, clients: 50, unknown: 0.01, illegal: false, seed: 23 },
  { name: 'ops1k-c50-bad', ops: 1_000, clients: 50, unknown: 0.01, illegal: true, seed: 24 },
  { name: 'ops10k-c10-ok', ops: 10_000, clients: 10, unknown: 0.01, illegal: false, seed: 25 },
  { name: 'ops10k-c10-bad', ops: 10_000, clients: 10, unknown: 0.01, illegal: true, seed: 26 },
  { name: 'ops10k-c20-ok', ops: 10_000, clients: 20, unknown: 0.01, illegal: false, seed: 27 },
];
