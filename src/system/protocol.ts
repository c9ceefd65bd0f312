/**
 * The protocol API: one reducer per process role, in the event style of Cachin, Guerraoui
 * and Rodrigues. A role takes requests from above, messages from the network, timer
 * expiries and failure-detector indications; its handlers mutate an immer draft of the
 * process state (or return a new state) and emit effects through the context.
 */
import type { Draft } from 'immer';
import type { Params, Widen } from '../spec/module.ts';
import type { Signature } from './signatures.ts';

export type Pid = number;

/** The vocabulary of a protocol: its messages, requests, indications, timers and stable storage, each a union tagged by `type`. */
export interface ProtocolTypes {
  message: { type: string };
  request: { type: string };
  indication: { type: string };
  /** Timer names; `never` for a protocol without timers. */
  timer?: string;
  /** What `store` keeps across a crash (crash-recovery). */
  stored?: unknown;
}

type Of<U, K> = U extends { type: K } ? U : never;
type TimerOf<T extends ProtocolTypes> = T['timer'] extends string ? T['timer'] : never;
type StoredOf<T extends ProtocolTypes> = T extends { stored: infer X } ? X : unknown;

/** The effects a handler may emit, and what it may ask about the system. */
export interface Ctx<T extends ProtocolTypes, P = Params> {
  /** This process. */
  readonly self: Pid;
  /** This process's role. */
  readonly role: string;
  /** The number of processes. */
  readonly n: number;
  /** All processes, 0..n-1. */
  readonly all: readonly Pid[];
  /** The protocol's parameters as the spec sets them. */
  readonly params: P;
  /** The processes of a role. */
  pids(role: string): readonly Pid[];
  /** The role of a process. */
  roleOf(p: Pid): string;
  /** Sends a message over the link to `to`. */
  send(to: Pid, message: T['message']): void;
  /** Sends a message to every process in `to` (default: all processes, this one included). */
  broadcast(message: T['message'], to?: readonly Pid[]): void;
  /**
   * Sets a timer. Asynchronous timing: it expires at some later step. Synchronous and
   * partially synchronous timing: it expires exactly `ticks` ticks from now (default 1).
   * Setting a pending timer again restarts it.
   */
  setTimer(name: TimerOf<T>, ticks?: number): void;
  cancelTimer(name: TimerOf<T>): void;
  /** Writes to stable storage, which survives a crash (crash-recovery). */
  store(value: StoredOf<T>): void;
  /** Emits an indication upward: deliver, decide, respond, ... */
  indicate(indication: T['indication']): void;
  /**
   * A number above every ordinal value in the system (see `ordinals` in `defineProtocol`):
   * a ballot or term that is globally unique and higher than any other.
   */
  fresh(): number;
  /**
   * This process's signature over a value: an unforgeable token (signatures.ts) that any
   * process can check with `verify` and pass on. The Byzantine adversary can replay tokens it
   * has seen and sign in its own name, never forge a correct process's.
   */
  sign<V>(value: V): Signature<V>;
  /** Whether `sig` is p's signature over `value` (equal as data). */
  verify(p: Pid, value: unknown, sig: unknown): boolean;
  /**
   * One of `options` at random (uniformly, or by `weights`): the protocol's own randomness (the
   * protocol declares `random: true`). An exhaustive search explores every outcome as its own
   * branch; a random run or an estimate samples it with its probability; traces record it.
   */
  choose<X>(options: readonly X[], weights?: readonly number[]): X;
  /** true with probability p (see `choose`). */
  coin(p: number): boolean;
  /** k distinct elements of `options` at random, every k-subset equally likely, in their order in `options` (see `choose`). */
  pick<X>(options: readonly X[], k: number): X[];
}

export type Handler<S, X, T extends ProtocolTypes, P> = (state: Draft<S>, event: X, ctx: Ctx<T, P>) => void | S;
export type MessageHandler<S, X, T extends ProtocolTypes, P> = (state: Draft<S>, message: X, from: Pid, ctx: Ctx<T, P>) => void | S;

