/**
 * A property's judgement over worlds. What a property can read of a world is its history, who
 * is down, and (`h.state`) the processes' states, so its verdict is reused:
 *
 * - while a world holds the same history and down objects as the last one judged, if the
 *   property read no state (a step that indicates nothing keeps its parent's history: siblings
 *   in a breadth-first search follow each other);
 * - for a world whose history and down flags equal, in content, those of a world judged before,
 *   if the property read no state there; and if it did, for a world whose process states equal
 *   those too. Interleavings that differ only in steps the history does not record reach equal
 *   histories as different objects (ABD's 47,004 states hold 74 distinct histories), and states
 *   that differ only in messages in flight and timers hold equal process states (a million
 *   states of Raft with free campaigning hold 3,493 distinct ones). The content is known by the
 *   64 bits the world's fingerprint already summed for those fields (world-hash.ts), so two
 *   different contents share a verdict only if those collide, as likely as two states sharing a
 *   fingerprint (2^-64 a pair). Worlds never hashed are judged each time: in random runs, and
 *   those whose canonical form (symmetry, ordinals) is another object, hashed instead.
 *
 * Properties must be deterministic functions of what they read, as everywhere: on equal
 * histories and down flags a property runs the same way up to its first `state` call, so it
 * reads a state on all of them or on none.
 */
import type { SystemProperty } from './history.ts';
import { HistoryView } from './history-view.ts';
import type { Pid } from './protocol.ts';
import type { World } from './world.ts';
import type { WorldHasher } from './world-hash.ts';

/** Contents remembered per property and memo; past it the memo starts again (memory stays bounded on searches of millions of states). */
const REMEMBERED = 1 << 16;

type Memo = Map<number, { readonly lo: number; readonly verdict: string | null }>;

function recall(memo: Memo, key: { hi: number; lo: number }): { readonly verdict: string | null } | undefined {
  const k = memo.get(key.hi);
  return k !== undefined && k.lo === key.lo ? k : undefined;
}

function remember(memo: Memo, key: { hi: number; lo: number }, verdict: string | null): void {
  if (memo.size >= REMEMBERED) memo.clear();
  memo.set(key.hi, { lo: key.lo, verdict });
}

/** `onStateRead`: called when the property read a process state (which core/dpor.ts cannot reduce under). */
export function judge(p: SystemProperty, hasher: WorldHasher, all: readonly Pid[], roles: readonly string[], byz: readonly Pid[], onStateRead?: () => void): (w: World) => string | null {
  const historyFields = [hasher.field('history'), hasher.field('down')];
  const procsField = [hasher.field('procs')];
  const byHistory: Memo = new Map();
  const byStates: Memo = new Map();
  const historyKey = { hi: 0, lo: 0 };
  // the history key with the process states mixed in
  const statesKey = { hi: 0, lo: 0 };
  let history: World['history'] | undefined;
  let down: World['down'] | undefined;
  let last: string | null = null;
  return (w) => {
    if (w.history === history && w.down === down) return last;
    historyKey.hi = 0x6a09e667;
    historyKey.lo = 0x3c6ef372;
    const keyed = hasher.fieldsKey(w, historyFields, historyKey);
    let statesKeyed = false;
    if (keyed) {
      const k = recall(byHistory, historyKey);
      if (k !== undefined) {
        history = w.history;
        down = w.down;
        return (last = k.verdict);
      }
      statesKey.hi = historyKey.hi;
      statesKey.lo = historyKey.lo;
      statesKeyed = hasher.fieldsKey(w, procsField, statesKey);
      const ks = statesKeyed ? recall(byStates, statesKey) : undefined;
      if (ks !== undefined) {
        history = undefined;
        return (last = ks.verdict);
      }
    }
    const view = new HistoryView(w, all, roles, byz);
    last = p.check(view);
    if (view.readState) onStateRead?.();
    history = view.readState ? undefined : w.history;
    down = w.down;
    if (view.readState ? statesKeyed : keyed) remember(view.readState ? byStates : byHistory, view.readState ? statesKey : historyKey, last);
    return last;
  };
}
