/**
 * State-based replication of a CRDT (Shapiro et al.): every replica applies its own updates,
 * sends its whole state to the others, and merges what it receives with the join of the
 * type's lattice. Gossip on update: a replica sends its state once after each update
 * (enough over reliable links); with `antiEntropy: true` it also resends its state on a
 * timer, forever (what a lossy network needs: fair-loss links deliver only what is sent again
 * and again).
 *
 * A replica reports its value (`{ type: value, v }`) after each update and each merge that
 * changes its state; the history keeps the latest (a status indication). Which updates a
 * report reflects is for the system to say (`causality: true`), not the replica.
 */
import { defineProtocol, type Pid, type ProtocolModule } from '../../src/index.ts';

/** A state-based CRDT: its state, its updates, the join of its lattice and its query. States are plain data. */
export interface Crdt<S, P extends Record<string, unknown>> {
  name: string;
  description: string;
  params: P;
  /** The request types that update it. */
  updates: readonly string[];
  init(n: number, params: P): S;
  update(s: S, req: { type: string; [f: string]: unknown }, self: Pid, params: P): S;
  merge(a: S, b: S, params: P): S;
  value(s: S): unknown;
}

type Req = { type: string; [f: string]: unknown };
type Msg = { type: 'STATE'; s: unknown };
type Ind = { type: 'value'; v: unknown };

export function stateBased<S, P extends Record<string, unknown>>(crdt: Crdt<S, P>): ProtocolModule {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const others = (ctx: { self: Pid; all: readonly Pid[] }) => ctx.all.filter((q) => q !== ctx.self);
  const update = (st: { s: unknown }, req: Req, ctx: any) => {
    const s = crdt.update(st.s as S, req, ctx.self, ctx.params as P);
    ctx.indicate({ type: 'value', v: crdt.value(s) });
    ctx.broadcast({ type: 'STATE', s }, others(ctx));
    return { s };
  };
  // the CRDT's parameters are its own; the replication adds antiEntropy
  return defineProtocol<{ message: Msg; request: Req; indication: Ind; timer: 'gossip' }, { s: S }, any>({
    name: crdt.name,
    description: crdt.description,
    params: { ...crdt.params, antiEntropy: false },
    statusIndications: [{ types: ['value'] }],
    init(ctx) {
      if (ctx.params.antiEntropy) ctx.setTimer('gossip');
      return { s: crdt.init(ctx.n, ctx.params) };
    },
    requests: Object.fromEntries(crdt.updates.map((t) => [t, update])),
    messages: {
      STATE(st, m, _from, ctx) {
        const s = crdt.merge(st.s as S, m.s as S, ctx.params as P);
        if (same(s, st.s)) return;
        ctx.indicate({ type: 'value', v: crdt.value(s) });
        return { s };
      },
    },
    timers: {
      gossip(st, ctx) {
        ctx.broadcast({ type: 'STATE', s: st.s }, others(ctx));
        ctx.setTimer('gossip');
      },
    },
  }) as unknown as ProtocolModule;
}
