/**
 * Symmetry of protocol roles (`symmetry: [acceptor]` in a spec): processes of a declared role
 * that have the same workload and may crash alike are interchangeable, and a world is
 * fingerprinted as a representative of its class under renamings of their pids (the core
 * helper in src/core/symmetry.ts picks it).
 *
 * A renaming moves every per-process slot (process states, down, timers, issued requests,
 * history, stored values, detected sets, timer deadlines, trusted leaders), renames the
 * envelopes' from/to, and renames the pids held as values: in the detected sets and leaders,
 * and, inside process states, messages, stored values, requests and indications, the numbers
 * under the field names the protocol declares with `defineProtocol({ pids: [...] })` (the
 * engine cannot tell a pid from a number). Sound when those fields are the only places that
 * name processes, the protocol treats the processes of the role alike (no `indexOf(self)`
 * tie-breaks among them) and the properties are symmetric: the protocol's and the spec's
 * promise, as with TLC's SYMMETRY.
 */
import { fingerprintHex } from '../core/fingerprint.ts';
import { symmetryReduction, type Canonicaliser } from '../core/symmetry.ts';
import type { SystemConfig } from './config.ts';
import type { HistoryEvent } from './history.ts';
import type { Pid, ProtocolModule } from './protocol.ts';
import type { Channels } from './network/channels.ts';
import type { Envelope, World } from './world.ts';
import { PidRenamer, type Renaming } from './pid-rename.ts';

/** The processes that may be renamed into each other. */
export interface SymmetryGroup {
  role: string;
  pids: Pid[];
}

/** The reasons `symmetry:` cannot be applied, in words (empty: it can). */
export function symmetryProblems(protocol: ProtocolModule, config: SystemConfig, roles: readonly string[], fromComponents: readonly string[]): string[] {
  const problems: string[] = [...fromComponents];
  const known = config.processes.map((p) => p.role);
  for (const r of roles) if (!known.includes(r)) problems.push(`symmetry: there is no role '${r}' among the processes (roles: ${known.join(', ')})`);
  if (!protocol.pids) problems.push(`symmetry: the protocol ${protocol.name} does not say where process ids appear in its states and messages; declare them with defineProtocol({ pids: [field names] }) (pids: [] if there are none)`);
  if (problems.length) return problems;
  const groups = symmetryGroups(config, roles);
  for (const r of roles) {
    if (!groups.some((g) => g.role === r)) problems.push(`symmetry: no two processes of role '${r}' are interchangeable (they differ in workload or in whether they may crash)`);
  }
  return problems;
}

/** Per declared role, the classes of its processes with the same workload and the same crash setting (classes of one left out). */
export function symmetryGroups(config: SystemConfig, roles: readonly string[]): SymmetryGroup[] {
  const roleOf: string[] = config.processes.flatMap(({ role, count }) => new Array<string>(count).fill(role));
  const crashable = new Set(config.faults.processes ?? roleOf.map((_, p) => p));
  const classes = new Map<string, SymmetryGroup>();
  roleOf.forEach((role, p) => {
    if (!roles.includes(role)) return;
    const workload = config.workload.filter((w) => w.process === p).map((w) => w.request);
    const key = `${role} ${crashable.has(p)} ${fingerprintHex(workload)}`;
    const g = classes.get(key) ?? { role, pids: [] };
    g.pids.push(p);
    classes.set(key, g);
  });
  return [...classes.values()].filter((g) => g.pids.length > 1);
}

const messageKeys = new WeakMap<object, string>();
/** A message's content key (messages without pids come through a renaming as the same object). */
function messageKey(msg: object): string {
  let k = messageKeys.get(msg);
  if (k === undefined) messageKeys.set(msg, (k = fingerprintHex(msg)));
  return k;
}

/** A per-process array with the slot of process p moved to map[p]. */
function moveSlots<T>(xs: readonly T[], map: readonly Pid[]): T[] {
  const out = new Array<T>(xs.length);
  for (let p = 0; p < xs.length; p++) out[map[p]] = xs[p];
  return out;
}

