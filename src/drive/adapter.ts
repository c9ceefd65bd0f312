/**
 * What `protocheck drive` needs from an implementation: an adapter, written by its owner, that
 * starts the processes and takes the steps a trace names (a request from above, a message
 * delivered, a timer fired, a crash, a recovery, a failure detector's output), translating the
 * model's values to the implementation's and back. What the implementation does in a step is
 * collected from the sink `start` receives (emitted during the call, or before its promise
 * resolves) and from what the call returns; both count.
 */

/** The system a trace was recorded in. */
export interface DriveSystem {
  /** How many processes: 0..n-1. */
  readonly n: number;
  readonly processes: readonly { readonly id: number; readonly name: string; readonly role: string }[];
  /** The protocol's parameters the trace was recorded with (`relay: false`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The trace file, for messages. */
  readonly trace: string;
}

/** Where the implementation's effects go, in the model's terms. */
export interface DriveSink {
  /** Process p emitted this indication (`{ type: 'deliver', src: 0, m: 'a' }`). */
  indicate(p: number, indication: unknown): void;
  /** Process `from` sent this message to `to`. */
  send(from: number, to: number, message: unknown): void;
}

/** Effects returned by a step, all of the step's process (an alternative to the sink). */
export interface StepEffects {
  indications?: readonly unknown[];
  sent?: readonly { to: number; message: unknown }[];
}

type Step = StepEffects | void | Promise<StepEffects | void>;

/**
 * An implementation under test, driven by the steps of a trace. `start` is called once per
 * trace with a fresh system; every other method takes one step. A method the implementation
 * cannot do may be left out: a trace that needs it stops there (exit 3, saying which). Throw to
 * say the implementation could not take the step (exit 3 too).
 */
export interface DriveAdapter {
  /** true when the adapter reports what the implementation sends: then sends are compared too, and a delivery needs its message to have been sent. */
  readonly reportsSends?: boolean;
  start(system: DriveSystem, sink: DriveSink): void | Promise<void>;
  /** A request from above at process p (`{ type: 'broadcast', m: 'a' }`). */
  request(p: number, request: unknown): Step;
  /** Deliver `message` from `from` to `to`. */
  deliver(from: number, to: number, message: unknown): Step;
  /** Fire process p's timer of this name. */
  timer?(p: number, name: string): Step;
  /** Process p crashes (stops; its state is lost unless stored). */
  crash?(p: number): Step;
  /** Process p recovers from its stable storage. */
  recover?(p: number): Step;
  /** A failure detector's output at process p: P detected a crash, ◇P suspects or restores, Ω trusts `process`. */
  detector?(p: number, event: { type: 'crash' | 'suspect' | 'restore' | 'trust'; process: number }): Step;
  /** Called after the last step (or the first that differs), to stop the implementation. */
  stop?(): void | Promise<void>;
}
