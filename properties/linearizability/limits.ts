/** The limits a check runs under: memory by default, and the poll that stops a search. */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatSeconds, now } from './prepare.ts';

/**
 * What a check may hold by default: half of the machine's memory. The searches keep their
 * tables in typed arrays outside the JavaScript heap, so the heap's own limit is not the
 * bound; it is watched separately (model states live on it).
 */
export function defaultMemoryLimit(): number {
  return (machineHalf ??= Math.floor(totalmem() / 2));
}
let machineHalf: number | undefined;
let heapLimitBytes: number | undefined;

/** The share of the heap limit at which a search stops. */
const HEAP_GUARD = 0.85;

/**
 * A poll that says why the caller's time limit, signal, the JavaScript heap or the
 * process's resident memory (`maxRssBytes`) has stopped the check, or undefined.
 */
export function stopper(
  start: number,
  options: { timeoutMs?: number; signal?: AbortSignal; maxRssBytes?: number },
): () => string | undefined {
  const heapLimit = (heapLimitBytes ??= getHeapStatistics().heap_size_limit);
  let polls = 0;
  return () => {
    if (options.signal?.aborted) return 'the check was cancelled';
    if (options.timeoutMs !== undefined && now() - start >= options.timeoutMs) return `time limit of ${formatSeconds(options.timeoutMs)} reached`;
    if ((polls++ & 15) === 0) {
      const used = getHeapStatistics().used_heap_size;
      if (used > heapLimit * HEAP_GUARD)
        return `the JavaScript heap is at ${mib(used)} MiB, near its limit of ${mib(heapLimit)} MiB (raise it with NODE_OPTIONS=--max-old-space-size=...)`;
      if (options.maxRssBytes !== undefined) {
        const rss = process.memoryUsage.rss();
        if (rss > options.maxRssBytes) return `memory limit reached: ${mib(rss)} MiB resident (--max-memory ${mib(options.maxRssBytes)})`;
      }
    }
    return undefined;
  };
}

export const mib = (bytes: number): string => (bytes / 1048576).toFixed(0);
