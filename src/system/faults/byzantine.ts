/**
 * Byzantine faults: the processes named run no reducer; the explorer chooses their moves from a
 * finite vocabulary (vocabulary.ts), so a protocol author writes only the correct process.
 *
 * - What the Byzantine processes receive is absorbed into the adversary's knowledge (`byzKnown`,
 *   a set of messages pooled across them: they collude) when it is sent; it never waits in the
 *   network. They have no state, timers or history, their workload requests are never issued,
 *   and they are never crashed.
 * - A move (`forge`) sends a message of the vocabulary in the name of a Byzantine process to a
 *   correct one, which handles it at once: sending it and delivering it later is the same run as
 *   sending it later, because the adversary's knowledge only grows (for liveness too: its
 *   messages are never owed, so a forged message left in flight is a message not sent).
 *   Different messages to different processes are equivocation; a received message sent on is a
 *   replay; taking no move is silence.
 * - Bounds that keep the state space finite: at most `messages` forged messages per correct
 *   recipient in a run (`byzSent`), and the vocabulary's own (its header says which). The report
 *   states both.
 * - Independence: a forge to q reads the knowledge, which other steps only enlarge (and as a
 *   sorted set, in either order), and writes q's state and count: it is a local step of q, as
 *   long as a larger knowledge still offers it. The largest certificate the adversary can build
 *   grows with its knowledge and replaces the smaller one, so with certificates a forge is
 *   dependent on every step.
 */
import { ModelError } from '../../core/model.ts';
import type { ProcessStep, SystemComponent, SystemView } from '../component.ts';
import type { Effects } from '../handlers/context.ts';
import { eventText, withSlot, type ActionOf, type Msg, type World } from '../world.ts';
import { crashes } from './crashes.ts';
import { keyOf, Vocabulary } from './vocabulary.ts';

type Forge = ActionOf<'forge'>;

const pnames = (ps: readonly number[]) => ps.map((p) => `p${p}`).join(', ');

/** The Byzantine processes a spec names (default: the last `max`), checked against the system. */
export function byzantineProcesses(sys: SystemView): number[] {
  const { max, processes } = sys.config.faults;
  const byz = processes ?? sys.all.slice(Math.max(0, sys.n - max));
  for (const p of byz) if (!Number.isInteger(p) || p < 0 || p >= sys.n) throw new Error(`faults: there is no process ${p} to make Byzantine (processes are 0..${sys.n - 1})`);
  if (byz.length > max) throw new Error(`faults: ${byz.length} Byzantine processes named (${pnames(byz)}) but max is ${max}`);
  if (byz.length >= sys.n) throw new Error('faults: at least one process must be correct');
  return [...new Set(byz)].sort((a, b) => a - b);
}

