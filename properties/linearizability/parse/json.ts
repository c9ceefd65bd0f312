/**
 * protocheck's JSON history format (see README.md):
 *
 *   { "model": "register",
 *     "operations": [
 *       { "process": 0, "call": 0, "return": 3, "input": { "f": "write", "value": 1 } },
 *       { "process": 1, "call": 1, "return": null, "input": { "f": "read" } } ] }
 *
 * `return` null or absent = unknown outcome. A bare array of operations is accepted too.
 */
import { HistoryError, type History, type Operation } from '../history.ts';

export function parseJsonHistory(text: string, source?: string): History {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineAt(text, Number(pos[1])) : undefined;
    throw new HistoryError(`bad JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, source, line);
  }
  const lines = operationLines(text);
  let list: unknown;
  let model: string | undefined;
  if (Array.isArray(doc)) list = doc;
  else if (doc !== null && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!['model', 'operations', 'description'].includes(k))
        throw new HistoryError(`unknown top-level field "${k}" (known: model, operations, description)`, source, 1);
    if (o.model !== undefined && typeof o.model !== 'string') throw new HistoryError('"model" must be a string', source, 1);
    model = o.model as string | undefined;
    list = o.operations;
    if (!Array.isArray(list)) throw new HistoryError('"operations" must be an array of operations', source, 1);
  } else throw new HistoryError('expected an object with "operations", or an array of operations', source, 1);

  const operations = (list as unknown[]).map((raw, id): Operation => {
    const line = lines[id];
    const bad = (msg: string): never => {
      throw new HistoryError(`operation ${id}: ${msg}`, source, line);
    };
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return bad('expected an object');
    const o = raw as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!['process', 'call', 'return', 'input', 'output', 'id'].includes(k)) bad(`unknown field "${k}" (known: process, call, return, input, output)`);
    if (typeof o.process !== 'number' && typeof o.process !== 'string') bad('"process" must be a number or a string');
    if (typeof o.call !== 'number') bad('"call" must be a number');
    if (o.return !== undefined && o.return !== null && typeof o.return !== 'number') bad('"return" must be a number, or null for an unknown outcome');
    if (!('input' in o)) bad('"input" is missing');
    const ret = typeof o.return === 'number' ? o.return : Infinity;
    if (ret < (o.call as number)) bad(`returns at ${ret}, before its call at ${String(o.call)}`);
    const op: Operation = { id, process: o.process as number | string, input: o.input, call: o.call as number, ret };
    if (ret !== Infinity) op.output = o.output ?? null;
    if (line !== undefined) op.line = line;
    return op;
  });
  return { operations, ...(model === undefined ? {} : { model }), ...(source === undefined ? {} : { source }) };
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line each element of the operations array starts on, from a light scan
 * of the text (JSON.parse keeps no positions).
 */
function operationLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inArray = -1; // depth of the operations array's elements, once found
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1) lastKey = text.slice(start + 1, i);
    } else if (c === '[' || c === '{') {
      if (inArray < 0 && c === '[' && (depth === 0 || (depth === 1 && lastKey === 'operations'))) inArray = depth + 1;
      else if (depth === inArray) out.push(line);
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
    }
  }
  return out;
}
