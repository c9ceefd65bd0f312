/**
 * What this thread is doing, in a few words, kept where another thread can read it even while
 * this one is stuck: the CLI runs each check on a worker thread and stops it at the time limit,
 * and a handler that never returns cannot say anything then. A phase (building the model,
 * searching, the liveness pass) and the handler being run are written to a SharedArrayBuffer;
 * without one (in-process use, tests) writing costs one test.
 */

const CHARS = 240;
/** Two slots (the phase; the handler: its process, then role, kind and name separated by NULs), each a length and CHARS UTF-16 code units. */
const SLOT = CHARS + 1;

let board: Uint16Array | undefined;

/** From now on this thread writes what it does to `buffer` (a SharedArrayBuffer of ACTIVITY_BYTES), which `readActivity` reads on another thread. */
export function publishActivity(buffer: SharedArrayBuffer): void {
  board = new Uint16Array(buffer);
}

function write(slot: number, text: string): void {
  if (!board) return;
  const base = slot * SLOT;
  const n = Math.min(text.length, CHARS);
  for (let i = 0; i < n; i++) board[base + 1 + i] = text.charCodeAt(i);
  board[base] = n;
}

/** The pass under way ("searching", "the liveness pass", ...). */
export function setPhase(text: string): void {
  write(0, text);
}

/** Whether a board is set: callers skip gathering what they would write otherwise. */
export function publishing(): boolean {
  return board !== undefined;
}

/**
 * A handler is running: process p, its role, the kind of event and its name ("message",
 * "PREPARE"). Written as parts, not as one built string: this runs for every handler call.
 */
export function enterHandler(p: number, role: string, kind: string, name: string): void {
  if (!board) return;
  board[SLOT + 1] = p;
  let n = put(role, 0);
  n = put(kind, n);
  board[SLOT] = put(name, n);
}

/** Writes a part of the handler slot and its NUL from `n`; returns where the next part goes. */
function put(part: string, n: number): number {
  const b = board!;
  const base = SLOT + 2;
  for (let i = 0; i < part.length && n < CHARS - 1; i++) b[base + n++] = part.charCodeAt(i);
  b[base + n] = 0;
  return n + 1;
}

export function leaveHandler(): void {
  if (board) board[SLOT] = 0;
}

/** The size of a board, in bytes. */
export const ACTIVITY_BYTES = (2 * SLOT + 2) * 2;

/** What the thread that publishes to `board` (the buffer, or a copy of it) was doing when it was last seen. */
export function readActivity(board: SharedArrayBuffer | Uint16Array): { phase?: string; handler?: string } {
  const b = board instanceof Uint16Array ? board : new Uint16Array(board);
  const text = (from: number, n: number) => String.fromCharCode(...b.subarray(from, from + n));
  const phase = b[0] ? text(1, b[0]) : undefined;
  if (!b[SLOT]) return { phase };
  const [role, kind, name] = text(SLOT + 2, b[SLOT]).split('\0');
  return { phase, handler: `p${b[SLOT + 1]} (role ${role}) handling ${kind}${name ? ` ${name}` : ''}` };
}
