/**
 * The catalogue table for a person: spec, verdict (expected → got, in full), states, time, in
 * at most 100 columns. Its widths are fixed in advance, so that each row is printed as its spec
 * completes, before the others are known (also into a pipe or a CI log); a cell too long for
 * its column is wrapped onto further lines, never cut. `--wide` prints the table of every
 * column instead (report.ts), once all are known.
 */
import type { SpecOutcome } from '../spec/run.ts';
import { paint, type Paint } from './colour.ts';
import { int, seconds } from './format.ts';

export const TABLE_WIDTH = 100;
const SPEC = 30;
const STATES = 10;
const TIME = 7;
/** The mark, the cells and the gaps of two between them fill the width. */
const VERDICT = TABLE_WIDTH - (1 + SPEC + STATES + TIME + 4 * 2);

/** Splits text into lines of at most `width`, after a space, a hyphen or a comma where it can, mid-word only when a word is longer than a line. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = width;
    for (let i = width; i > 0; i--) {
      if (rest[i] === ' ' || '-,/'.includes(rest[i - 1])) {
        cut = i;
        break;
      }
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

export interface Row {
  /** Whether the spec passed (its exit code 0). */
  met: boolean;
  spec: string;
  verdict: string;
  states: string;
  time: string;
}

const describeExpected = (o: SpecOutcome): string => {
  const e = o.spec.expect;
  if (!e) return '';
  return e.verdict === 'violation' ? `violation${e.property ? ` (${e.property})` : ''}` : 'ok';
};

const describeGot = (o: SpecOutcome): string => {
  const r = o.result;
  if (r.verdict === 'violation') return `violation (${r.violation!.property})`;
  if (o.stopped === 'interrupted') return 'interrupted';
  if (r.verdict === 'inconclusive') return `inconclusive (${r.limit?.kind ?? 'a limit'})`;
  return r.verdict;
};

/** A spec's row; `met`: whether its exit code is 0 (with --no-expect the expectation is not shown, as it did not count). */
export function rowOf(o: SpecOutcome, met: boolean, useExpectations = true): Row {
  const expected = useExpectations ? describeExpected(o) : '';
  return {
    met,
    spec: o.spec.name,
    verdict: expected ? `${expected} → ${describeGot(o)}` : describeGot(o),
    states: int(o.result.stats.distinct),
    time: seconds(o.result.stats.timeMs),
  };
}

export const badInputRow = (file: string): Row => ({ met: false, spec: file, verdict: 'bad input', states: '-', time: '-' });

export class StreamTable {
  constructor(private readonly p: Paint = paint()) {}

  header(): string {
    const cells = [' ', 'spec'.padEnd(SPEC), 'verdict (expected → got)'.padEnd(VERDICT), 'states'.padStart(STATES), 'time'.padStart(TIME)];
    return `${cells.join('  ').trimEnd()}\n${'-'.repeat(TABLE_WIDTH)}`;
  }

  /** A row's lines (one, or more where a cell wraps). */
  row(r: Row): string {
    const spec = wrap(r.spec, SPEC);
    const verdict = wrap(r.verdict, VERDICT);
    const mark = r.met ? this.p.green('✓') : this.p.red('✗');
    const lines: string[] = [];
    for (let k = 0; k < Math.max(spec.length, verdict.length); k++) {
      const first = k === 0;
      const v = verdict[k] ?? '';
      const cells = [first ? mark : ' ', (spec[k] ?? '').padEnd(SPEC), (r.met === false ? this.p.red(v) : v) + ' '.repeat(VERDICT - v.length), (first ? r.states : '').padStart(STATES), (first ? r.time : '').padStart(TIME)];
      lines.push(cells.join('  ').trimEnd());
    }
    return lines.join('\n');
  }
}
