/**
 * GitHub Actions annotations: on a runner (GITHUB_ACTIONS=true), a failed expectation or bad
 * input is also printed as a workflow command, `::error file=...,line=...::message`, which the
 * runner shows on the file's line in the pull request and strips from the log.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { SpecIssue } from '../schema/schema.ts';

export const annotating = (env: NodeJS.ProcessEnv = process.env): boolean => env.GITHUB_ACTIONS === 'true';

// the runner's escapes: data loses %, CR and LF; a property value also ':' and ','
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export interface Annotation {
  level?: 'error' | 'warning';
  file: string;
  line?: number;
  col?: number;
  title?: string;
  message: string;
}

export function annotation(a: Annotation): string {
  const props = [`file=${prop(a.file)}`, ...(a.line !== undefined ? [`line=${a.line}`] : []), ...(a.col !== undefined ? [`col=${a.col}`] : []), ...(a.title ? [`title=${prop(a.title)}`] : [])];
  return `::${a.level ?? 'error'} ${props.join(',')}::${data(a.message)}`;
}

/** A `file:line:col: message` line as bad input reports it, back into its parts. */
export function issueOfLine(line: string): SpecIssue | undefined {
  const m = /^(.+?):(\d+):(\d+): (.*)$/.exec(line);
  return m ? { file: m[1], line: Number(m[2]), col: Number(m[3]), message: m[4] } : undefined;
}

/** The annotations of a bad-input report: one per positioned line, or one for the file. */
export function badInputAnnotations(file: string, message: string): string[] {
  const out: string[] = [];
  for (const text of message.split('\n')) {
    const i = issueOfLine(text);
    if (i) out.push(annotation({ file: i.file, line: i.line, col: i.col, title: 'bad input', message: i.message }));
  }
  return out.length ? out : [annotation({ file, title: 'bad input', message: message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message })];
}

/** The line of a spec's `expect:` key (where an unmet expectation is shown), else 1. */
export function expectLine(source: string): number {
  const lines = source.split('\n');
  const k = lines.findIndex((l) => /^expect\s*:/.test(l));
  return k < 0 ? 1 : k + 1;
}
