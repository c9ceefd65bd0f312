/** The pieces of the CLI's presentation: wrapping cells, when to colour, annotation escapes. */
import { describe, expect, it } from 'vitest';
import { annotation, badInputAnnotations, expectLine } from '../../src/cli/annotations.ts';
import { colourWanted } from '../../src/cli/colour.ts';
import { wrap } from '../../src/cli/table.ts';

describe('wrap', () => {
  it('breaks after spaces, hyphens and commas, and never loses a character', () => {
    const text = 'violation (validity(request: "send", target: "to")) → violation (termination-of-everyone)';
    for (const width of [8, 13, 20, 44]) {
      const lines = wrap(text, width);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
      expect(lines.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    }
    expect(wrap('flooding-uniform-consensus-two-crashes-flushed', 30)).toEqual(['flooding-uniform-consensus-', 'two-crashes-flushed']);
    expect(wrap('ok → ok', 30)).toEqual(['ok → ok']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('colour', () => {
  it('on a terminal only, never with NO_COLOR, forced by FORCE_COLOR', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('GitHub annotations', () => {
  it('escape what the runner would read as syntax', () => {
    expect(annotation({ file: 'a,b:c.yaml', line: 3, title: 'x', message: '100% sure\nsecond line' })).toBe('::error file=a%2Cb%3Ac.yaml,line=3,title=x::100%25 sure%0Asecond line');
    expect(annotation({ level: 'warning', file: 'f', message: 'm' })).toBe('::warning file=f::m');
  });

  it('one per positioned line of a bad-input report, else one for the file', () => {
    expect(badInputAnnotations('s.yaml', 's.yaml:3:14: expected an integer\ns.yaml:5:1: unknown key')).toEqual([
      '::error file=s.yaml,line=3,col=14,title=bad input::expected an integer',
      '::error file=s.yaml,line=5,col=1,title=bad input::unknown key',
    ]);
    expect(badInputAnnotations('s.yaml', 's.yaml: cannot read the spec: no such file')).toEqual(['::error file=s.yaml,title=bad input::cannot read the spec: no such file']);
    expect(expectLine('model: m.ts\nparams: {}\nexpect:\n  verdict: ok\n')).toBe(3);
  });
});
