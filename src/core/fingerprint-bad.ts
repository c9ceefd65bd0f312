/**
 * The slow walk of a value the fast fingerprint walk could not hash: the path of the first
 * value that is not plain data, in the fast walk's order, and what it is.
 */
export class UnserialisableStateError extends Error {
  constructor(
    readonly path: string,
    readonly what: string,
  ) {
    super(`state is not plain data: ${what} at ${path || '(root)'}`);
    this.name = 'UnserialisableStateError';
  }
}

const MAX_DEPTH = 200;

function describe(v: unknown): string | undefined {
  switch (typeof v) {
    case 'function':
    case 'symbol':
      return `a ${typeof v}`;
    case 'object': {
      if (v === null || Array.isArray(v) || v instanceof Set || v instanceof Map) return undefined;
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) return undefined;
      const name = (proto && proto.constructor && proto.constructor.name) || 'unknown class';
      return `an instance of ${name} (states must be plain objects, arrays, Sets, Maps and primitives)`;
    }
    default:
      return undefined;
  }
}

/** The first unserialisable value in the fast walk's order, as an error naming its path. */
export function findBad(v: unknown, path: string, depth: number): UnserialisableStateError | undefined {
  const what = describe(v);
  if (what) return new UnserialisableStateError(path, what);
  if (typeof v !== 'object' || v === null) return undefined;
  if (depth > MAX_DEPTH) return new UnserialisableStateError(path, 'a cycle or a structure nested over 200 levels deep');
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = findBad(v[i], `${path}[${i}]`, depth + 1);
      if (e) return e;
    }
  } else if (v instanceof Set) {
    for (const x of v) {
      const e = findBad(x, `${path}{}`, depth + 1);
      if (e) return e;
    }
  } else if (v instanceof Map) {
    for (const [k, x] of v) {
      const e = findBad(k, `${path}<key>`, depth + 1) ?? findBad(x, `${path}<value>`, depth + 1);
      if (e) return e;
    }
  } else {
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      const e = findBad(x, `${path}.${k}`, depth + 1);
      if (e) return e;
    }
  }
  return undefined;
}