export function byzantine(sys: SystemView): SystemComponent {
  if (sys.config.failureDetector !== 'none') throw new Error(`faults: byzantine does not combine with a failure detector (${sys.config.failureDetector}): the oracles are defined for crashes`);
  if (sys.protocol.ordinals?.length) throw new Error('faults: byzantine does not combine with ordinals (the renumbering does not reach the adversary\'s knowledge)');
  const byz = byzantineProcesses(sys);
  const isByz = new Set(byz);
  const correct = sys.all.filter((p) => !isByz.has(p));
  const vocab = new Vocabulary(sys.protocol, sys.n, byz);
  const types = vocab.types();
  if (!types.length) throw new Error(`faults: byzantine needs the protocol ${sys.protocol.name} to declare its messages' fields (defineProtocol({ messageFields: { TYPE: [field, ...] }, domains: { field: [values] } }))`);
  const k = sys.config.faults.messages ?? types.length;
  const dropped = sys.config.workload.filter((w) => isByz.has(w.process)).length;
  const base = crashes(sys, 'none');
  const byzInit = sys.all.map(() => 0);
  const certified = Object.keys(sys.protocol.certificates ?? {}).length > 0;

  const knowledge = new Map<string, readonly Msg[]>();
  const absorb = (known: readonly Msg[], msgs: readonly Msg[]): readonly Msg[] => {
    let out: Msg[] | undefined;
    for (const m of msgs) {
      const key = keyOf(m);
      const list: readonly Msg[] = out ?? known;
      let lo = 0, hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keyOf(list[mid]) < key) lo = mid + 1;
        else hi = mid;
      }
      if (lo < list.length && keyOf(list[lo]) === key) continue;
      (out ??= known.slice()).splice(lo, 0, m);
    }
    if (!out) return known;
    // one array per distinct knowledge, so that the vocabulary built for it is reused on every path that reaches it
    const key = out.map(keyOf).join(' ');
    let interned = knowledge.get(key);
    if (!interned) knowledge.set(key, (interned = Object.freeze(out)));
    return interned;
  };

  /**
   * A move the recipient ignores (its handler changes nothing and emits nothing) only spends the
   * adversary's budget: every run with it is a run without it, so it is not offered. A handler
   * that throws keeps the move, so that taking it reports the throw.
   */
  const idle = (w: World, a: Forge): boolean => {
    let fx: Effects;
    try {
      fx = sys.effectsOf(w, component.processStep!(w, a)!, () => component.describe!(w, a));
    } catch {
      return false;
    }
    return fx.state === w.procs[a.to] && !fx.sends.length && !fx.indications.length && !fx.setTimers.length && !fx.cancelTimers.length && !fx.stored;
  };

  const component: SystemComponent = {
    ...base,
    kinds: ['forge'],
    init: () => ({ ...base.init!(), byzKnown: Object.freeze([]), byzSent: Object.freeze(byzInit.slice()) }),
    actions(w, phase, out) {
      if (phase !== 'adversary') return;
      const known = w.byzKnown!;
      const sent = w.byzSent!;
      const msgs = vocab.messages(known);
      for (const to of correct) {
        if (sent[to] >= k) continue;
        const handlers = sys.role(to).messages ?? {};
        for (const p of byz) {
          if (!sys.linkUp(w, p, to)) continue;
          for (const msg of msgs) if (handlers[msg.type] && !idle(w, { t: 'forge', p, to, msg })) out.push({ t: 'forge', p, to, msg });
        }
      }
    },
    processStep(_w, a): ProcessStep {
      const { p, to, msg } = a as Forge;
      const fn = sys.role(to).messages?.[msg.type];
      if (!fn) throw new ModelError(`p${to} has no handler for ${msg.type} messages`, 'missing-handler', 1);
      return { p: to, invoke: { call: 'message', fn, msg, from: p }, key: `forge ${p} ${keyOf(msg)}`, received: { from: p, to, msg } };
    },
    describe: (_w, a) => `message ${eventText((a as Forge).msg)} from p${(a as Forge).p} (Byzantine)`,
    step(w, a, out) {
      const { to } = a as Forge;
      out.byzSent = withSlot(w.byzSent!, to, w.byzSent![to] + 1);
    },
    effects(out, p, fx, ev) {
      base.effects!(out, p, fx, ev);
      let any = false;
      for (const e of fx.sends) if (isByz.has(e.to)) any = true;
      if (!any) return;
      out.byzKnown = absorb(out.byzKnown!, fx.sends.filter((e) => isByz.has(e.to)).map((e) => e.msg));
      out.net = out.net.filter((e) => !isByz.has(e.to));
    },
    fairness: () => 'none',
    label: (a) => {
      const { p, to, msg } = a as Forge;
      return `p${p} (Byzantine) sends ${eventText(msg)} to p${to}`;
    },
    stepKey: (a) => {
      const { p, to, msg } = a as Forge;
      return `forge ${p}>${to} ${keyOf(msg)}`;
    },
    // a certificate built from every token held changes as the knowledge grows, so a forge that
    // carries one may be disabled by another process's step: then it commutes with nothing
    actor: (a) => (certified ? -1 : (a as Forge).to),
    variables(w, vars) {
      for (const p of byz) vars[`p${p}`] = 'Byzantine';
      vars.adversary = { knows: w.byzKnown!.map(eventText), sent: Object.fromEntries(correct.map((q) => [`p${q}`, w.byzSent![q]])) };
    },
    assumptions: () => [`none for the Byzantine processes (${pnames(byz)}): they may stay silent`],
    // symmetry renames correct processes only: the Byzantine ones form a class of their own (symmetry.ts groups by faults.processes)
    symmetryProblem: () =>
      sys.config.faults.processes === undefined
        ? 'symmetry: with Byzantine faults, name the Byzantine processes (faults.processes), so that they are never renamed into correct ones'
        : (sys.protocol.signatures || sys.protocol.certificates) && !sys.protocol.pids?.includes('by')
          ? "symmetry: the protocol signs, so its pids must include 'by' (the signer of a signature token)"
          : undefined,
    byzantine: () => byz,
    adversary: () =>
      `Byzantine ${pnames(byz)} (f = ${sys.config.faults.max}; ${pnames(correct)} correct): each correct process receives at most ${k} message${k === 1 ? '' : 's'} from them in a run; ` +
      `they send any ${types.join(', ')} whose fields take the declared domains and the values they received, any signature they received or make in their own name, the certificates they received or can build, and replays` +
      (dropped ? `; ${dropped} workload request${dropped === 1 ? '' : 's'} of theirs not issued (a Byzantine process runs no reducer)` : ''),
  };
  return component;
}
