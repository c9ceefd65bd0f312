/**
 * Starting the process a CLI check runs in (check-host.mjs; watchdog.ts drives it). The CLI
 * starts it before it loads its own modules when the command will need it, so that the two
 * start-ups (each loads the TypeScript loader and most of protocheck) overlap.
 */
import { fork, type ChildProcess } from 'node:child_process';

const HOST = new URL('./check-host.mjs', import.meta.url);

/** Heap flags of this process that the check's process should have too (NODE_OPTIONS it inherits anyway). */
const heapFlags = () => process.execArgv.filter((a) => /^--(max-old-space-size|max-semi-space-size|stack-size)=/.test(a));

let early: ChildProcess | undefined;

export function forkHost(): ChildProcess {
  return fork(HOST, [], { serialization: 'advanced', execArgv: heapFlags(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

/** Starts a host now for the command about to run (check, simulate). */
export function prestartHost(): void {
  early ??= forkHost();
  // until a check needs it, it does not keep this process alive (watchdog.ts holds it then)
  for (const h of [early, early.channel, early.stdout, early.stderr] as ({ unref?(): void } | null | undefined)[]) h?.unref?.();
}

/** The host started early, if any (once). */
export function takeEarlyHost(): ChildProcess | undefined {
  const h = early;
  early = undefined;
  return h;
}
