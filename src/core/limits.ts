/**
 * The limits that end a search as inconclusive (states, depth, time, memory), worded once,
 * and the one heap guard every strategy calls: a search must end with the figures it reached,
 * never with V8's out-of-memory crash.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, resourceLimits } from 'node:worker_threads';

/**
 * Heap limits of a worker thread (node:worker_threads' ResourceLimits, written out here so that
 * the package's published types need no @types/node).
 */
export interface ThreadLimits {
  maxOldGenerationSizeMb?: number;
  maxYoungGenerationSizeMb?: number;
  codeRangeSizeMb?: number;
  stackSizeMb?: number;
}

/** `interrupted`: the check was stopped from outside (Ctrl-C), not by a limit of its own; `undecided`: an estimate's interval straddles a bound (more runs may decide it). */
export type LimitKind = 'states' | 'depth' | 'time' | 'memory' | 'interrupted' | 'undecided';

export interface Limit {
  kind: LimitKind;
  message: string;
}

/** `during`: what was being done, for a limit hit outside the main search (e.g. " while building the state graph for liveness"). */
export function statesLimit(distinct: number, max: number, during = ''): Limit {
  return { kind: 'states', message: `state limit reached${during}: ${distinct} distinct states (--max-states ${max})` };
}

export function timeLimit(elapsedMs: number, maxMs: number, during = ''): Limit {
  return { kind: 'time', message: `time limit reached after ${(elapsedMs / 1000).toFixed(1)} s${during} (--time-limit ${maxMs / 1000})` };
}

export function depthLimit(maxDepth: number): Limit {
  return { kind: 'depth', message: `depth limit reached: states at depth ${maxDepth} were not expanded (--max-depth ${maxDepth})` };
}

/**
 * The memory guards: the process's resident memory against `--max-memory`, and this
 * thread's JavaScript heap against its limit. `rss` is passed in so that a caller can share
 * one reading; `where` names the thread (" of worker 2"), `during` the pass.
 */
export function memoryLimit(rss: number, maxMemoryMB: number | undefined, where = '', during = ''): Limit | undefined {
  if (maxMemoryMB !== undefined && rss > maxMemoryMB * 1048576) {
    return { kind: 'memory', message: `memory limit reached${during}: ${(rss / 1048576).toFixed(0)} MiB resident (--max-memory ${maxMemoryMB})` };
  }
  const h = getHeapStatistics();
  const max = oldGenerationLimit(h.heap_size_limit);
  if (h.used_heap_size > max * HEAP_GUARD) {
    return {
      kind: 'memory',
      message: `the JavaScript heap${where} is ${(h.used_heap_size / 1048576).toFixed(0)} MiB${during}, near its limit of ${(max / 1048576).toFixed(0)} MiB (raise it with NODE_OPTIONS=--max-old-space-size=...)`,
    };
  }
  return undefined;
}

/**
 * What the heap may hold before V8 gives up: the old generation's limit. heap_size_limit
 * adds the young generation (48 MiB by default), which matters for small heaps: with
 * --max-old-space-size=64 it says 112 MiB, and the heap dies at 64.
 */
function oldGenerationLimit(heapSizeLimit: number): number {
  const young = (!isMainThread && resourceLimits.maxYoungGenerationSizeMb ? resourceLimits.maxYoungGenerationSizeMb : 48) * 1048576;
  const old = Math.max(heapSizeLimit / 2, heapSizeLimit - young);
  // a worker's own limit, unless the process-wide flag (--max-old-space-size) is lower
  if (!isMainThread && resourceLimits.maxOldGenerationSizeMb) return Math.min(old, resourceLimits.maxOldGenerationSizeMb * 1048576);
  return old;
}

/** The share of the heap limit at which a search stops. */
export const HEAP_GUARD = 0.85;

const MEMORY_EVERY_MS = 20;

/**
 * When a search reads its memory. Reading the resident size costs about 10 µs, and 150 µs in a
 * Paxos search while the collector's threads were busy (2.5 % of its CPU at a read every 256
 * states). Below half of every limit (the heap's, and --max-memory's), the next read waits
 * MEMORY_EVERY_MS; nearer, every check reads.
 */
export class MemoryClock {
  private at = -Infinity;
  private every = 0;
  /** Half of the lower limit, in bytes. */
  private readonly far: number;

  constructor(maxMemoryMB: number | undefined) {
    const heap = oldGenerationLimit(getHeapStatistics().heap_size_limit) * HEAP_GUARD;
    this.far = (maxMemoryMB === undefined ? heap : Math.min(heap, maxMemoryMB * 1048576)) / 2;
  }

  due(now: number): boolean {
    return now - this.at >= this.every;
  }

  /** A read of `rss` at `now`. */
  read(rss: number, now: number): void {
    this.at = now;
    this.every = rss < this.far ? MEMORY_EVERY_MS : 0;
  }
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection now, for a search that keeps its memory near --max-memory (--spill):
 * V8 lets garbage build up and its heap grow as it sees fit, not knowing the limit, so the
 * resident memory can pass it while what is alive stays well below (TwoPhase RM=7 spilling: 15
 * MiB of live heap, and the heap grown to 67). V8 gives its own function for it only to a
 * context made after --expose-gc is set.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gc = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}
