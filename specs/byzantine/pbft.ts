/**
 * The normal case of PBFT (Castro and Liskov) for a single slot in a fixed view, as Byzantine
 * consensus with N = 3f + 1: the primary sends PRE-PREPARE(v) of its proposal; a backup accepts
 * the first PRE-PREPARE from the primary and sends PREPARE(v); a process that accepted v and
 * holds 2f PREPARE(v) from distinct backups is prepared (with the primary's PRE-PREPARE, 2f + 1
 * processes vouch for v: two such quorums share a correct process, so no two values are prepared)
 * and sends COMMIT(v); a prepared process decides v on 2f + 1 COMMIT(v). Own PREPAREs and COMMITs
 * count at once. There is no view change: a Byzantine primary may stop the protocol (termination
 * is owed only when the primary is correct), but never make correct processes disagree.
 *
 * `quorumDelta: -1` asks one PREPARE and one COMMIT fewer: a Byzantine primary then gets a and b
 * prepared and committed at different backups.
 */
import { defineProtocol, type Ctx, type Pid } from '../../src/index.ts';
import type { Draft } from 'immer';

type Message = { type: 'PREPREPARE'; v: string } | { type: 'PREPARE'; v: string } | { type: 'COMMIT'; v: string };
type Request = { type: 'propose'; v: string };
type Indication = { type: 'decide'; v: string };
type Params = { primary: number; f: number; quorumDelta: number };
type C = Ctx<{ message: Message; request: Request; indication: Indication }, Params>;

interface State {
  /** The value accepted from the primary's PRE-PREPARE (the primary: its own proposal). */
  accepted: string | null;
  prepared: boolean;
  decided: boolean;
  /** Who sent PREPARE and COMMIT for each value (sorted). */
  prepares: Record<string, Pid[]>;
  commits: Record<string, Pid[]>;
}

function note(list: Pid[], q: Pid): boolean {
  if (list.includes(q)) return false;
  list.splice(list.filter((x) => x < q).length, 0, q);
  return true;
}

const others = (ctx: C) => ctx.all.filter((q) => q !== ctx.self);

function accept(s: Draft<State>, v: string, ctx: C): void {
  s.accepted = v;
  // from now on only v counts: what was noted for other values is dropped, and they are ignored
  s.prepares = s.prepares[v] ? { [v]: s.prepares[v] } : {};
  s.commits = s.commits[v] ? { [v]: s.commits[v] } : {};
  if (ctx.self !== ctx.params.primary) {
    ctx.broadcast({ type: 'PREPARE', v }, others(ctx));
    onPrepare(s, v, ctx.self, ctx);
  } else checkPrepared(s, ctx);
}

function onPrepare(s: Draft<State>, v: string, q: Pid, ctx: C): void {
  if (q === ctx.params.primary || !note((s.prepares[v] ??= []), q)) return;
  checkPrepared(s, ctx);
}

function checkPrepared(s: Draft<State>, ctx: C): void {
  const v = s.accepted;
  if (s.prepared || v === null || (s.prepares[v]?.length ?? 0) < 2 * ctx.params.f + ctx.params.quorumDelta) return;
  s.prepared = true;
  ctx.broadcast({ type: 'COMMIT', v }, others(ctx));
  onCommit(s, v, ctx.self, ctx);
}

function onCommit(s: Draft<State>, v: string, q: Pid, ctx: C): void {
  if (!note((s.commits[v] ??= []), q)) return;
  checkDecided(s, ctx);
}

function checkDecided(s: Draft<State>, ctx: C): void {
  const v = s.accepted;
  if (s.decided || !s.prepared || v === null || (s.commits[v]?.length ?? 0) < 2 * ctx.params.f + 1 + ctx.params.quorumDelta) return;
  s.decided = true;
  ctx.indicate({ type: 'decide', v });
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, Params>({
  name: 'pbft-single-slot',
  params: { primary: 0, f: 1, quorumDelta: 0 },
  messageFields: { PREPREPARE: ['v'], PREPARE: ['v'], COMMIT: ['v'] },
  domains: { v: ['a', 'b'] },
  init: () => ({ accepted: null, prepared: false, decided: false, prepares: {}, commits: {} }),
  requests: {
    propose(s, req, ctx) {
      if (ctx.self !== ctx.params.primary || s.accepted !== null) return;
      ctx.broadcast({ type: 'PREPREPARE', v: req.v }, others(ctx));
      accept(s, req.v, ctx);
    },
  },
  messages: {
    PREPREPARE(s, msg, from, ctx) {
      if (from === ctx.params.primary && s.accepted === null && ctx.self !== ctx.params.primary) accept(s, msg.v, ctx);
    },
    PREPARE: (s, msg, from, ctx) => (s.prepared || (s.accepted !== null && msg.v !== s.accepted) ? undefined : onPrepare(s, msg.v, from, ctx)),
    COMMIT: (s, msg, from, ctx) => (s.decided || (s.accepted !== null && msg.v !== s.accepted) ? undefined : onCommit(s, msg.v, from, ctx)),
  },
});
