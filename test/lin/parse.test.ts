/** The EDN reader and the three history formats. */
import { describe, expect, it } from 'vitest';
import { detectFormat, Keyword, parseHistory, readEdn, toPlain, checkLinearizability } from '../../properties/linearizability/index.ts';

describe('EDN reader', () => {
  it('reads maps, vectors, lists, sets, keywords, strings, numbers, nil and booleans', () => {
    const [form] = readEdn('{:a 1, :b [1 -2 "x \\"y\\"\\n"] :c nil :d true :e (3 4) :f #{5} :g 1.5 :h sym}');
    expect(toPlain(form)).toEqual({ a: 1, b: [1, -2, 'x "y"\n'], c: null, d: true, e: [3, 4], f: [5], g: 1.5, h: 'sym' });
  });
  it('interns keywords', () => {
    const [a, b] = readEdn(':timed-out :timed-out');
    expect(a).toBe(b);
    expect(a).toBe(Keyword.of('timed-out'));
  });
  it('skips comments and #_ forms, and reads tagged values as their value', () => {
    expect(readEdn('; a comment\n1 #_ 2 3 #jepsen.history.Op{:x 1}').map(toPlain)).toEqual([1, 3, { x: 1 }]);
  });
  it('reports the line of an error', () => {
    expect(() => readEdn('{:a 1}\n{:b "open')).toThrow(/line 2, column \d+: unterminated string started on line 2/);
    expect(() => readEdn('[1 2')).toThrow(/"]" missing for the collection opened on line 1/);
    expect(() => readEdn('{:a}')).toThrow(/odd number of forms/);
    expect(() => readEdn('1)')).toThrow(/unexpected "\)"/);
  });
});

const EDN_LINES = `{:process 0, :type :invoke, :f :write, :value 3}
{:process 1, :type :invoke, :f :read, :value nil}
{:process 0, :type :ok, :f :write, :value 3}
{:process 1, :type :ok, :f :read, :value 3}
{:process 2, :type :invoke, :f :write, :value 4}
{:process 2, :type :fail, :f :write, :value 4}
{:process :nemesis, :type :info, :f :start, :value nil}
{:process 3, :type :invoke, :f :cas, :value [3 5]}
{:process 3, :type :info, :f :cas, :value [3 5]}
{:process 4, :type :invoke, :f :write, :value 6}
`;

describe('Jepsen EDN histories', () => {
  it(':ok completes, :fail drops, :info and open operations have unknown outcomes', () => {
    const h = parseHistory(EDN_LINES, { source: 'h.edn' });
    expect(h.operations).toEqual([
      { id: 0, process: 0, input: { f: 'write', value: 3 }, output: 3, call: 0, ret: 2, line: 1 },
      { id: 1, process: 1, input: { f: 'read', value: null }, output: 3, call: 1, ret: 3, line: 2 },
      { id: 2, process: 3, input: { f: 'cas', value: [3, 5] }, call: 7, ret: Infinity, line: 8 },
      { id: 3, process: 4, input: { f: 'write', value: 6 }, call: 9, ret: Infinity, line: 10 },
    ]);
    expect(checkLinearizability(h, 'cas-register').verdict).toBe('ok');
  });
  it('reads the same history inside one vector, keeping each map’s line', () => {
    const wrapped = parseHistory(`[${EDN_LINES}]`);
    expect(wrapped.operations).toEqual(parseHistory(EDN_LINES).operations);
  });
  it('keeps :key for keyed models', () => {
    const h = parseHistory('{:process 0, :type :invoke, :f :get, :key "k", :value nil}\n{:process 0, :type :ok, :f :get, :key "k", :value ""}');
    expect(h.operations[0].input).toEqual({ f: 'get', value: null, key: 'k' });
    expect(checkLinearizability(h, 'kv').verdict).toBe('ok');
  });
  it('names file and line for bad operations', () => {
    expect(() => parseHistory('{:process 0, :type :invoke, :f :read}\n{:process 0, :f :read}', { source: 'x.edn' })).toThrow(
      'x.edn:2: :type must be one of :invoke, :ok, :fail, :info, got nothing',
    );
    expect(() => parseHistory('{:process 0, :type :invoke, :f :read}\n{:process 0, :type :invoke, :f :write, :value 1}', { source: 'x.edn' })).toThrow(
      'x.edn:2: process 0 invokes :write while its :read from line 1 is still open',
    );
    expect(() => parseHistory('{:process 0, :type :ok, :f :read}', { source: 'x.edn' })).toThrow('x.edn:1: :ok for process 0, which has no open invocation');
    expect(() => parseHistory('{:process 0, :type :invoke, :f :read}\n[1 2', { source: 'x.edn' })).toThrow(/^x\.edn:2: bad EDN/);
  });
});

