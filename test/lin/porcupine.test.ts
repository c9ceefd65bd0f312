/** Every Porcupine history reaches the verdict its expected.tsv gives, with each algorithm and with the portfolio. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { casRegister, checkLinearizability, kv, parseHistory, Portfolio, renderResult, type CheckResult, type Model } from '../../properties/linearizability/index.ts';
import { assertWitness, DATA } from './helpers.ts';

function expected(dir: string): [string, string][] {
  const tsv = readFileSync(join(DATA, dir, 'expected.tsv'), 'utf8');
  return tsv
    .trim()
    .split('\n')
    .map((l) => l.split('\t') as [string, string]);
}

const suites = [
  { dir: 'jepsen-etcd', ext: '.log', model: casRegister },
  { dir: 'kv', ext: '.txt', model: kv },
];

function judge(r: CheckResult, verdict: string, model: Model<any>) {
  expect(r.verdict).toBe(verdict === 'ok' ? 'ok' : 'illegal');
  if (r.verdict === 'ok') assertWitness(r, model);
  else {
    const f = r.failed!;
    expect(f.stuck!.length).toBeGreaterThan(0);
    expect(f.linearizableUntil).toBeTypeOf('number');
    expect(renderResult(r, model)).toContain('NOT LINEARIZABLE');
  }
}

const pool = new Portfolio();
afterAll(() => pool.close());

for (const { dir, ext, model } of suites) {
  describe(dir, () => {
    const rows = expected(dir);
    const load = (name: string) => {
      const file = join(DATA, dir, name + ext);
      return parseHistory(readFileSync(file, 'utf8'), { source: file });
    };
    it('expected.tsv covers every history file', () => {
      const files = readdirSync(join(DATA, dir)).filter((f) => f.endsWith(ext));
      expect(rows.map(([name]) => name + ext).sort()).toEqual(files.sort());
      expect(rows.length).toBeGreaterThan(0);
    });
    for (const algorithm of ['wgl', 'jit'] as const) {
      it.each(rows)(`${algorithm}: %s is %s`, (name, verdict) => judge(checkLinearizability(load(name), model, { algorithm }), verdict, model));
    }
    it.each(rows)('portfolio on two threads: %s is %s', async (name, verdict) => judge(await pool.check(load(name), model), verdict, model));
  });
}
