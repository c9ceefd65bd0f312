/**
 * A property's judgement over worlds. A property that reads no process state (`h.state`) is a
 * function of the history and of who is down, so its verdict is reused:
 *
 * - while a world holds the same two objects as the last one judged (a step that indicates
 *   nothing keeps its parent's history: siblings in a breadth-first search follow each other);
 * - for a world whose history and down flags equal, in content, those of a world judged before:
 *   interleavings that differ only in steps the history does not record reach equal histories
 *   as different objects (ABD's 47,004 states hold 74 distinct histories), and a
 *   linearizability check is the costliest thing a state can ask for. The content is known by
 *   the 64 bits the world's fingerprint already summed for those two fields (world-hash.ts), so
 *   two different histories share a verdict only if those collide, as likely as two states
 *   sharing a fingerprint (2^-64 a pair). Worlds never hashed (random runs) skip this memo.
 *
 * A property that read a state is judged again each time. Properties must be deterministic
 * functions of what they read, as everywhere: a property that did not read a state on one
 * history does not on an equal one.
 */
import type { SystemProperty } from './history.ts';
import { HistoryView } from './history-view.ts';
import type { Pid } from './protocol.ts';
import type { World } from './world.ts';
import type { WorldHasher } from './world-hash.ts';

/** Distinct histories remembered per property; past it the memo starts again (memory stays bounded on searches of millions of states). */
const REMEMBERED = 1 << 16;

export function judge(p: SystemProperty, hasher: WorldHasher, all: readonly Pid[], roles: readonly string[], byz: readonly Pid[]): (w: World) => string | null {
  const historyField = hasher.field('history');
  const downField = hasher.field('down');
  const key = { hi: 0, lo: 0 };
  const known = new Map<number, { readonly lo: number; readonly verdict: string | null }>();
  let history: World['history'] | undefined;
  let down: World['down'] | undefined;
  let last: string | null = null;
  return (w) => {
    if (w.history === history && w.down === down) return last;
    const keyed = hasher.fieldsKey(w, historyField, downField, key);
    const hi = key.hi, lo = key.lo;
    if (keyed) {
      const k = known.get(hi);
      if (k !== undefined && k.lo === lo) {
        history = w.history;
        down = w.down;
        return (last = k.verdict);
      }
    }
    const view = new HistoryView(w, all, roles, byz);
    last = p.check(view);
    history = view.readState ? undefined : w.history;
    down = w.down;
    if (keyed && !view.readState) {
      if (known.size >= REMEMBERED) known.clear();
      known.set(hi, { lo, verdict: last });
    }
    return last;
  };
}
