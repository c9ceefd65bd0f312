/**
 * The observable history: per process, the requests it received from above, the
 * indications it emitted, and its crashes and recoveries, in its local order. Properties
 * read only this. Keeping one sequence per process (not one global interleaving) is what
 * lets two runs that differ only in the order of unrelated events meet in one state.
 */
import { ModelError } from '../core/model.ts';
import type { Pid } from './protocol.ts';

export type HistoryEvent =
  | {
      readonly k: 'request';
      readonly v: { readonly type: string; readonly [field: string]: unknown };
      /**
       * Real time (only with the system option `realTime: true`): how many indications each
       * process had emitted when this request was received. An operation whose response is
       * among them returned before this one was invoked.
       */
      readonly before?: readonly number[];
      /** Causality (only with the system option `causality: true`): the process's true vector clock at this event (see `happenedBefore`). */
      readonly vc?: readonly number[];
    }
  | { readonly k: 'indication'; readonly v: { readonly type: string; readonly [field: string]: unknown }; readonly vc?: readonly number[] }
  | { readonly k: 'crash' }
  | { readonly k: 'recover' }
  /** Churn (churn.ts): the process left (it is down, its state gone) or joined again afresh from its role's init. */
  | { readonly k: 'leave' }
  | { readonly k: 'join' };

export interface History {
  /** The number of processes. */
  readonly n: number;
  /** A process's events in its local order. */
  events(p: Pid): readonly HistoryEvent[];
  /** Whether the process is down in this state. */
  isDown(p: Pid): boolean;
  /** The processes that are up in this state, Byzantine ones excepted: the correct ones, for a run that stays here (crashes are never undone in crash-stop). */
  correct(): Pid[];
  /** The processes that ever crashed. */
  faulty(): Pid[];
  /**
   * The Byzantine processes (`faults: { model: byzantine }`): they run no reducer, have an
   * empty history, and `correct()` leaves them out. Absent in hand-made histories: none.
   */
  byzantine?(): Pid[];
  roleOf(p: Pid): string;
  /**
   * The process's current state (null while it is down and lost its state). For
   * protocol-specific invariants over states, like Raft's log matching; properties that can
   * be said of the history alone should be.
   */
  state(p: Pid): unknown;
}

export type PropertyKind = 'safety' | 'liveness';

/** A property compiled for one system: safety is checked in every state, liveness where a fair run may stay forever. */
export interface SystemProperty {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  /** null when the property holds of this history; else what is wrong, in words. */
  check(h: History): string | null;
  /** Liveness: the goal must hold forever once reached (see `LivenessProperty.eventuallyAlways`). */
  readonly eventuallyAlways?: boolean;
}

/** What a property may know about the system it is checked in. */
export interface SystemInfo {
  readonly n: number;
  readonly roles: readonly string[];
  roleOf(p: Pid): string;
}

/**
 * A named, reusable property with parameters (named from the YAML:
 * `- agreement: { uniform: true }`). `make` returns the check for one system.
 */
export interface PropertyDef<P extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  /** The parameters with their defaults; the spec may set any of them. */
  readonly params: P;
  /** Liveness: "eventually always" rather than "always eventually" (see `LivenessProperty.eventuallyAlways`). */
  readonly eventuallyAlways?: boolean;
  make(params: P, system: SystemInfo): (h: History) => string | null;
}

/** A property without parameters, given by its check alone. */
export interface SimplePropertyDef {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description?: string;
  readonly eventuallyAlways?: boolean;
  /** null when the property holds of the history (and the processes' states, `h.state(p)`); else what is wrong, in words. */
  check(h: History, system: SystemInfo): string | null;
}

type Widened<P> = { -readonly [K in keyof P]: P[K] extends string ? string : P[K] extends boolean ? boolean : P[K] extends number ? number : P[K] };

/** Marks what defineProperty made, so a spec naming something else gets a clear error. */
const PROPERTY = Symbol.for('protocheck.property');

/**
 * Defines a property a spec can name: safety (checked in every reachable state: a violation
 * is a finite bad prefix) or liveness (judged where a fair run stays forever: a violation is
 * a lasso). Either `{ params, make(params, system) }`, or `{ check(h) }` for one without
 * parameters. Export it from a module beside the spec (`- ./props.ts#name`) or from the
 * protocol module's `properties`.
 */
export function defineProperty<const P extends Record<string, unknown>>(def: PropertyDef<Widened<P>> | SimplePropertyDef): PropertyDef {
  const full: PropertyDef =
    'make' in def
      ? (def as unknown as PropertyDef)
      : { name: def.name, kind: def.kind, description: def.description ?? def.name, params: {}, ...(def.eventuallyAlways ? { eventuallyAlways: true } : {}), make: (_p, system) => (h) => def.check(h, system) };
  return Object.defineProperty({ ...full }, PROPERTY, { value: true }) as PropertyDef;
}

/** Whether a value was made by defineProperty. */
export function isPropertyDef(x: unknown): x is PropertyDef {
  return x !== null && typeof x === 'object' && (x as Record<symbol, unknown>)[PROPERTY] === true;
}

/** The indications of one type at a process, in order. */
export function indications(h: History, p: Pid, type: string): { readonly type: string; readonly [f: string]: unknown }[] {
  return valuesOf(h, p, 'indication', type);
}

/** The requests of one type at a process, in order. */
export function requests(h: History, p: Pid, type: string): { readonly type: string; readonly [f: string]: unknown }[] {
  return valuesOf(h, p, 'request', type);
}

function valuesOf(h: History, p: Pid, k: 'request' | 'indication', type: string): { readonly type: string; readonly [f: string]: unknown }[] {
  const out = [];
  const es = h.events(p);
  // an index loop: for-of over a frozen array (the event lists are) is V8's slow path
  for (let i = 0; i < es.length; i++) {
    const e = es[i];
    if (e.k === k && e.v.type === type) out.push(e.v);
  }
  return out;
}

/**
 * Happens-before between two recorded events, from the vector clocks the system stamps on them
 * with `causality: true` (a → b exactly when a's clock is below b's, pointwise and not equal).
 * Throws when an event carries no clock: the spec lacks `causality: true`.
 */
export function happenedBefore(a: HistoryEvent, b: HistoryEvent): boolean {
  const va = 'vc' in a ? a.vc : undefined;
  const vb = 'vc' in b ? b.vc : undefined;
  if (!va || !vb) throw new ModelError(NO_CAUSALITY, 'causality', 2);
  let less = false;
  for (let q = 0; q < va.length; q++) {
    if (va[q] > vb[q]) return false;
    if (va[q] < vb[q]) less = true;
  }
  return less;
}

const NO_CAUSALITY = 'this property needs happens-before: add `causality: true` to the spec (the system then stamps every request and indication with its vector clock)';