/** The reducers of one role. Every handler map is keyed by the `type` of its events, so an unknown kind is a type error. */
export interface RoleDef<T extends ProtocolTypes, S, P = Params> {
  /** The initial state of a process of this role; it may also emit effects (e.g. set a timer). */
  init(ctx: Ctx<T, P>): S;
  requests?: { [K in T['request']['type']]?: Handler<S, Of<T['request'], K>, T, P> };
  messages?: { [K in T['message']['type']]?: MessageHandler<S, Of<T['message'], K>, T, P> };
  timers?: { [K in TimerOf<T>]?: (state: Draft<S>, ctx: Ctx<T, P>) => void | S };
  /** Failure-detector indications: P and ◇P say `crash`/`suspect`/`restore` of a process, Ω says `trust` of a leader. */
  failures?: {
    crash?: (state: Draft<S>, p: Pid, ctx: Ctx<T, P>) => void | S;
    suspect?: (state: Draft<S>, p: Pid, ctx: Ctx<T, P>) => void | S;
    restore?: (state: Draft<S>, p: Pid, ctx: Ctx<T, P>) => void | S;
    trust?: (state: Draft<S>, leader: Pid, ctx: Ctx<T, P>) => void | S;
  };
  /** Crash-recovery: the state after a recovery, from what was stored (default: `init`). */
  recover?: (stored: StoredOf<T> | undefined, ctx: Ctx<T, P>) => S;
}

export interface ProtocolModule<P extends Params = Params> {
  readonly kind: 'protocol';
  readonly name: string;
  readonly description?: string;
  readonly params: P;
  readonly roles: Readonly<Record<string, RoleDef<any, any, any>>>;
  /** Field names whose numbers are ordinals (see `defineProtocol`). */
  readonly ordinals?: readonly string[];
  /** Field names whose numbers are process ids (see `defineProtocol`). */
  readonly pids?: readonly string[];
  /** Lists kept as sets of processes (see `defineProtocol`). */
  readonly pidSets?: readonly string[];
  /** What the Byzantine adversary may send (see `defineProtocol`). */
  readonly messageFields?: Readonly<Record<string, readonly string[]>>;
  readonly domains?: Readonly<Record<string, readonly unknown[]>>;
  readonly signatures?: Readonly<Record<string, SignedContent>>;
  readonly certificates?: Readonly<Record<string, SignedContent>>;
  /** Indications of which the history keeps the latest only (see `defineProtocol`). */
  readonly statusIndications?: readonly StatusGroup[];
  /** The protocol makes random choices (see `defineProtocol`). */
  readonly random?: boolean;
}

/** A role with its own state type; use it inside `defineProtocol({ roles: { ... } })`. */
export function role<T extends ProtocolTypes, S, P = Params>(def: RoleDef<T, S, P>): RoleDef<T, S, P> {
  return def;
}

