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

/** What a list kept as a set of processes is sorted by: the pid, or a record's first pid field. */
function pidKey(x: unknown, fields: ReadonlySet<string>): number {
  if (typeof x === 'number') return x;
  if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (fields.has(k) && typeof v === 'number') return v;
  return -1;
}

/**
 * Renames the numbers under the pid fields of a value (any depth), and sorts again the lists
 * under the `sets` fields; shares what does not change.
 */
function renameIn(v: unknown, fields: ReadonlySet<string>, under: boolean, map: readonly Pid[], sets?: ReadonlySet<string>): unknown {
  if (typeof v === 'number') return under && Number.isInteger(v) && v >= 0 && v < map.length ? map[v] : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const y = renameIn(v[i], fields, under, map, sets);
      if (y !== v[i]) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    let y = renameIn(x, fields, under || fields.has(k), map, sets);
    if (y !== x && sets?.has(k) && Array.isArray(y)) y = [...y].sort((a, b) => pidKey(a, fields) - pidKey(b, fields));
    if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
  }
  return out ?? v;
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
export function renameWorld(w: World, map: readonly Pid[], fields: ReadonlySet<string>, channels: Channels, sets?: ReadonlySet<string>): World {
  const rename = <T>(v: T): T => (fields.size ? (renameIn(v, fields, false, map, sets) as T) : v);
  const renameEvent = (e: HistoryEvent): HistoryEvent => {
    if (e.k === 'request') return { ...e, v: rename(e.v), ...(e.before ? { before: moveSlots(e.before, map) } : {}) };
    if (e.k === 'indication') return { ...e, v: rename(e.v) };
    return e;
  };
  const net = channels.sort(w.net.map((e): Envelope => ({ ...e, from: map[e.from], to: map[e.to], msg: rename(e.msg) })));
  return {
    ...w,
    procs: moveSlots(w.procs, map).map(rename),
    down: moveSlots(w.down, map),
    net,
    timers: moveSlots(w.timers, map),
    history: moveSlots(w.history, map).map((h) => h.map(renameEvent)),
    issued: moveSlots(w.issued, map),
    stored: moveSlots(w.stored, map).map(rename),
    detected: moveSlots(w.detected, map).map((ds) => ds.map((q) => map[q]).sort((x, y) => x - y)),
    ...(w.due ? { due: moveSlots(w.due, map) } : {}),
    ...(w.leader ? { leader: moveSlots(w.leader, map).map((l) => (l < 0 ? l : map[l])) } : {}),
    // Byzantine faults: the counts move with their recipients; the adversary's knowledge is a set sorted by content
    ...(w.byzSent ? { byzSent: moveSlots(w.byzSent, map) } : {}),
    ...(w.byzKnown ? { byzKnown: w.byzKnown.map(rename).sort((a, b) => (messageKey(a) < messageKey(b) ? -1 : messageKey(a) > messageKey(b) ? 1 : 0)) } : {}),
  };
}

/**
 * The canonical form of worlds under renamings within each group: processes of a group are
 * ordered by what they look like (their own slots), and those that look alike are tried in
 * every order (the least fingerprint wins). Groups are canonicalised one after the other.
 */
export function worldSymmetry(protocol: ProtocolModule, config: SystemConfig, channels: Channels, groups: readonly SymmetryGroup[]): Canonicaliser<World> {
  const fields = new Set(protocol.pids ?? []);
  const sets = protocol.pidSets?.length ? new Set(protocol.pidSets) : undefined;
  const n = config.processes.reduce((s, p) => s + p.count, 0);
  const steps = groups.map((g) => {
    const inGroup = new Set(g.pids);
    // a peer outside the group keeps its name; one inside may be renamed, so it is only "a peer"
    const peer = (q: Pid) => (inGroup.has(q) ? -1 : q);
    return symmetryReduction<World>({
      count: g.pids.length,
      // what the process looks like: its own slots and the messages it has in flight, to it and from it
      key: (w, i) => {
        const p = g.pids[i];
        const mail: string[] = [];
        for (const e of w.net) {
          if (e.to === p) mail.push(`<${peer(e.from)} ${messageKey(e.msg)} ${e.d ?? ''}`);
          if (e.from === p) mail.push(`>${peer(e.to)} ${messageKey(e.msg)} ${e.d ?? ''}`);
        }
        const key = [w.procs[p], w.down[p], w.timers[p], w.issued[p], w.history[p], w.stored[p], w.detected[p], w.due?.[p] ?? null, mail.sort()];
        if (w.byzSent) key.push(w.byzSent[p]);
        return key;
      },
      permute: (w, perm) => {
        const map = Array.from({ length: n }, (_, p) => p);
        g.pids.forEach((p, i) => (map[p] = g.pids[perm[i]]));
        return renameWorld(w, map, fields, channels, sets);
      },
    });
  });
  const canonical = (w: World) => steps.reduce((x, step) => step(x), w);
  // with one group, its class sizes; with several, a world's class under all of them is not
  // always the product of its classes under each (a renaming in one group may undo another's)
  const orbitSize = (w: World) => (steps.length === 1 ? steps[0].orbitSize(w) : undefined);
  return Object.assign(canonical, { orbitSize });
}
