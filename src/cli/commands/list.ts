import type { RegisterCommand } from '../command.ts';
import { loadSpec } from '../../spec/spec.ts';
import { SpecError } from '../../schema/schema.ts';
import { specFiles } from '../files.ts';
import { table } from '../format.ts';
import { EXIT } from '../exit.ts';

export const registerList: RegisterCommand = (program, done) => {
  program
    .command('list')
    .description('list the specs of the catalogue with their expected verdicts')
    .argument('[dirs...]', 'directories or spec files', ['specs'])
    .option('--json', 'machine-readable list')
    .action((dirs: string[], flags: { json?: boolean }) => {
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