interface ProtocolHeader<P> {
  name: string;
  description?: string;
  params?: P;
  /**
   * Field names (anywhere in process states, messages, stored values and indications) whose
   * numbers are ordinals: ballots, terms, epochs that the protocol only compares (<, =, max)
   * and creates with `ctx.fresh()`. The explorer then identifies worlds that differ only by
   * an order-preserving renumbering of them (it renumbers by rank; numbers <= 0 mean "none"
   * and stay), which keeps a protocol with unboundedly many ballots finite. Sound only if the
   * protocol does no arithmetic on them other than comparing and taking them from `fresh()`.
   */
  ordinals?: readonly string[];
  /**
   * Field names (anywhere in process states, messages, stored values, requests and
   * indications) whose numbers, or lists of numbers, are process ids. Symmetry reduction
   * (`symmetry: [role]` in a spec) renames them with the processes, so they must be the only
   * places that name a process (not inside strings or keys); `pids: []` says there are none.
   */
  pids?: readonly string[];
  /**
   * Field names whose lists the protocol keeps as sets of processes, sorted by pid: lists of
   * pids, or of records sorted by their pid field (e.g. `promises: [{ from, accepted }]`
   * sorted by `from`). A renaming sorts them again, so that symmetric worlds meet in one
   * canonical form. Only for lists whose order carries nothing but the pids.
   */
  pidSets?: readonly string[];
  /**
   * Byzantine faults (`faults: { model: byzantine }`): the fields of each message type, other
   * than `type`, e.g. `{ ECHO: ['v'] }`. A Byzantine process runs no reducer; the explorer
   * sends in its name any message of these types whose fields range over the values the
   * Byzantine processes have received, the field's `domains`, every pid for a field named in
   * `pids`, and the signatures of `signatures` and `certificates`. Types not named here are
   * only replayed as received.
   */
  messageFields?: Readonly<Record<string, readonly string[]>>;
  /** The values a field may take besides those the run has produced, e.g. `{ v: ['a', 'b'] }`. */
  domains?: Readonly<Record<string, readonly unknown[]>>;
  /**
   * Fields that hold one signature, with what it signs as a function of the message's other
   * fields: `{ sig: (m) => ['ECHO', m.v] }`. The adversary fills them with the tokens over
   * that content it has seen and with its own signature over it.
   */
  signatures?: Readonly<Record<string, SignedContent>>;
  /**
   * Fields that hold a certificate (a list of signatures over one content), with that content:
   * `{ cert: (m) => ['ECHO', m.v] }`. The adversary replays the certificates it has seen and
   * builds one from every token it holds over the content, its own included.
   */
  certificates?: Readonly<Record<string, SignedContent>>;
  /**
   * Indications that report a status rather than an event: each group lists indication types
   * of which the history keeps only the latest per process (and per value of `key`, if
   * given). A detector that suspects and restores a process forever, or a leader detector
   * that keeps changing its mind, has an unbounded history otherwise. Sound for properties
   * that read only the current status (those of properties/failure-detectors).
   */
  statusIndications?: readonly StatusGroup[];
  /**
   * The handlers make random choices with `ctx.choose`, `ctx.coin` or `ctx.pick`. Each step
   * whose handler chooses is then explored as one branch per outcome (with its probability),
   * which the explorer finds by running the handler when it lists the enabled steps.
   */
  random?: boolean;
}

export interface StatusGroup {
  readonly types: readonly string[];
  readonly key?: string;
}

/** What a signature (or certificate) field of a message signs, from the message's other fields. */
export type SignedContent = (message: { readonly [field: string]: unknown }) => unknown;

/** The header fields that tell the Byzantine adversary what it may send. */
const ADVERSARY_KEYS: readonly string[] = ['messageFields', 'domains', 'signatures', 'certificates'];

/** The header fields of a protocol definition; everything else is its single role's handlers. */
const HEADER_KEYS = ['name', 'description', 'params', 'ordinals', 'pids', 'pidSets', 'statusIndications', 'random'] as const;

/**
 * Defines a protocol. Either several roles (`roles: { proposer: role<T, S>(...), ... }`) or,
 * for a protocol where every process plays the same part, the handlers of the single role
 * `process` directly.
 */
export function defineProtocol<T extends ProtocolTypes, S = unknown, const P extends Params = {}>(
  def: ProtocolHeader<P> & ({ roles: Record<string, RoleDef<T, any, Widen<P>>> } | RoleDef<T, S, Widen<P>>),
): ProtocolModule<P> {
  const params = (def.params ?? {}) as P;
  const header: Record<string, unknown> = { kind: 'protocol', params };
  const single: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def)) {
    if ((HEADER_KEYS as readonly string[]).includes(k) || ADVERSARY_KEYS.includes(k)) {
      if (v !== undefined && k !== 'params') header[k] = v;
    } else if (k !== 'roles') single[k] = v;
  }
  const roles = 'roles' in def ? def.roles : { process: single as unknown as RoleDef<any, any, any> };
  return { ...header, roles } as unknown as ProtocolModule<P>;
}
