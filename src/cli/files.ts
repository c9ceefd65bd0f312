import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './exit.ts';

/** How `filesUnder` names what it looks for and what it skips. */
export interface FileSearch {
  /** A file below a directory that is one (a file named directly always is). */
  keep: RegExp;
  /** Directories and files below a directory that are not looked at (default: hidden ones). */
  skip?: (name: string) => boolean;
  /** The message for a path that does not exist. */
  missing: (path: string) => string;
  /** The message when nothing is found. */
  none: string;
}

/** Expands files and directories into files: a directory means every file below it that `keep` matches, in sorted order. */
export function filesUnder(paths: string[], search: FileSearch): string[] {
  const skip = search.skip ?? ((name: string) => name.startsWith('.'));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (search.keep.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError(search.missing(p));
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  if (out.length === 0) throw new UserError(search.none.replace('{paths}', paths.join(', ')));
  return out;
}

/** Hidden files and directories, and node_modules. */
export const hiddenOrModules = (name: string) => name.startsWith('.') || name === 'node_modules';

/** Expands files and directories into spec files: a directory means every *.yaml below it, in sorted order. */
export function specFiles(paths: string[]): string[] {
  return filesUnder(paths, { keep: /\.ya?ml$/, skip: hiddenOrModules, missing: (p) => `no such file or directory: ${p}`, none: 'no spec files (*.yaml) under {paths}' });
}

/** An output file that exists already is replaced only with `--force`: nothing is overwritten without a word. */
export function checkOverwrite(file: string, force: boolean | undefined): void {
  if (!force && existsSync(file)) throw new UserError(`${file} exists already: add --force to replace it, or write elsewhere with -o`);
}
