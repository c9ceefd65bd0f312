/**
 * Hostile input, generated (issue 15): random mutations of every catalogue spec, every
 * committed trace and a few histories (lines deleted, duplicated or cut short, values of
 * another type, unicode, huge numbers) must each end with an exit code of 0 to 3 and never
 * print a stack trace. The CLI runs in this process (`main(argv)`), checks on its watchdog
 * thread with small limits, so that hundreds of cases fit in seconds.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { specFiles } from '../../src/cli/files.ts';
import { REPO, run, STACK, tmp } from './helpers.ts';

const dir = tmp('fuzz');
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
let cases = 0;
const codes: Record<string, number> = {};
const t0 = performance.now();

type Mutation = (text: string) => string;

const lines = (t: string) => t.split('\n');
const VALUES = ['[]', '{}', '"text"', '42', '-1', '0', '3.5', 'true', 'null', '[[1, 2], [3]]', '{ a: { b: 1 } }', "'2'"];
const HUGE = ['1e9', '-1e9', '1e308', '9007199254740993', '99999999999999999999999', '-0', '.inf', '.nan', '2147483648'];

/** One mutation of a text file, chosen and placed by fast-check. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i) => (t: string) => lines(t).filter((_, k) => k !== i % Math.max(1, lines(t).length)).join('\n')),
  fc.nat().map((i) => (t: string) => {
    const ls = lines(t);
    const k = i % ls.length;
    return [...ls.slice(0, k + 1), ls[k], ...ls.slice(k + 1)].join('\n');
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...VALUES)).map(([i, v]) => (t: string) => {
    const ls = lines(t);
    const keyed = ls.map((l, k) => (/^\s*-?\s*[\w.-]+:\s*\S/.test(l) ? k : -1)).filter((k) => k >= 0);
    if (keyed.length === 0) return t;
    const k = keyed[i % keyed.length];
    ls[k] = ls[k].replace(/^(\s*-?\s*[\w.-]+:\s*).*$/, `$1${v}`);
    return ls.join('\n');
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 })).map(([i, u]) => (t: string) => {
    const at = i % (t.length + 1);
    return t.slice(0, at) + u + t.slice(at);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...HUGE)).map(([i, h]) => (t: string) => {
    const numbers = [...t.matchAll(/(?<![\w.])\d+(?![\w.])/g)];
    if (numbers.length === 0) return t;
    const m = numbers[i % numbers.length];
    return t.slice(0, m.index) + h + t.slice(m.index! + m[0].length);
  }),
  fc.nat().map((i) => (t: string) => t.slice(0, i % (t.length + 1))),
);

const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** Runs the mutated file through the CLI and checks the rules; returns nothing, throws on a broken rule. */
async function attempt(what: string, text: string, ext: string, argv: (file: string) => string[]): Promise<void> {
  const file = join(dir, `case-${++cases}${ext}`);
  writeFileSync(file, text);
  const r = await run(...argv(file));
  const output = r.out + r.err;
  codes[String(r.code)] = (codes[String(r.code)] ?? 0) + 1;
  expect(r.code, `${what}: exit code ${r.code}\n${text}\n---\n${output}`).toBeGreaterThanOrEqual(0);
  expect(r.code, `${what}: exit code ${r.code}\n${text}\n---\n${output}`).toBeLessThanOrEqual(3);
  expect(output, `${what}: a stack trace\n${text}`).not.toMatch(STACK);
}

/** A spec whose relative paths (its module, its property modules) point where the original's do, so that it works from another folder. */
function absolute(spec: string): string {
  const from = dirname(resolve(REPO, spec));
  return readFileSync(spec, 'utf8').replace(/(^|[\s[{,'"])\.\.?\//gm, (m, pre: string) => `${pre}${resolve(from, m.slice(pre.length))}/`);
}

const SPECS = specFiles(['specs']).map((f) => ({ f, text: absolute(f) }));
const TRACES = readdirSync('traces').filter((f) => f.endsWith('.trace.yaml')).map((f) => ({ f, text: readFileSync(join('traces', f), 'utf8') }));
const HISTORY = {
  model: 'register',
  operations: [
    { process: 0, call: 0, return: 2, input: { f: 'write', value: 1 } },
    { process: 1, call: 1, return: 3, input: { f: 'read' }, output: 1 },
    { process: 2, call: 4, return: 5, input: { f: 'read' }, output: 0 },
  ],
};
const HISTORIES = [
  { f: 'etcd_000.log', text: readFileSync('test/data/porcupine/jepsen-etcd/etcd_000.log', 'utf8'), args: ['--model', 'cas-register'], ext: '.log' },
  { f: 'c01-ok.txt', text: readFileSync('test/data/porcupine/kv/c01-ok.txt', 'utf8'), args: ['--model', 'kv'], ext: '.edn' },
  { f: 'history.json', text: JSON.stringify(HISTORY, null, 1), args: [], ext: '.json' },
];

const LIMITS = ['--max-states', '300', '--time-limit', '1', '--no-expect'];

describe('hostile input, generated', () => {
  it('mutated catalogue specs: check ends with 0..3, no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SPECS.length - 1), mutations, async (i, ms) => {
        const { f, text } = SPECS[i];
        await attempt(`check ${f}`, ms.reduce((t, m) => m(t), text), '.yaml', (file) => ['check', file, ...LIMITS, '--trace-dir', join(dir, 'traces')]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('mutated specs in simulate too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SPECS.length - 1), mutations, async (i, ms) => {
        const { f, text } = SPECS[i];
        await attempt(`simulate ${f}`, ms.reduce((t, m) => m(t), text), '.yaml', (file) => ['simulate', file, '--runs', '20', '--depth', '20', '--time-limit', '1', '--no-expect', '--trace-dir', join(dir, 'traces')]);
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });

  it('mutated committed traces: replay ends with 0..3, no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(TRACES.length - 1), mutations, async (i, ms) => {
        const { f, text } = TRACES[i];
        await attempt(`replay ${f}`, ms.reduce((t, m) => m(t), text), '.trace.yaml', (file) => ['replay', file, '--quiet']);
      }),
      { seed: SEED + 2, numRuns: 150 },
    );
  });

  it('mutated histories: lin ends with 0..3, no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(HISTORIES.length - 1), mutations, async (i, ms) => {
        const { f, text, args, ext } = HISTORIES[i];
        await attempt(`lin ${f}`, ms.reduce((t, m) => m(t), text), ext, (file) => ['lin', file, ...args, '--timeout', '2']);
      }),
      { seed: SEED + 3, numRuns: 90 },
    );
  });

  afterAll(() => {
    const by = Object.entries(codes).map(([c, n]) => `${n} exit ${c}`).join(', ');
    console.log(`hostile input: ${cases} generated cases in ${((performance.now() - t0) / 1000).toFixed(1)} s (${by}; seed ${SEED}, FUZZ_SEED=<n> for another)`);
  });
});
