/** Every Porcupine history reaches the verdict its expected.tsv gives. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { casRegister, checkLinearizability, kv, parseHistory, renderResult } from '../../properties/linearizability/index.ts';
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

for (const { dir, ext, model } of suites) {
  describe(dir, () => {
    const rows = expected(dir);
    it('expected.tsv covers every history file', () => {
      const files = readdirSync(join(DATA, dir)).filter((f) => f.endsWith(ext));
      expect(rows.map(([name]) => name + ext).sort()).toEqual(files.sort());
      expect(rows.length).toBeGreaterThan(0);
    });
    it.each(rows)('%s is %s', (name, verdict) => {
      const file = join(DATA, dir, name + ext);
      const history = parseHistory(readFileSync(file, 'utf8'), { source: file });
      const r = checkLinearizability(history, model);
      expect(r.verdict).toBe(verdict === 'ok' ? 'ok' : 'illegal');
      if (r.verdict === 'ok') assertWitness(r, model);
      else {
        const f = r.failed!;
        expect(f.stuck!.length).toBeGreaterThan(0);
        expect(renderResult(r, model)).toContain('NOT LINEARIZABLE');
      }
    });
  });
}
