// The lessons table (specs/lessons.json) behind `protocheck list --lessons`: every lesson names
// a spec of the catalogue that states its verdict, the 2PC blocking and FLP lessons are linked,
// and the command prints each group with the command to run and the sentence it teaches.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLessons } from '../../src/spec/lessons.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { cli, REPO } from '../trace/helpers.ts';

const groups = loadLessons(join(REPO, 'specs'));

describe('the lessons table', () => {
  it('groups the catalogue by what it teaches', () => {
    expect(groups.map((g) => g.title)).toEqual(['Impossibility results', 'Safety and liveness', 'Bounds: n > 2f, n > 3f, r + w > n, window < modulus, f < r', 'Timing models', 'Clocks and causality', 'Classic mistakes', 'Measured quality: gossip, probabilistic broadcast, Nakamoto']);
  });

  it('names specs that load and state their expected verdict, each lesson in one sentence', () => {
    for (const g of groups) {
      for (const l of g.lessons) {
        expect(loadSpec(l.file).expect, l.file).toBeDefined();
        expect(l.teaches, l.file).toMatch(/^[A-Z].*[.)]$/);
      }
    }
  });

  it('links the two-phase commit blocking and FLP lessons', () => {
    const files = groups.flatMap((g) => g.lessons.map((l) => l.file));
    expect(files).toContain(join(REPO, 'specs/two-phase-commit/two-phase-commit-blocking.yaml'));
    expect(files).toContain(join(REPO, 'specs/paxos/paxos-dueling.yaml'));
  });

  it('is bad input when it names a spec that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lessons-'));
    writeFileSync(join(dir, 'lessons.json'), JSON.stringify({ groups: [{ title: 'T', lessons: [{ spec: 'nope.yaml', teaches: 'Nothing.' }] }] }));
    expect(() => loadLessons(dir)).toThrow(/names .*nope\.yaml, which does not exist/);
    const r = cli(['list', '--lessons', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.yaml, which does not exist/);
  });
});

describe('protocheck list --lessons', () => {
  it('prints each group, the command to run and the sentence it teaches', () => {
    const r = cli(['list', '--lessons']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Impossibility results\n  protocheck check specs/impossibility/two-generals.yaml\n      No protocol with k messages');
    expect(r.out).toContain('  protocheck check specs/paxos/paxos-dueling.yaml\n      FLP:');
  });

  it('gives the same as JSON', () => {
    const r = cli(['list', '--lessons', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { title: string; lessons: { command: string; teaches: string }[] }[];
    expect(json.length).toBe(groups.length);
    expect(json[0].lessons[0].command).toBe('protocheck check specs/impossibility/two-generals.yaml');
  });
});
