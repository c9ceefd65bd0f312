/**
 * protocheck observe on a large recorded history: a generated run of reliable broadcast among
 * 5 processes with 1,000,000 events (broadcasts and deliveries; every process delivers in one
 * global order, so every property holds to the end and none stops early), checked with the
 * properties in groups, each in a fresh process so that its peak RSS is its own.
 *
 *   npm run bench:observe [-- --events 1000000] [--keep out.jsonl]
 *
 * Columns: the properties, how they were checked (streamed, or the whole history held), wall
 * time, peak resident memory (the process's maxRSS: Node itself takes about 50 MB).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { observe } from '../src/observe/engine.ts';
import type { PropertyRef } from '../src/observe/events.ts';

const N = 5;

async function generate(file: string, events: number, seed = 1): Promise<void> {
  let s = seed;
  const random = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line + '\n') ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(JSON.stringify({ protocheck: 1, processes: N, properties: ['no-duplication'], settled: true }));
  const sender: number[] = [];
  const done = new Array<number>(N).fill(0);
  let t = 0;
  while (t < events) {
    const low = Math.min(...done);
    if (low === sender.length && sender.length >= Math.floor(events / (N + 1))) break; // all delivered, no broadcast left
    const canSend = sender.length < Math.floor(events / (N + 1)) && sender.length - low < 64;
    const p = Math.floor(random() * N);
    if (canSend && random() < 1 / (N + 1)) {
      sender.push(p);
      await write(JSON.stringify({ process: p, kind: 'request', value: { type: 'broadcast', m: `m${sender.length - 1}` }, time: ++t }));
    } else {
      const q = done[p] < sender.length ? p : done.indexOf(low);
      if (done[q] >= sender.length) continue;
      const i = done[q]++;
      await write(JSON.stringify({ process: q, kind: 'indication', value: { type: 'deliver', src: sender[i], m: `m${i}` }, time: ++t }));
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const GROUPS: { label: string; properties: string[]; stream: boolean }[] = [
  // finds no decision to look at: what reading and parsing the file cost
  { label: 'consensus-integrity (reading alone)', properties: ['consensus-integrity'], stream: true },
  { label: 'agreement, validity (all)', properties: ['agreement', 'validity:all'], stream: true },
  { label: 'no-duplication, no-creation', properties: ['no-duplication', 'no-creation'], stream: true },
  { label: 'fifo-order, causal-order, total-order', properties: ['fifo-order', 'causal-order', 'total-order'], stream: true },
  { label: 'all seven above', properties: ['agreement', 'validity:all', 'no-duplication', 'no-creation', 'fifo-order', 'causal-order', 'total-order'], stream: true },
  { label: 'no-duplication, no-creation', properties: ['no-duplication', 'no-creation'], stream: false },
];

const refs = (names: string[], base: string): PropertyRef[] =>
  names.map((n) => (n === 'validity:all' ? { name: 'validity', params: { recipients: 'all' }, base } : { name: n, params: {}, base }));

async function child(file: string, names: string, stream: boolean): Promise<void> {
  const start = performance.now();
  const o = await observe(file, { properties: refs(names.split(','), file), stream });
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, events: o.events, verdicts: o.properties.map((p) => `${p.verdict} (${p.route})`) }) + '\n');
}

const { values } = parseArgs({ options: { events: { type: 'string' }, keep: { type: 'string' }, child: { type: 'string' }, props: { type: 'string' }, whole: { type: 'boolean' } } });
if (values.child) await child(values.child, values.props!, !values.whole);
else {
  const events = Number(values.events ?? 1_000_000);
  const file = values.keep ?? join(mkdtempSync(join(tmpdir(), 'bench-observe-')), 'history.jsonl');
  let t = performance.now();
  await generate(file, events);
  console.log(`generated ${events.toLocaleString('en-US')} events (${(statSync(file).size / 1048576).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s: ${file}`);
  console.log('| properties | checked | time | peak RSS | verdicts |');
  console.log('|---|---|---|---|---|');
  for (const g of GROUPS) {
    t = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/observe.ts', '--child', file, '--props', g.properties.join(','), ...(g.stream ? [] : ['--whole'])], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.log(`| ${g.label} | failed: ${r.stderr.split('\n')[0]} |`);
      continue;
    }
    const j = JSON.parse(r.stdout) as { ms: number; rssMB: number; verdicts: string[] };
    const verdicts = [...new Set(j.verdicts)].join('; ');
    console.log(`| ${g.label} | ${g.stream ? 'streamed' : 'whole history'} | ${(j.ms / 1000).toFixed(1)} s | ${Math.round(j.rssMB)} MB | ${verdicts} |`);
  }
}