/**
 * The world with process p renamed map[p] everywhere. The network is put back in its
 * channels' canonical order (unordered: by channel then content; FIFO: by channel only,
 * keeping each channel's send order).
 */
export function renameWorld(w: World, map: readonly Pid[], renamer: PidRenamer, channels: Channels): World {
  return renamed(w, renamer.renaming(map), renamer, channels);
}

// Renamed parts are kept per part and renaming, frozen (so that their fingerprints are kept too).
function renameEvent(rn: PidRenamer, e: HistoryEvent, r: Renaming): HistoryEvent {
  if (e.k === 'request') return Object.freeze({ ...e, v: rn.rename(e.v, r), ...(e.before ? { before: moveSlots(e.before, r.map) } : {}) });
  if (e.k === 'indication') return Object.freeze({ ...e, v: rn.rename(e.v, r) });
  return e;
}
const renameEvents = (rn: PidRenamer, h: readonly HistoryEvent[], r: Renaming) => Object.freeze(h.map((e) => renameEvent(rn, e, r)));
const renameEnvelope = (rn: PidRenamer, e: Envelope, r: Renaming): Envelope => Object.freeze({ ...e, from: r.map[e.from], to: r.map[e.to], msg: rn.rename(e.msg, r) });

function renamed(w: World, r: Renaming, rn: PidRenamer, channels: Channels): World {
  const map = r.map;
  const procs = moveSlots(w.procs, map);
  const stored = moveSlots(w.stored, map);
  const history = moveSlots(w.history, map);
  for (let p = 0; p < procs.length; p++) {
    procs[p] = rn.rename(procs[p], r);
    stored[p] = rn.rename(stored[p], r);
    if (history[p].length) history[p] = rn.derive(history[p], r, renameEvents);
  }
  const moved = new Array<Envelope>(w.net.length);
  for (let i = 0; i < moved.length; i++) moved[i] = rn.derive(w.net[i], r, renameEnvelope);
  return {
    ...w,
    procs,
    down: moveSlots(w.down, map),
    net: channels.sort(moved),
    timers: moveSlots(w.timers, map),
    history,
    issued: moveSlots(w.issued, map),
    stored,
    detected: moveSlots(w.detected, map).map((ds) => (ds.length === 0 ? ds : ds.map((q) => map[q]).sort((x, y) => x - y))),
    ...(w.due ? { due: moveSlots(w.due, map) } : {}),
    ...(w.leader ? { leader: moveSlots(w.leader, map).map((l) => (l < 0 ? l : map[l])) } : {}),
    // Byzantine faults: the counts move with their recipients; the adversary's knowledge is a set sorted by content
    ...(w.byzSent ? { byzSent: moveSlots(w.byzSent, map) } : {}),
    ...(w.byzKnown ? { byzKnown: w.byzKnown.map((m) => rn.rename(m, r)).sort((a, b) => (messageKey(a) < messageKey(b) ? -1 : messageKey(a) > messageKey(b) ? 1 : 0)) } : {}),
  };
}

// A process's view of a part: its pids relative to the process (see `relative` below).
const relView = (rn: PidRenamer, v: object, r: Renaming) => rn.rename(v, r);
const relEvents = (rn: PidRenamer, h: readonly HistoryEvent[], r: Renaming) => h.map((e) => (e.k === 'request' || e.k === 'indication' ? [e.k, rn.rename(e.v, r)] : e.k));
const relKey = (rn: PidRenamer, v: unknown, r: Renaming): unknown => (v !== null && typeof v === 'object' ? rn.keyOf(v, r, relView) : v);

/**
 * The canonical form of worlds under renamings within each group: processes of a group are
 * ordered by what they look like (their own slots), and those that look alike are tried in
 * every order (the least fingerprint wins). Groups are canonicalised one after the other.
 * `hash` is the model's fingerprint, by which renamings are compared.
 */
