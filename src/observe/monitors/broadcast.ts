/**
 * Streaming monitors of the broadcast and link properties (properties/broadcast). What each
 * keeps: no-duplication, fifo-order, causal-order and total-order the messages each process
 * delivered (and causal-order a vector per message); no-creation the messages sent; validity
 * and agreement only the messages not yet delivered everywhere, plus the identities of those
 * that were (so a late copy is recognised). None keeps the events themselves.
 */
import { describeKey, keyOf, type Vocabulary } from '../../../properties/broadcast/messages.ts';
import type { HistoryEvent } from '../../system/history.ts';
import { BAIL, type MonitorFactory } from './monitor.ts';

type V = Vocabulary & Record<string, unknown>;
type Ev = { readonly type: string; readonly [f: string]: unknown };

const sent = (v: V, e: HistoryEvent): e is HistoryEvent & { k: 'request'; v: Ev } => e.k === 'request' && e.v.type === v.request;
const delivered = (v: V, e: HistoryEvent): e is HistoryEvent & { k: 'indication'; v: Ev } => e.k === 'indication' && e.v.type === v.indication;
const deliveredKey = (v: V, e: { v: Ev }): string => keyOf(v, e.v[v.sender] as number, e.v);

export const noDuplication: MonitorFactory = (params) => {
  const v = params as V;
  const seen: Set<string>[] = [];
  return {
    event(q, e) {
      if (!delivered(v, e)) return null;
      const s = (seen[q] ??= new Set());
      const k = deliveredKey(v, e);
      if (s.has(k)) return `p${q} delivered ${describeKey(k)} twice`;
      s.add(k);
      return null;
    },
  };
};

export const noCreation: MonitorFactory = (params) => {
  const v = params as V;
  const sentKeys = new Set<string>();
  return {
    event(q, e) {
      if (sent(v, e)) sentKeys.add(v.target ? `${keyOf(v, q, e.v)}@${e.v[v.target]}` : keyOf(v, q, e.v));
      else if (delivered(v, e)) {
        const k = deliveredKey(v, e);
        if (!sentKeys.has(v.target ? `${k}@${q}` : k)) return `p${q} delivered ${describeKey(k)}, which was never ${v.target ? `sent to p${q}` : 'broadcast'}`;
      }
      return null;
    },
  };
};

/** Per process, the position of its first delivery of each message. */
class Deliveries {
  private readonly first: Map<string, number>[] = [];
  private readonly count: number[] = [];
  of(q: number): Map<string, number> {
    return (this.first[q] ??= new Map());
  }
  /** Records a delivery; false when q had delivered k before. */
  add(q: number, k: string): boolean {
    const m = this.of(q);
    const pos = (this.count[q] = (this.count[q] ?? 0) + 1);
    if (m.has(k)) return false;
    m.set(k, pos);
    return true;
  }
}

/** How many of a sender's messages, from its first on, a process has delivered: advanced lazily. */
function contiguous(done: Map<string, number>, keys: readonly string[], counters: number[], s: number): number {
  let c = counters[s] ?? 0;
  while (c < keys.length && done.has(keys[c])) c++;
  counters[s] = c;
  return c;
}

export const fifoOrder: MonitorFactory = (params, system) => {
  const v = params as V;
  const keysOf: string[][] = [];
  const order = new Map<string, { s: number; index: number }>();
  const got = new Deliveries();
  const counters: number[][] = [];
  return {
    event(q, e) {
      if (sent(v, e)) {
        const k = keyOf(v, q, e.v);
        const keys = (keysOf[q] ??= []);
        order.set(k, { s: q, index: keys.length });
        keys.push(k);
        // a message delivered before this send was recorded: its deliveries are judged again
        for (let r = 0; r < system.n; r++) {
          const at = got.of(r).get(k);
          if (at === undefined) continue;
          for (const earlier of keys.slice(0, -1)) {
            const t = got.of(r).get(earlier);
            if (t === undefined || t >= at) return `p${r} delivered ${describeKey(k)} before ${describeKey(earlier)}, which p${q} broadcast first`;
          }
        }
        return null;
      }
      if (!delivered(v, e)) return null;
      const k = deliveredKey(v, e);
      const o = order.get(k);
      if (o) {
        const keys = keysOf[o.s];
        const c = contiguous(got.of(q), keys, (counters[q] ??= []), o.s);
        if (c < o.index) return `p${q} delivered ${describeKey(k)} before ${describeKey(keys[c])}, which p${o.s} broadcast first`;
      }
      got.add(q, k);
      return null;
    },
  };
};

