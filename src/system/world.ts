/**
 * The global state of a system model (a `World`) and the steps between worlds. Each field
 * belongs to one component of the system model (src/system/components.ts lists them); a
 * field a component needs only in some configurations is absent in the others, so that a new
 * feature leaves the worlds, and so the fingerprints and traces, of every other spec as they
 * were.
 */
import type { HistoryEvent } from './history.ts';
import type { Pid } from './protocol.ts';
import { isSignature } from './signatures.ts';

/** A message, request or indication: a record tagged by `type`. */
export type Msg = { readonly type: string; readonly [f: string]: unknown };

export interface Envelope {
  readonly from: Pid;
  readonly to: Pid;
  readonly msg: Msg;
  /** Timed models: the ticks left before it must be delivered (absent: no bound yet). */
  readonly d?: number;
  /** Causality (causality.ts): the sender's true vector clock at the send. */
  readonly vc?: readonly number[];
}

export interface World {
  /** Each process's state (null while a crash-recovery process is down). The system model's own. */
  readonly procs: readonly unknown[];
  /** Faults: who is down, how many crashes happened, stable storage per process. */
  readonly down: readonly boolean[];
  readonly crashes: number;
  readonly stored: readonly unknown[];
  /** Network: messages in flight, in a canonical order: by channel, then (unordered) by content or (fifo) by send order. */
  readonly net: readonly Envelope[];
  /** Timing: pending timers per process, sorted. */
  readonly timers: readonly (readonly string[])[];
  /** History: per process, its requests, indications, crashes and recoveries (history.ts). */
  readonly history: readonly (readonly HistoryEvent[])[];
  /** Workload: per process, how many of its requests were issued. */
  readonly issued: readonly number[];
  /** Partitions: the partition in force (index into the configured ones), or -1, and how many formed. */
  readonly partition: number;
  readonly partitionsUsed: number;
  /** Failure detector: per process, what it says to it: the crashes P reported, or whom ◇P suspects now. */
  readonly detected: readonly (readonly Pid[])[];
  // The fields below exist only in the system models that use them.
  /** Timed models: per process, the ticks left before each pending timer fires. */
  readonly due?: readonly Readonly<Record<string, number>>[];
  /** Partially synchronous timing: whether the global stabilisation time has passed. */
  readonly gst?: boolean;
  /** ◇P and Ω: whether the oracle has stabilised. */
  readonly fdStable?: boolean;
  /** Ω: per process, whom it was last told to trust (-1: no one yet). */
  readonly leader?: readonly Pid[];
  /** ◇P and Ω with a bound on their mistakes: how many they made so far. */
  readonly mistakes?: number;
  /** Byzantine faults: every message the Byzantine processes received (a set, sorted by fingerprint), and per process how many messages they sent it. */
  readonly byzKnown?: readonly Msg[];
  readonly byzSent?: readonly number[];
  /** Causality: per process, its true vector clock (causality.ts). */
  readonly clocks?: readonly (readonly number[])[];
  /** Churn with a bound on its events (churn.ts): how many leaves and joins happened so far. */
  readonly churned?: number;
}

/**
 * A step of the system: `t` names its kind, and the component that offers that kind owns it
 * (its step, fairness, label and independence). The kinds of the shipped components:
 */
export type SysAction = (
  | { readonly t: 'deliver' | 'duplicate' | 'drop'; readonly i: number; readonly e: Envelope }
  | { readonly t: 'request'; readonly p: Pid; readonly req: Msg }
  | { readonly t: 'timer'; readonly p: Pid; readonly name: string }
  | { readonly t: 'detect' | 'suspect' | 'restore' | 'trust'; readonly p: Pid; readonly q: Pid }
  | { readonly t: 'tick' | 'gst' | 'stabilize' }
  | { readonly t: 'crash'; readonly p: Pid }
  | { readonly t: 'recover'; readonly p: Pid }
  | { readonly t: 'leave' | 'join'; readonly p: Pid }
  | { readonly t: 'partition'; readonly k: number }
  | { readonly t: 'forge'; readonly p: Pid; readonly to: Pid; readonly msg: Msg }
  | { readonly t: 'heal' }
) &
  Branch;

/**
 * A step of a random protocol (`defineProtocol({ random: true })`) is listed once per outcome
 * of its handler's random calls: the outcomes by index, their probability, and in words.
 */
export interface Branch {
  readonly c?: readonly number[];
  readonly pr?: number;
  readonly cv?: string;
}

/** The action of kind K. */
export type ActionOf<K extends SysAction['t']> = Extract<SysAction, { t: K }>;

function fieldText(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? v : String(v);
  if (Array.isArray(v)) return `[${v.map(fieldText).join(',')}]`;
  // a signature: p0's over [ECHO,a] reads σp0[ECHO,a]
  if (isSignature(v)) return `σp${v.by}${fieldText(v.signed)}`;
  return `{${Object.entries(v).map(([k, x]) => `${k}:${fieldText(x)}`).join(',')}}`;
}

/** `DATA(src=0, m=a)`: a message, request or indication in one line. */
export function eventText(m: Msg): string {
  const fields = Object.entries(m).filter(([k, v]) => k !== 'type' && v !== undefined);
  return fields.length ? `${m.type}(${fields.map(([k, v]) => `${k}=${fieldText(v)}`).join(', ')})` : m.type;
}

/**
 * Whether no process is down in a world, remembered for the last `down` array seen: most
 * steps keep their parent's, so random runs ask this of the same array again and again.
 */
export function noneDownTracker(): (w: World) => boolean {
  let seen: World['down'] | undefined;
  let none = false;
  return (w) => {
    if (w.down !== seen) {
      seen = w.down;
      none = !w.down.includes(true);
    }
    return none;
  };
}

/** `p0`, `p1`: how reports name a process. */
export const pname = (p: Pid): string => `p${p}`;

/*
 * A world and its own lists (per-process arrays, the network, the timers) are left unfrozen:
 * V8 (Node 20) reads an element of a frozen array by a slower path than of an open one (about
 * 8 ns against 2 a load, measured), the search reads these lists at every step, and freezing
 * the world object itself took 2 % of a Paxos search. They are read-only by contract (their
 * types say so), and nothing the protocol's or the properties' code is given reaches them:
 * handlers get process states and events, properties a History whose event lists are frozen.
 * What a world holds is frozen by the component that makes it; a test runs the catalogue with
 * that checked and the worlds and their lists frozen, where a write would throw
 * (world-hash.ts, freezeWorldLists).
 *
 * Copies: spreading takes V8's fast iteration path, and splice() on the copy moves memory;
 * below 8 elements a loop that skips the removed one is cheaper.
 */

/** A copy of a per-process array with process p's slot replaced. */
export function withSlot<T>(xs: readonly T[], p: Pid, v: T): readonly T[] {
  const out = [...xs];
  out[p] = v;
  return out;
}

/** A copy of a list without its element at index i. */
export function without<T>(xs: readonly T[], i: number): readonly T[] {
  const n = xs.length;
  if (n >= 8) {
    const out = [...xs];
    out.splice(i, 1);
    return out;
  }
  const out = new Array<T>(n - 1);
  for (let j = 0; j < i; j++) out[j] = xs[j];
  for (let j = i + 1; j < n; j++) out[j - 1] = xs[j];
  return out;
}

/** A mutable copy of a list (for inserting into it). */
export function copyOf<T>(xs: readonly T[]): T[] {
  return [...xs];
}