export function worldSymmetry(protocol: ProtocolModule, config: SystemConfig, channels: Channels, groups: readonly SymmetryGroup[], hash?: (w: World) => void): Canonicaliser<World> {
  const renamer = new PidRenamer(new Set(protocol.pids ?? []), protocol.pidSets?.length ? new Set(protocol.pidSets) : undefined);
  const n = config.processes.reduce((s, p) => s + p.count, 0);
  const steps = groups.map((g) => {
    const k = g.pids.length;
    const index = new Int32Array(n).fill(-1);
    g.pids.forEach((p, i) => (index[p] = i));
    // a peer outside the group keeps its name; one inside may be renamed, so it is only "a peer"
    const peer = (q: Pid) => (index[q] >= 0 ? -1 : q);
    // The key of process p must not change when the others are renamed (else two renamings of
    // one world sort their processes differently and get different forms): inside it, p is
    // -2, another process of the group -1, a process outside the group itself.
    const relative = g.pids.map((p) => renamer.renaming(Array.from({ length: n }, (_, q) => (q === p ? -2 : peer(q)))));
    // a message in flight as the i-th process sees it (to it, or from it)
    const toMe = (rn: PidRenamer, e: Envelope, r: Renaming) => `<${r.map[e.from]} ${relKey(rn, e.msg, r)} ${e.d ?? ''}`;
    const fromMe = (rn: PidRenamer, e: Envelope, r: Renaming) => `>${r.map[e.to]} ${relKey(rn, e.msg, r)} ${e.d ?? ''}`;
    // the mail of every process of the group, in one pass over the network per world
    const mail: string[][] = g.pids.map(() => []);
    let mailOf: World | undefined;
    const mailIn = (w: World, i: number): string => {
      if (w !== mailOf) {
        mailOf = w;
        for (const m of mail) m.length = 0;
        for (const e of w.net) {
          const t = index[e.to], f = index[e.from];
          // a message to itself is its recipient's only (toMe's r.map[e.from] is then -2)
          if (t >= 0) mail[t].push(renamer.derive(e, relative[t], toMe));
          if (f >= 0 && f !== t) mail[f].push(renamer.derive(e, relative[f], fromMe));
        }
        for (const m of mail) m.sort();
      }
      return mail[i].join(';');
    };
    const byPerm = new Map<number, Renaming>();
    return symmetryReduction<World>({
      count: k,
      hash,
      // what the process looks like: its own slots and the messages it has in flight, to it and from it
      key: (w, i) => {
        const p = g.pids[i];
        const r = relative[i];
        const h = w.history[p];
        const history = h.length === 0 ? '' : renamer.keyOf(h, r, relEvents);
        const detected = w.detected[p].length === 0 ? '' : w.detected[p].map((q) => r.map[q]).sort((x, y) => x - y).join(',');
        const due = w.due ? fingerprintHex(w.due[p]) : '';
        const byz = w.byzSent ? w.byzSent[p] : '';
        return `${relKey(renamer, w.procs[p], r)}|${w.down[p]}|${w.timers[p].join(',')}|${w.issued[p]}|${history}|${relKey(renamer, w.stored[p], r)}|${detected}|${due}|${byz}|${mailIn(w, i)}`;
      },
      permute: (w, perm) => {
        let code = 0;
        for (let i = 0; i < k; i++) code = code * k + perm[i];
        let r = byPerm.get(code);
        if (r === undefined) {
          const map = Array.from({ length: n }, (_, p) => p);
          g.pids.forEach((p, i) => (map[p] = g.pids[perm[i]]));
          byPerm.set(code, (r = renamer.renaming(map)));
        }
        return renamed(w, r, renamer, channels);
      },
    });
  });
  const canonical = (w: World) => steps.reduce((x, step) => step(x), w);
  // with one group, its class sizes; with several, a world's class under all of them is not
  // always the product of its classes under each (a renaming in one group may undo another's)
  const orbitSize = (w: World) => (steps.length === 1 ? steps[0].orbitSize(w) : undefined);
  return Object.assign(canonical, { orbitSize });
}