describe('JSON histories', () => {
  const json = `{
  "model": "register",
  "operations": [
    { "process": 0, "call": 0, "return": 3, "input": { "f": "write", "value": 1 } },
    { "process": 1, "call": 1, "return": null, "input": { "f": "write", "value": 2 } },
    { "process": "c", "call": 4, "return": 5, "input": { "f": "read" }, "output": 2 }
  ]
}`;
  it('reads operations, the model and unknown outcomes', () => {
    const h = parseHistory(json, { source: 'h.json' });
    expect(h.model).toBe('register');
    expect(h.operations).toEqual([
      { id: 0, process: 0, input: { f: 'write', value: 1 }, output: null, call: 0, ret: 3, line: 4 },
      { id: 1, process: 1, input: { f: 'write', value: 2 }, call: 1, ret: Infinity, line: 5 },
      { id: 2, process: 'c', input: { f: 'read' }, output: 2, call: 4, ret: 5, line: 6 },
    ]);
    expect(checkLinearizability(h, 'register').verdict).toBe('ok');
  });
  it('accepts a bare array of operations', () => {
    expect(parseHistory('[{ "process": 0, "call": 0, "input": { "f": "read" } }]').operations[0].ret).toBe(Infinity);
  });
  it('names file, line and problem', () => {
    expect(() => parseHistory(json.replace('"call": 4', '"call": "4"'), { source: 'h.json' })).toThrow('h.json:6: operation 2: "call" must be a number');
    expect(() => parseHistory(json.replace('"return": 3', '"return": -1'), { source: 'h.json' })).toThrow('h.json:4: operation 0: returns at -1, before its call at 0');
    expect(() => parseHistory(json.replace('"output": 2', '"outptu": 2'), { source: 'h.json' })).toThrow(/h\.json:6: operation 2: unknown field "outptu"/);
    expect(() => parseHistory('{\n "operations": [\n  {,}\n ]\n}', { source: 'h.json', format: 'json' })).toThrow(/^h\.json:3: bad JSON/);
  });
  it('reports operations the model cannot run, with their line', () => {
    const h = parseHistory(json.replace('"f": "read"', '"f": "cas"'), { source: 'h.json' });
    expect(() => checkLinearizability(h, 'register')).toThrow('h.json:6: operation 2 (process c): the register model has no operation "cas" (known: read, write); use --model cas-register');
  });
});

describe('Jepsen logs', () => {
  const log = [
    '2015-01-01 INFO  jepsen.core - Running test',
    'INFO  jepsen.util - 0\t:invoke\t:write\t1',
    'INFO  jepsen.util - 0\t:ok\t:write\t1',
    'INFO  jepsen.util - 1   :invoke :cas    [1 4]',
    'INFO  jepsen.util - 1   :fail   :cas    [1 4]',
    'INFO  jepsen.util - 2\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 2\t:fail\t:read\t:timed-out',
    'INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]',
    'INFO  jepsen.util - 3\t:info\t:cas\t:timed-out',
    'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 4\t:ok\t:read\t2',
    'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
  ].join('\n');
  it('reads tab- or space-separated lines; a failed cas returned false; timed-out and :info are unknown', () => {
    const h = parseHistory(log, { source: 'e.log' });
    expect(h.operations.map(({ input, output, call, ret, line }) => ({ input, output, call, ret, line }))).toEqual([
      { input: { f: 'write', value: 1 }, output: 1, call: 0, ret: 1, line: 2 },
      { input: { f: 'cas', value: [1, 4] }, output: false, call: 2, ret: 3, line: 4 },
      { input: { f: 'read', value: null }, output: undefined, call: 4, ret: Infinity, line: 6 },
      { input: { f: 'cas', value: [1, 2] }, output: undefined, call: 6, ret: Infinity, line: 8 },
      { input: { f: 'read', value: null }, output: 2, call: 8, ret: 9, line: 10 },
    ]);
    // cas(1, 4) failed although the write of 1 had completed before it: not linearizable...
    expect(checkLinearizability(h, 'cas-register').verdict).toBe('illegal');
    // ...while a failed cas(0, 4) is fine, and the unknown cas(1, 2) explains the read of 2
    expect(checkLinearizability(parseHistory(log.replaceAll('[1 4]', '[0 4]')), 'cas-register').verdict).toBe('ok');
  });
  it('names the line it cannot read', () => {
    expect(() => parseHistory('INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0 :ok', { source: 'e.log' })).toThrow(
      /^e\.log:2: cannot read this jepsen\.util line/,
    );
    expect(() => parseHistory('INFO  jepsen.util - 0\t:invoke\t:write\t[1', { source: 'e.log' })).toThrow(/^e\.log:1: bad value "\[1"/);
  });
});

describe('format detection', () => {
  it('tells the formats apart from the content', () => {
    expect(detectFormat('{"operations": []}')).toBe('json');
    expect(detectFormat('  [ {"process": 0} ]')).toBe('json');
    expect(detectFormat('[]')).toBe('json');
    expect(detectFormat('{:process 0, :type :invoke}')).toBe('edn');
    expect(detectFormat('[{:process 0}]')).toBe('edn');
    expect(detectFormat('INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]')).toBe('jepsen-log');
  });
  it('reads an empty file as an empty history', () => {
    expect(parseHistory('').operations).toEqual([]);
    expect(checkLinearizability(parseHistory('\n'), 'cas-register').verdict).toBe('ok');
  });
  it('asks for --format when it cannot tell', () => {
    expect(() => parseHistory('hello world', { source: 'x.txt' })).toThrow(/^x\.txt: cannot tell the format.*--format json\|edn\|jepsen-log/);
  });
  it('can be forced', () => {
    expect(() => parseHistory('{:process 0}', { format: 'json', source: 'x' })).toThrow(/^x:1: bad JSON/);
  });
});
