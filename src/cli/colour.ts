/**
 * Colour in the CLI's output: on a terminal only, never when NO_COLOR is set (no-color.org),
 * and forced by FORCE_COLOR (any value but 0 or false), as Node's own tools and most of the
 * npm ecosystem read them. Piped output and CI logs stay plain text for grep and diff.
 */
export function colourWanted(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export interface Paint {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function paint(on: boolean = colourWanted()): Paint {
  return on
    ? { green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) }
    : { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
}

/** The width of text as a terminal shows it: escape sequences take no room. */
export const visibleLength = (s: string): number => s.replace(/\x1b\[[0-9;]*m/g, '').length;
