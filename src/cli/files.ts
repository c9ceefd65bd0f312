import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './exit.ts';

/** Expands files and directories into spec files: a directory means every *.yaml below it, in sorted order. */
export function specFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  if (out.length === 0) throw new UserError(`no spec files (*.yaml) under ${paths.join(', ')}`);
  return out;
}

/** An output file that exists already is replaced only with `--force`: nothing is overwritten without a word. */
export function checkOverwrite(file: string, force: boolean | undefined): void {
  if (!force && existsSync(file)) throw new UserError(`${file} exists already: add --force to replace it, or write elsewhere with -o`);
}
