/**
 * The words of the hygiene findings: where in the user's code a handler threw (the first
 * frame of its stack outside protocheck and node_modules), and a path that cannot be
 * serialised, with a cycle named once (`state.self refers back to state`) rather than as the
 * 200 levels the fingerprint went down before it gave up.
 */
import { fileURLToPath } from 'node:url';
import { relative, sep } from 'node:path';

const OURS = fileURLToPath(new URL('../../', import.meta.url));

/** `file:line:col` of the first stack frame in the user's code (relative to the working directory), if any. */
export function userFrame(err: unknown): string | undefined {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    let file = m[1];
    if (file.startsWith('node:') || file.startsWith('internal')) continue;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (file.startsWith(OURS) || file.includes(`${sep}node_modules${sep}`)) continue;
    const rel = relative(process.cwd(), file);
    return `${rel && !rel.startsWith('..') ? rel : file}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** How many times a path must repeat a step before it is taken for a cycle rather than for depth. */
const REPEATS = 8;

/**
 * A readable form of the path the fingerprint reported (`.state.c.self.self...`): a path that
 * ends in one step repeated many times is a cycle, named once; otherwise the path without
 * its leading dot, cut short when it is long.
 */
export function pathText(path: string, what: string): string {
  const steps = path.match(/\.[^.[\]{}<]+|\[\d+\]|\{\}|<key>|<value>/g) ?? [];
  const show = (s: string[]) => s.join('').replace(/^\./, '') || '(the root)';
  for (let unit = 1; unit * REPEATS <= steps.length; unit++) {
    const tail = steps.slice(-unit).join('');
    let k = 1;
    while ((k + 1) * unit <= steps.length && steps.slice(-(k + 1) * unit, -k * unit).join('') === tail) k++;
    if (k >= REPEATS) {
      const start = steps.length - k * unit;
      return `a cycle: ${show(steps.slice(0, start + unit))} refers back to ${show(steps.slice(0, start))}`;
    }
  }
  const text = show(steps);
  return `${what} at ${text.length > 120 ? `${text.slice(0, 119)}…` : text}`;
}
