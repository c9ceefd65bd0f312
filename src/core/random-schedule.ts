/**
 * What a random search generates and how it is seeded: the schedule of one run (fast-check's
 * value, shrunk toward shorter runs and choices toward 0), the blocks of runs a seed names
 * forever, and the shards of a CI matrix. Part of the reproducibility contract: a seed, runs,
 * depth, walk and shard name the same runs on any machine.
 */
import fc from 'fast-check';

/** Runs per block: part of the reproducibility contract (a seed names the same runs forever). */
export const BLOCK_RUNS = 100;
/** A choice is an integer in 0..CHOICE_MAX, taken modulo the number of candidate actions. */
export const CHOICE_MAX = 4095;

/** What fast-check generates for one run. */
export interface Schedule {
  /** Picks the initial state (modulo their number). */
  init: number;
  /** One choice per step. */
  choices: number[];
  /** swarm: which kinds this run drops; pct: the actors' initial priorities (0: no drop / by name). */
  salt: number;
  /** pct: the steps after which the running actor's priority drops. */
  changes: number[];
}

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

/** The fast-check seed of block b of a search with the given seed (31 bits, the same everywhere). */
export function blockSeed(seed: number, block: number): number {
  return fmix((seed | 0) ^ fmix(Math.imul(block + 1, 0x9e3779b9))) & 0x7fffffff;
}

/** A fresh seed when none is given. */
export function freshSeed(): number {
  return ((Date.now() & 0x7fffffff) ^ Math.floor(Math.random() * 0x7fffffff)) & 0x7fffffff;
}

/**
 * The schedule arbitrary: generates a full-length array of uniform choices (a run goes to the
 * depth bound unless the model stops it), and shrinks like `fc.array`, after first cutting
 * off the choices that the failing run never used (fast-check's array shrinker removes
 * items from the front, which would shift a run that failed before its end).
 */
export class ScheduleArbitrary extends fc.Arbitrary<number[]> {
  private readonly base: fc.Arbitrary<number[]>;
  constructor(
    private readonly length: number,
    private readonly used: { choices?: number[]; count: number },
  ) {
    super();
    this.base = fc.array(fc.integer({ min: 0, max: CHOICE_MAX }), { maxLength: length, size: 'max' });
  }
  generate(mrng: fc.Random): fc.Value<number[]> {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = mrng.nextInt(0, CHOICE_MAX);
    return new fc.Value(out, undefined);
  }
  canShrinkWithoutContext(value: unknown): value is number[] {
    return this.base.canShrinkWithoutContext(value);
  }
  shrink(value: number[], context: unknown): fc.Stream<fc.Value<number[]>> {
    const u = this.used;
    const rest = this.base.shrink(value, context);
    if (u.choices !== undefined && u.count < value.length && sameChoices(u.choices, value)) {
      return fc.Stream.of(new fc.Value(value.slice(0, u.count), undefined)).join(rest);
    }
    return rest;
  }
}

function sameChoices(a: number[], b: number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How many of `total` runs a shard runs (blocks b with b mod count = index - 1). */
export function shardRunCount(total: number, shard: { index: number; count: number }): number {
  if (!Number.isFinite(total)) return Infinity;
  const blocks = Math.ceil(total / BLOCK_RUNS);
  let n = 0;
  for (let b = shard.index - 1; b < blocks; b += shard.count) n += Math.min(BLOCK_RUNS, total - b * BLOCK_RUNS);
  return n;
}

/** Parses `i/n` (e.g. `2/4`) into a shard; throws RangeError with a readable message. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RangeError(`a shard is written i/n (e.g. 2/4), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new RangeError(`shard ${text}: i must be between 1 and n`);
  return { index, count };
}
