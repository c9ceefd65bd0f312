import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegisterCommand } from '../command.ts';
import { EXIT, UserError } from '../exit.ts';
import { GITIGNORE, packageJson, PROPERTIES, PROTOCOL, SPEC_OK, SPEC_VIOLATION, TEST, type Versions } from '../init/templates.ts';

/** This protocheck's version and the vitest it is tested with, from its package.json (found upward from this module: src/ or dist/src/). */
function versions(): Versions {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    const file = join(d, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string; devDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    if (pkg.name !== 'protocheck') continue;
    const vitest = (pkg.devDependencies?.vitest ?? pkg.peerDependencies?.vitest ?? '4').replace(/^[^\d]*/, '');
    return { protocheck: pkg.version, vitest };
  }
  return { protocheck: '0.1.0', vitest: '4' };
}

/** A package name from a folder's name: lower case, letters, digits, - . _ */
const packageName = (dir: string) => basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'my-protocol';

export function scaffold(dir: string, force = false): string[] {
  const files: [string, string][] = [
    ['package.json', packageJson(packageName(dir), versions())],
    ['.gitignore', GITIGNORE],
    ['specs/ask-everyone.ts', PROTOCOL],
    ['specs/props.ts', PROPERTIES],
    ['specs/ask-everyone.yaml', SPEC_OK],
    ['specs/ask-majority.yaml', SPEC_VIOLATION],
    ['test/specs.test.ts', TEST],
  ];
  // all or nothing: no file is replaced without --force, and none is written if one would be
  const taken = force ? [] : files.filter(([f]) => existsSync(join(dir, f))).map(([f]) => join(dir, f));
  if (taken.length) throw new UserError(`${taken.join(', ')} exist${taken.length === 1 ? 's' : ''} already: add --force to replace ${taken.length === 1 ? 'it' : 'them'}, or init another folder`, EXIT.usage);
  try {
    for (const [f, text] of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
  } catch (err) {
    throw new UserError(`cannot write into ${dir}: ${(err as Error).message}`, EXIT.usage);
  }
  return files.map(([f]) => join(dir, f));
}

export const registerInit: RegisterCommand = (program, done) => {
  program
    .command('init')
    .description('scaffold a protocol project in <dir>: a protocol, properties of its own, two specs (one holds, one fails as expected) and a vitest test, which pass as written')
    .argument('<dir>', 'the folder to write into (created if need be)')
    .option('--force', 'replace files that exist already')
    .action((dir: string, flags: { force?: boolean }) => {
      const written = scaffold(dir, flags.force);
      process.stdout.write(`${written.map((f) => `wrote ${f}`).join('\n')}\n\nnext:\n  cd ${dir}\n  npm install\n  npx protocheck check specs    # both specs meet their expectations\n  npx vitest run                # the same, as tests\n`);
      done(EXIT.ok);
    });
};