/**
 * Causal order with a vector per message: the causal past of a broadcast holds, per sender, a
 * prefix of its broadcasts, so counts say it. That holds while every message delivered was
 * broadcast before and none is broadcast twice; otherwise the monitor bails out.
 */
export const causalOrder: MonitorFactory = (params) => {
  const v = params as V;
  const keysOf: string[][] = [];
  const info = new Map<string, { s: number; index: number; past: number[] }>();
  const knows: number[][] = [];
  const got = new Deliveries();
  const counters: number[][] = [];
  return {
    event(q, e) {
      if (sent(v, e)) {
        const k = keyOf(v, q, e.v);
        if (info.has(k)) return BAIL;
        const keys = (keysOf[q] ??= []);
        const K = (knows[q] ??= []);
        info.set(k, { s: q, index: keys.length, past: K.slice() });
        keys.push(k);
        K[q] = keys.length;
        return null;
      }
      if (!delivered(v, e)) return null;
      const k = deliveredKey(v, e);
      const o = info.get(k);
      if (!o) return BAIL;
      const done = got.of(q);
      for (let s = 0; s < o.past.length; s++) {
        const need = o.past[s] ?? 0;
        if (need === 0) continue;
        const c = contiguous(done, keysOf[s], (counters[q] ??= []), s);
        if (c < need) return `p${q} delivered ${describeKey(k)} before ${describeKey(keysOf[s][c])}, which causally precedes it`;
      }
      got.add(q, k);
      const K = (knows[q] ??= []);
      for (let s = 0; s < o.past.length; s++) if ((o.past[s] ?? 0) > (K[s] ?? 0)) K[s] = o.past[s];
      if ((K[o.s] ?? 0) < o.index + 1) K[o.s] = o.index + 1;
      return null;
    },
  };
};

/**
 * Total order among all processes (uniform), pair by pair: when a message becomes common to
 * p and q, every message common before must come before it at both. A process delivering a
 * message twice makes the monitor bail out (the definition then compares last deliveries).
 */
export const totalOrder: MonitorFactory = (params, system) => {
  const v = params as V & { uniform: boolean };
  if (!v.uniform) return undefined;
  const pos: Map<string, number>[] = [];
  const count: number[] = [];
  /** highest[a].get(b): the latest position at b of a message common to a and b. */
  const highest: Map<number, number>[] = [];
  const posOf = (q: number) => (pos[q] ??= new Map());
  return {
    event(a, e) {
      if (!delivered(v, e)) return null;
      const k = deliveredKey(v, e);
      if (posOf(a).has(k)) return BAIL;
      const pa = (count[a] = (count[a] ?? 0) + 1);
      posOf(a).set(k, pa);
      const bad: number[] = [];
      for (let b = 0; b < system.n; b++) {
        const pb = b === a ? undefined : pos[b]?.get(k);
        if (pb === undefined) continue;
        const ha = (highest[a] ??= new Map());
        if ((ha.get(b) ?? -1) > pb) bad.push(b);
        else {
          ha.set(b, pb);
          (highest[b] ??= new Map()).set(a, pa);
        }
      }
      if (bad.length === 0) return null;
      const b = bad[0];
      const [lo, hi] = a < b ? [a, b] : [b, a];
      // the pair the definition names first: in lo's order, the first message out of order
      const lop = posOf(lo);
      const hip = posOf(hi);
      let x = k;
      let y = k;
      if (lo === a) {
        for (const [m] of lop) if (m !== k && (hip.get(m) ?? -1) > hip.get(k)!) {
          x = m;
          break;
        }
      } else {
        for (const [m, at] of lop) if (at > lop.get(k)! && hip.has(m)) {
          y = m;
          break;
        }
      }
      return `p${lo} and p${hi} delivered ${describeKey(x)} and ${describeKey(y)} in different orders`;
    },
  };
};

