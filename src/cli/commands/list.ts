import type { RegisterCommand } from '../command.ts';
import { loadSpec } from '../../spec/spec.ts';
import { SpecError } from '../../schema/schema.ts';
import { specFiles } from '../files.ts';
import { table } from '../format.ts';
import { EXIT, UserError } from '../exit.ts';
import { loadLessons } from '../../spec/lessons.ts';

export const registerList: RegisterCommand = (program, done) => {
  program
    .command('list')
    .description('list the specs of the catalogue with their expected verdicts')
    .argument('[dirs...]', 'directories or spec files', ['specs'])
    .option('--json', 'machine-readable list')
    .option('--lessons', "the catalogue grouped by what it teaches (the directory's lessons.json): the command to run and the sentence it teaches")
    .action((dirs: string[], flags: { json?: boolean; lessons?: boolean }) => {
      if (flags.lessons) return done(listLessons(dirs[0], flags.json));
      const rows: { file: string; name: string; expected: string; description: string }[] = [];
      let code: number = EXIT.ok;
      for (const file of specFiles(dirs)) {
        try {
          const s = loadSpec(file);
          const e = s.expect;
          const expected = !e ? '-' : e.verdict === 'ok' ? `ok${e.states !== undefined ? ` (${e.states} states)` : ''}` : `violation${e.property ? ` of ${e.property}` : ''}`;
          rows.push({ file, name: s.name, expected, description: s.description?.split('\n')[0] ?? '' });
        } catch (err) {
          if (!(err instanceof SpecError)) throw err;
          rows.push({ file, name: '(invalid spec)', expected: '-', description: err.issues[0]?.message ?? err.message });
          code = EXIT.usage;
        }
      }
      if (flags.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else process.stdout.write(table(['spec', 'file', 'expected', 'description'], rows.map((r) => [r.name, r.file, r.expected, r.description.length > 70 ? r.description.slice(0, 69) + '…' : r.description])) + '\n');
      done(code);
    });
};

function listLessons(dir: string, json: boolean | undefined): number {
  let groups;
  try {
    groups = loadLessons(dir);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  if (json) process.stdout.write(JSON.stringify(groups.map((g) => ({ title: g.title, lessons: g.lessons.map((l) => ({ command: `protocheck check ${l.file}`, teaches: l.teaches })) })), null, 2) + '\n');
  else process.stdout.write(groups.map((g) => `${g.title}\n${g.lessons.map((l) => `  protocheck check ${l.file}\n      ${l.teaches}`).join('\n')}`).join('\n\n') + '\n');
  return EXIT.ok;
}
