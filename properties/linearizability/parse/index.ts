/** parseHistory: reads any supported format, detected from the content unless forced. */
import { HistoryError, type History } from '../history.ts';
import { parseEdnHistory } from './edn-history.ts';
import { JEPSEN_LOG_LINE, parseJepsenLog } from './jepsen-log.ts';
import { parseJsonHistory } from './json.ts';

export const FORMATS = ['json', 'edn', 'jepsen-log'] as const;
export type HistoryFormat = (typeof FORMATS)[number];

export interface ParseOptions {
  /** Skip detection. */
  format?: HistoryFormat;
  /** File name for messages. */
  source?: string;
}

export function parseHistory(text: string, options: ParseOptions = {}): History {
  const format = options.format ?? detectFormat(text, options.source);
  switch (format) {
    case 'json':
      return parseJsonHistory(text, options.source);
    case 'edn':
      return parseEdnHistory(text, options.source);
    case 'jepsen-log':
      return parseJepsenLog(text, options.source);
    default:
      throw new HistoryError(`unknown format "${String(format)}" (known: ${FORMATS.join(', ')})`, options.source);
  }
}

/**
 * JSON starts with `{"` or `[`+`{"`; EDN with `{:`, `[{:`, `#`, `;` or `(`;
 * a Jepsen log has `jepsen.util - <process> :<type>` lines.
 */
export function detectFormat(text: string, source?: string): HistoryFormat {
  if (JEPSEN_LOG_LINE.test(text.slice(0, 64 * 1024))) return 'jepsen-log';
  const m = /^\s*([[{(#;]?)\s*([[{]?)\s*(\S?)/.exec(text);
  const [, open, inner, first] = m ?? ['', '', '', ''];
  if (open === '#' || open === ';' || open === '(' || first === ':') return 'edn';
  if (open !== '' && (first === '"' || first === '' || first === ']' || first === '}' || (open === '[' && inner === '' && /[\d\-tfn]/.test(first)))) return 'json';
  if (text.trim() === '') return 'edn'; // no forms: an empty history
  throw new HistoryError('cannot tell the format of this history: not JSON, Jepsen EDN or a Jepsen log (force one with --format json|edn|jepsen-log)', source);
}