interface Owed {
  sends: { s: number; payload: unknown; to?: number; seq: number }[];
  got: Set<number>;
}

/** validity and agreement: what is owed, forgotten once every process delivered it (when the processes are known). */
class Ledger {
  readonly owed = new Map<string, Owed>();
  readonly everywhere = new Set<string>();
  constructor(
    private readonly system: { n: number; fixed: boolean },
    private readonly settledBy: (o: Owed) => boolean,
  ) {}
  entry(k: string): Owed | undefined {
    if (this.everywhere.has(k)) return undefined;
    let o = this.owed.get(k);
    if (!o) this.owed.set(k, (o = { sends: [], got: new Set() }));
    return o;
  }
  settle(k: string, o: Owed): void {
    if (this.system.fixed && this.settledBy(o)) {
      this.owed.delete(k);
      this.everywhere.add(k);
    }
  }
}

export const validity: MonitorFactory = (params, system) => {
  const v = params as V & { recipients: string };
  let seq = 0;
  // a message is settled once nothing can make it owed again: every process delivered it (all), or
  // its sender did (self: a copy sent again has the same sender); point-to-point sends never are,
  // as the same message may be sent again to another process
  const ledger = new Ledger(system, (o) => !v.target && (v.recipients === 'all' ? o.got.size >= system.n : o.sends.length > 0 && o.got.has(o.sends[0].s)));
  return {
    event(q, e) {
      if (sent(v, e)) {
        const k = keyOf(v, q, e.v);
        const o = ledger.entry(k);
        if (!o) return null;
        o.sends.push({ s: q, payload: e.v[v.payload], ...(v.target ? { to: e.v[v.target] as number } : {}), seq: seq++ });
        ledger.settle(k, o);
      } else if (delivered(v, e)) {
        const k = deliveredKey(v, e);
        const o = ledger.entry(k);
        if (!o) return null;
        o.got.add(q);
        ledger.settle(k, o);
      }
      return null;
    },
    end(h) {
      const correct = h.correct();
      let best: { s: number; seq: number; text: string } | undefined;
      for (const o of ledger.owed.values()) {
        for (const m of o.sends) {
          if (h.isDown(m.s) || (best && (m.s > best.s || (m.s === best.s && m.seq > best.seq)))) continue;
          const who = v.target ? [m.to!] : v.recipients === 'all' ? correct : [m.s];
          const q = who.find((r) => !h.isDown(r) && !o.got.has(r));
          if (q !== undefined) best = { s: m.s, seq: m.seq, text: `p${m.s} ${v.request === 'broadcast' ? 'broadcast' : 'sent'} ${JSON.stringify(m.payload)} but correct p${q} never delivered it` };
        }
      }
      return best?.text ?? null;
    },
  };
};

export const agreement: MonitorFactory = (params, system) => {
  const v = params as V & { uniform: boolean };
  const ledger = new Ledger(system, (o) => o.got.size >= system.n);
  return {
    event(q, e) {
      if (!delivered(v, e)) return null;
      const k = deliveredKey(v, e);
      const o = ledger.entry(k);
      if (!o) return null;
      o.got.add(q);
      ledger.settle(k, o);
      return null;
    },
    end(h) {
      const correct = h.correct();
      let best: { q: number; text: string } | undefined;
      for (const [k, o] of ledger.owed) {
        const r = correct.find((c) => !o.got.has(c));
        if (r === undefined) continue;
        let q = -1;
        for (const d of o.got) if ((v.uniform || !h.isDown(d)) && (q < 0 || d < q)) q = d;
        if (q < 0 || (best && best.q <= q)) continue;
        best = { q, text: `p${q}${h.isDown(q) ? ' (since crashed)' : ''} delivered ${describeKey(k)} but correct p${r} never did` };
      }
      return best?.text ?? null;
    },
  };
};
