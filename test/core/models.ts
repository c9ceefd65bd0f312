/** Tiny hand-written core Models for the kernel's tests. */
import { invariant, type Model } from '../../src/core/model.ts';

/** A counter from 0 that may step +1 or +2 up to `max`, where it stops (a deadlock unless that is the goal). */
export function counter(max: number, opts: { badAt?: number } = {}): Model<{ n: number }, number> {
  return {
    name: `Counter(${max})`,
    initialStates: () => [{ n: 0 }],
    actions: (s) => [1, 2].filter((d) => s.n + d <= max),
    next: (s, d) => ({ n: s.n + d }),
    label: (d) => `add${d}`,
    invariants: opts.badAt === undefined ? [] : [invariant<{ n: number }>('NotBad', (s) => s.n !== opts.badAt, (s) => `n reached ${s.n}`)],
  };
}

/** A ring of `size` states that never ends: no deadlock; a wide state space when `width` > 1. */
export function grid(size: number): Model<[number, number], 'x' | 'y'> {
  return {
    name: `Grid(${size})`,
    initialStates: () => [[0, 0]],
    actions: () => ['x', 'y'],
    next: ([x, y], a) => (a === 'x' ? [(x + 1) % size, y] : [x, (y + 1) % size]),
    label: (a) => a,
    invariants: [],
  };
}

/** Steps 0, 1, 2, ...; computing the successor of `throwAt` throws. */
export function thrower(throwAt: number, where: 'next' | 'actions' | 'invariant' = 'next'): Model<number, 'inc'> {
  return {
    name: 'Thrower',
    initialStates: () => [0],
    actions: (s) => {
      if (where === 'actions' && s === throwAt) throw new Error(`cannot list actions at ${s}`);
      return s < 10 ? ['inc'] : [];
    },
    next: (s) => {
      if (where === 'next' && s === throwAt) throw new TypeError(`boom at ${s}`);
      return s + 1;
    },
    label: () => 'inc',
    invariants: [
      {
        name: 'Fine',
        check: (s) => {
          if (where === 'invariant' && s === throwAt) throw new Error('the invariant broke');
          return null;
        },
      },
    ],
  };
}

/**
 * A request that a server may serve (fair) or that may be lost (an unfair drop): when the
 * request is lost nothing fair is left to do and `Served` never holds.
 */
export type Req = { phase: 'pending' | 'served' | 'lost' | 'idle' };
export function requestServer(canLose: boolean): Model<Req, 'serve' | 'lose' | 'tick'> {
  return {
    name: 'RequestServer',
    initialStates: () => [{ phase: 'pending' }],
    actions: (s) => (s.phase === 'pending' ? (canLose ? ['serve', 'lose'] : ['serve']) : s.phase === 'lost' ? ['tick'] : []),
    next: (s, a) => (a === 'serve' ? { phase: 'served' } : a === 'lose' ? { phase: 'lost' } : { phase: 'lost' }),
    label: (a) => a,
    invariants: [],
    liveness: [{ name: 'Served', settled: (s) => (s.phase === 'served' ? null : `the request is ${s.phase}, never served`) }],
    // `tick` is a stutter the environment may take forever: it is not fair, so it does not keep the run alive
    fairness: (_s, a) => (a === 'serve' ? 'weak' : 'none'),
  };
}

/** A binary tree of states that each carry `padding` numbers: the frontier doubles at every level, and memory runs out. */
export function bigTree(padding: number): Model<{ id: number; pad: number[] }, 0 | 1> {
  return {
    name: `BigTree(${padding})`,
    initialStates: () => [{ id: 1, pad: [] }],
    actions: () => [0, 1],
    next: (s, a) => ({ id: s.id * 2 + a, pad: Array.from({ length: padding }, (_, i) => s.id + i) }),
    label: (a) => `child${a}`,
    invariants: [],
  };
}

/** For worker threads, which rebuild a model from a module: one of the models above by name. */
export function build(args: { name: string; max?: number; badAt?: number; size?: number; throwAt?: number; where?: 'next' | 'actions' | 'invariant'; canLose?: boolean; padding?: number }): Model<any, any> {
  switch (args.name) {
    case 'counter':
      return counter(args.max ?? 4, { badAt: args.badAt });
    case 'grid':
      return grid(args.size ?? 10);
    case 'thrower':
      return thrower(args.throwAt ?? 3, args.where);
    case 'requestServer':
      return requestServer(args.canLose ?? true);
    case 'bigTree':
      return bigTree(args.padding ?? 1000);
  }
  throw new Error(`no model ${args.name}`);
}
