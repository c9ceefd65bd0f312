/** The command-line arguments the commands share: how each is parsed, and the words of its errors. */
import { Option } from 'commander';
import { parseShard, WALKS } from '../core/random.ts';
import { STRATEGIES } from '../spec/strategies.ts';
import { UserError } from './exit.ts';

/** `--seed`: any integer (random search is reproduced exactly by it). */
export function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UserError(`--seed takes an integer, got '${v}'`);
  return n;
}

/** A whole number of at least 1, and at most `max` (`--runs`, `--depth`, `--loops`, `--workers`). */
export const countArg = (name: string, max = Number.MAX_SAFE_INTEGER) => (v: string): number => {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UserError(`${name} takes a whole number from 1${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got '${v}'`);
  return n;
};

/** A whole number of at least `min` (`--max-states`, `--max-depth`, `--max-memory`). */
export const wholeArg = (name: string, min = 0) => (v: string): number => {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new UserError(`${name} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, got '${v}'`);
  return n;
};

/** `--time-limit`: seconds, fractions allowed. */
export function secondsArg(v: string): number {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--time-limit takes a number of seconds above 0 (e.g. 2.5), got '${v}'`);
  return n;
}

/** `--shard i/n` (i counts from 1). */
export function shardArg(v: string): { index: number; count: number } {
  try {
    return parseShard(v);
  } catch (err) {
    throw new UserError(`--shard: ${(err as Error).message}`);
  }
}

/** `--set name=value`, repeatable. */
export const collect = (v: string, acc: string[]): string[] => [...acc, v];

export const walkOption = (): Option =>
  new Option('--walk <walk>', 'how a random run picks among the enabled actions: uniform, swarm (each run drops a random half of the action kinds) or pct (random priorities per actor)').choices([...WALKS]);

export const strategyOption = (): Option => new Option('--strategy <name>', 'search strategy (random: many random runs, evidence rather than proof)').choices([...STRATEGIES]);

/** Random search needs a seed that all shards share. */
export function checkShardSeed(shard: unknown, seed: number | undefined, spec: string): void {
  if (shard !== undefined && seed === undefined) throw new UserError(`${spec}: --shard splits one search between machines, so they must share its seed: add --seed <n> (or check.seed in the spec)`);
}
