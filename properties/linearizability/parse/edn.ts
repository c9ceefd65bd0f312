/**
 * A small EDN reader, enough for Jepsen histories: maps, vectors, lists,
 * sets, keywords, symbols, strings, integers, floats, booleans, nil,
 * comments, `#_` discards and tagged values (the tag is dropped, so
 * `#jepsen.history.Op{...}` reads as its map).
 */

/** An EDN keyword; interned, so `===` compares them. */
export class Keyword {
  private static readonly table = new Map<string, Keyword>();
  private constructor(readonly name: string) {}
  static of(name: string): Keyword {
    let k = Keyword.table.get(name);
    if (!k) Keyword.table.set(name, (k = new Keyword(name)));
    return k;
  }
  toString(): string {
    return `:${this.name}`;
  }
}

export class Sym {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

export type Edn = null | boolean | number | string | Keyword | Sym | Edn[] | EdnMap;
export type EdnMap = Map<Edn, Edn>;

export const kw = Keyword.of;

export class EdnError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'EdnError';
  }
}

const DELIMS = new Set(['(', ')', '[', ']', '{', '}', '"', ';']);
const isSpace = (c: string): boolean => c === ' ' || c === ',' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/** Reads EDN forms one by one, keeping the line each starts on. */
export class EdnReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  /** The line each map or vector read started on. */
  readonly lineOf = new WeakMap<object, number>();

  constructor(private readonly src: string) {}

  /** The next top-level form, or undefined at the end of input. */
  next(): { form: Edn; line: number } | undefined {
    this.skip();
    if (this.pos >= this.src.length) return undefined;
    const line = this.line;
    return { form: this.read(), line };
  }

  /** Every top-level form. */
  all(): { form: Edn; line: number }[] {
    const out: { form: Edn; line: number }[] = [];
    for (let f = this.next(); f; f = this.next()) out.push(f);
    return out;
  }

  get currentLine(): number {
    return this.line;
  }

  private fail(msg: string, at = this.pos): never {
    // recompute the column of `at` on the current line
    throw new EdnError(msg, this.line, at - this.lineStart + 1);
  }

  private skip(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (isSpace(c)) this.pos++;
      else if (c === ';') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '#' && s[this.pos + 1] === '_') {
        this.pos += 2;
        this.skip();
        if (this.pos >= s.length) this.fail('#_ with nothing to discard');
        this.read();
      } else break;
    }
  }

  private read(): Edn {
    this.skip();
    const s = this.src;
    if (this.pos >= s.length) this.fail('unexpected end of input');
    const c = s[this.pos];
    switch (c) {
      case '{':
        return this.readMap();
      case '[':
      case '(':
        return this.readSeq(c === '[' ? ']' : ')');
      case '"':
        return this.readString();
      case ':':
        this.pos++;
        return Keyword.of(this.readToken('keyword'));
      case '#': {
        const d = s[this.pos + 1];
        if (d === '{') {
          this.pos++;
          return this.readSeq('}');
        }
        this.pos++;
        this.readToken('tag');
        return this.read();
      }
      case ')':
      case ']':
      case '}':
        return this.fail(`unexpected "${c}"`);
      case '\\':
        return this.fail('character literals are not supported');
      default:
        return this.readAtom();
    }
  }

  private readSeq(close: string): Edn[] {
    const line = this.line;
    this.pos++;
    const out: Edn[] = [];
    for (;;) {
      this.skip();
      if (this.pos >= this.src.length) this.fail(`"${close}" missing for the collection opened on line ${line}`);
      if (this.src[this.pos] === close) {
        this.pos++;
        this.lineOf.set(out, line);
        return out;
      }
      out.push(this.read());
    }
  }

  private readMap(): EdnMap {
    const line = this.line;
    const items = this.readSeq('}');
    if (items.length % 2 !== 0) this.fail(`the map opened on line ${line} has an odd number of forms`);
    const m: EdnMap = new Map();
    for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
    this.lineOf.set(m, line);
    return m;
  }

  private readString(): string {
    const s = this.src;
    const line = this.line;
    let out = '';
    this.pos++;
    for (;;) {
      if (this.pos >= s.length) this.fail(`unterminated string started on line ${line}`);
      const c = s[this.pos++];
      if (c === '"') return out;
      if (c === '\n') {
        this.line++;
        this.lineStart = this.pos;
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = s[this.pos++];
      if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'r') out += '\r';
      else if (e === '"' || e === '\\') out += e;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(s.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else this.fail(`unknown escape "\\${e ?? ''}" in string`, this.pos - 2);
    }
  }

  private readToken(what: string): string {
    const s = this.src;
    const start = this.pos;
    while (this.pos < s.length && !isSpace(s[this.pos]) && !DELIMS.has(s[this.pos])) this.pos++;
    if (this.pos === start) this.fail(`empty ${what}`);
    return s.slice(start, this.pos);
  }

  private readAtom(): Edn {
    const start = this.pos;
    const t = this.readToken('token');
    if (t === 'nil') return null;
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (/^[+-]?\d+N?$/.test(t)) {
      const n = Number(t.replace(/N$/, ''));
      if (!Number.isSafeInteger(n)) this.fail(`integer ${t} is too large`, start);
      return n;
    }
    if (/^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?M?$/.test(t)) return Number(t.replace(/M$/, ''));
    if (/^[+-]?\d/.test(t)) this.fail(`bad number "${t}"`, start);
    return new Sym(t);
  }
}

/** Reads a whole string of EDN. */
export function readEdn(src: string): Edn[] {
  return new EdnReader(src).all().map((f) => f.form);
}

/** Converts EDN data to plain JSON-like values: keywords and symbols become their names, maps become objects. */
export function toPlain(v: Edn): unknown {
  if (v instanceof Keyword || v instanceof Sym) return v.name;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k instanceof Keyword || k instanceof Sym ? k.name : String(toPlain(k))] = toPlain(x);
    return o;
  }
  return v;
}
