/**
 * Chord's correctness, over the nodes' states (chord.ts): the ring is consistent when the
 * live nodes that have joined, in identifier order, each have the next one as successor (so
 * nobody who joined is left outside and nobody who crashed is still in); a lookup is correct
 * when, routed from any of them along the successor pointers as the protocol routes it, it
 * ends at the key's successor among them. Both are "eventually, for good": while nodes join or
 * fail the ring may be in between, and stabilisation must repair it.
 */
import { defineProperty, type History } from '../../src/index.ts';
import { inHalfOpen, type ChordState } from './chord.ts';

function members(h: History): { p: number; s: ChordState }[] {
  const out: { p: number; s: ChordState }[] = [];
  for (let p = 0; p < h.n; p++) {
    const s = h.state(p) as ChordState | null;
    if (s?.active && !h.isDown(p)) out.push({ p, s });
  }
  return out.sort((a, b) => a.s.id - b.s.id);
}

/** Processes asked to join that are not in yet. */
function notJoined(h: History): number[] {
  const out: number[] = [];
  for (let p = 0; p < h.n; p++) if (!h.isDown(p) && h.events(p).some((e) => e.k === 'request' && e.v.type === 'join') && !(h.state(p) as ChordState).active) out.push(p);
  return out;
}

export const ringConsistency = defineProperty({
  name: 'ring-consistency',
  kind: 'liveness',
  eventuallyAlways: true,
  description: 'eventually, for good, every node asked to join has joined, and the successor of every live node of the ring is the next live node in identifier order',
  check(h) {
    const waiting = notJoined(h);
    if (waiting.length) return `${waiting.map((p) => `p${p}`).join(', ')} asked to join but never got in`;
    const ring = members(h);
    for (let i = 0; i < ring.length; i++) {
      const { p, s } = ring[i];
      const next = ring[(i + 1) % ring.length].p;
      if (s.succs[0] !== next) return `p${p} (id ${s.id}) has successor ${s.succs[0] === undefined ? 'none' : `p${s.succs[0]}`}, but the next node of the ring is p${next}`;
    }
    return null;
  },
});

export const lookupCorrectness = defineProperty({
  name: 'lookup-correctness',
  kind: 'liveness',
  eventuallyAlways: true,
  description: "eventually, for good, a lookup of any key from any live node of the ring, routed along the successor pointers, ends at the key's successor (the first live node of the ring at or after it)",
  check(h) {
    const ring = members(h);
    if (!ring.length) return null;
    const byPid = new Map(ring.map((m) => [m.p, m.s]));
    for (let key = 0; key < ring[0].s.size; key++) {
      const owner = (ring.find((m) => m.s.id >= key) ?? ring[0]).p;
      for (const start of ring) {
        let at = start.p;
        let found: number | undefined;
        for (let hop = 0; hop <= ring.length && found === undefined; hop++) {
          const s = byPid.get(at);
          const succ = s?.succs[0];
          if (!s || succ === undefined || !byPid.has(succ)) break;
          if (inHalfOpen(key, s.id, byPid.get(succ)!.id)) found = succ;
          else at = succ;
        }
        if (found !== owner) return `a lookup of key ${key} from p${start.p} ${found === undefined ? `is lost at p${at}` : `ends at p${found}`}, but its successor is p${owner}`;
      }
    }
    return null;
  },
});
