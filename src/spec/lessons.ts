/**
 * The lessons table (`specs/lessons.json`): the catalogue grouped by what it teaches, each
 * lesson a spec and the sentence it teaches. A table rather than a key in each spec: lessons
 * cut across the catalogue's folders, their order is the teaching order, one spec may teach in
 * two groups, and linking an existing spec changes nothing in it (nor in the digest its
 * committed trace records).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Lesson {
  /** The spec file, joined to the table's directory. */
  file: string;
  teaches: string;
}

export interface LessonGroup {
  title: string;
  lessons: Lesson[];
}

export const LESSONS_FILE = 'lessons.json';

/** The groups of `<dir>/lessons.json`; throws an Error whose message names what is wrong. */
export function loadLessons(dir: string): LessonGroup[] {
  const file = join(dir, LESSONS_FILE);
  if (!existsSync(file)) throw new Error(`no lessons table: ${file} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const groups = (raw as { groups?: unknown }).groups;
  if (!Array.isArray(groups)) throw new Error(`${file}: expected { "groups": [{ "title", "lessons": [{ "spec", "teaches" }] }] }`);
  return groups.map((g: { title?: unknown; lessons?: unknown }, i) => {
    if (typeof g.title !== 'string' || !Array.isArray(g.lessons)) throw new Error(`${file}: group ${i + 1} needs a "title" and a list of "lessons"`);
    return {
      title: g.title,
      lessons: g.lessons.map((l: { spec?: unknown; teaches?: unknown }, j) => {
        if (typeof l.spec !== 'string' || typeof l.teaches !== 'string') throw new Error(`${file}: lesson ${j + 1} of "${g.title}" needs a "spec" and what it "teaches"`);
        const spec = join(dir, l.spec);
        if (!existsSync(spec)) throw new Error(`${file}: lesson ${j + 1} of "${g.title}" names ${spec}, which does not exist`);
        return { file: spec, teaches: l.teaches };
      }),
    };
  });
}
