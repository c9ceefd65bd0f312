/** Exit codes, as DESIGN.md fixes them. */
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  inconclusive: 3,
  /** Ctrl-C: what had finished is reported, and the figures of the check under way. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose message is meant for the user as it is: no stack trace, a chosen exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
