/**
 * Nakamoto consensus, as the survey gives it: miners extend a chain of blocks, each mining round
 * finding a block with some probability (`ctx.coin`), and send their chain to everyone with a
 * message delay; the longest-chain rule makes every miner adopt a chain strictly longer than its
 * own (`ties: smaller` also takes an equally long one whose last block has the smaller id, a
 * deterministic tie-break; `keep`, Bitcoin's, stays on the first one seen). The broken rule
 * `first` accepts a chain only if it extends the miner's own, and never switches branch.
 *
 * The double-spend race: the honest chain starts as block B with k − 1 blocks on top (B is k
 * deep); an attacker mines in private from B's parent, publishes its chain as soon as it is
 * longer than the honest chain it knows of, and gives up `giveUp` blocks behind. B is reverted
 * when an honest miner adopts the attacker's chain. Mining stops after `rounds` rounds (every
 * `interval` ticks; with an interval longer than the delay a block is known everywhere before
 * the next round, the assumption of Nakamoto's analysis).
 */
import { defineProperty, defineProtocol, role, type Pid } from '../../src/index.ts';

type Message = { type: 'CHAIN'; blocks: readonly string[] };
type T = { message: Message; request: never; indication: never; timer: 'mine' };

interface Miner {
  readonly chain: readonly string[];
  /** Mining rounds left. */
  readonly left: number;
}

interface Attacker {
  /** The private chain, from B's parent. */
  readonly chain: readonly string[];
  /** The length of the honest chain it knows of (from B's parent). */
  readonly honest: number;
  readonly left: number;
  /** It won (the honest chain no longer holds B) or gave up. */
  readonly done: boolean;
}

/** A finished attacker forgets its race, so that the runs after it meet in fewer states (the exact value needs the whole graph). */
const DONE: Attacker = { chain: [], honest: 0, left: 0, done: true };

type Params = { p: number; q: number; k: number; rounds: number; interval: number; giveUp: number; rule: string; ties: string };
type C = { self: Pid; all: readonly Pid[]; params: Params; roleOf(p: Pid): string; send(to: Pid, m: Message): void; coin(p: number): boolean; setTimer(name: 'mine', ticks?: number): void };

const tip = (c: readonly string[]): string => (c.length ? c[c.length - 1] : '');
const extendsChain = (c: readonly string[], own: readonly string[]): boolean => c.length > own.length && own.every((b, i) => c[i] === b);

function adopts(own: readonly string[], c: readonly string[], params: Params): boolean {
  if (params.rule === 'first') return extendsChain(c, own);
  if (c.length !== own.length) return c.length > own.length;
  return params.ties === 'smaller' && tip(c) < tip(own);
}

const others = (ctx: C): Pid[] => ctx.all.filter((q) => q !== ctx.self);

function next(left: number, ctx: C): number {
  if (left > 1) ctx.setTimer('mine', ctx.params.interval);
  return left - 1;
}

const miner = role<T, Miner, Params>({
  init(ctx) {
    ctx.setTimer('mine', ctx.params.interval);
    return { chain: Array.from({ length: ctx.params.k }, (_, i) => (i === 0 ? 'B' : `b${i + 1}`)), left: ctx.params.rounds };
  },
  timers: {
    mine(s, ctx) {
      const left = next(s.left, ctx);
      if (!ctx.coin(ctx.params.p)) return { chain: s.chain, left };
      const chain = [...s.chain, `p${ctx.self}.${s.chain.length + 1}`];
      for (const q of others(ctx)) ctx.send(q, { type: 'CHAIN', blocks: chain });
      return { chain, left };
    },
  },
  messages: {
    CHAIN: (s, msg, _from, ctx) => (adopts(s.chain, msg.blocks, ctx.params) ? { chain: msg.blocks, left: s.left } : s),
  },
});

const attacker = role<T, Attacker, Params>({
  init(ctx) {
    ctx.setTimer('mine', ctx.params.interval);
    return { chain: [], honest: ctx.params.k, left: ctx.params.rounds, done: false };
  },
  timers: {
    mine(s, ctx) {
      if (s.done) return s;
      const left = next(s.left, ctx);
      if (!ctx.coin(ctx.params.q)) return { ...s, left };
      const chain = [...s.chain, `a.${s.chain.length + 1}`];
      if (chain.length > s.honest) for (const q of others(ctx)) if (ctx.roleOf(q) === 'miner') ctx.send(q, { type: 'CHAIN', blocks: chain });
      return { ...s, chain, left };
    },
  },
  messages: {
    CHAIN(s, msg, _from, ctx) {
      if (s.done) return s;
      // the honest chain lost B: the attack succeeded
      if (!msg.blocks.includes('B')) return DONE;
      const honest = msg.blocks.length;
      return honest - s.chain.length >= ctx.params.giveUp ? DONE : { ...s, honest };
    },
  },
});

export default defineProtocol<T, Miner | Attacker, Params>({
  name: 'nakamoto',
  params: { p: 0.5, q: 0.3, k: 0, rounds: 3, interval: 2, giveUp: 4, rule: 'longest', ties: 'smaller' },
  random: true,
  roles: { miner, attacker },
});

/** Liveness: once mining stops and every block has arrived, the honest miners hold the same chain. */
export const chainAgreement = defineProperty({
  name: 'chain-agreement',
  kind: 'liveness',
  description: 'eventually every correct miner holds the same chain',
  check(h) {
    const miners = h.correct().filter((p) => h.roleOf(p) === 'miner');
    const chains = miners.map((p) => ((h.state(p) as Miner | null)?.chain ?? []).join(' '));
    const other = chains.findIndex((c) => c !== chains[0]);
    return other < 0 ? null : `p${miners[0]} holds [${chains[0]}] but p${miners[other]} holds [${chains[other]}]`;
  },
});

export const properties = [chainAgreement];
