/**
 * The network: messages in flight, delivered in the order its channel discipline allows,
 * and what the adversary may do to them: lose them (fair-loss or arbitrary loss) and
 * deliver them more than once (duplication). With duplication the network holds at most one
 * copy of each (from, to, message) in flight: a copy is delivered and removed, or delivered
 * and kept (a duplicate); sending it again while in flight changes nothing.
 */
import type { StepInfo } from '../../core/model.ts';
import { ModelError } from '../../core/model.ts';
import type { ProcessStep, SystemComponent, SystemView } from '../component.ts';
import { copyOf, eventText, noneDownTracker, without, type ActionOf, type Envelope, type World } from '../world.ts';
import { envKey, type Channels } from './channels.ts';
import { Offers } from './offers.ts';

type NetAction = ActionOf<'deliver' | 'duplicate' | 'drop'>;

/** An envelope in one line; under causality with the sender's clock, which tells two sends of equal content apart. */
const envText = (e: Envelope): string => `${eventText(e.msg)} p${e.from}→p${e.to}${e.vc === undefined ? '' : ` @[${e.vc.join(',')}]`}`;

/**
 * Labels and step keys, per message object: one string per kind of step, sender and recipient,
 * built once. The searches that keep the fair-cycle graph or use partial-order reduction intern
 * both for every action of every state; an envelope in flight is the same message object in
 * every state that holds it, and V8 keeps a string's hash, so looking the same string up again
 * is cheap where building and hashing a new one was not.
 */
const texts = new WeakMap<object, Map<number, string>>();
const KINDS: Record<string, number> = { deliver: 0, duplicate: 1, drop: 2 };
function textOf(t: string, e: Envelope, key: 0 | 1, make: () => string): string {
  const m = e.msg as unknown;
  if (e.vc !== undefined || typeof m !== 'object' || m === null) return make();
  let per = texts.get(m);
  if (per === undefined) texts.set(m, (per = new Map()));
  // at most 1,000 processes (spec/references.ts)
  const code = ((KINDS[t] * 2 + key) * 1024 + e.from) * 1024 + e.to;
  let text = per.get(code);
  if (text === undefined) per.set(code, (text = make()));
  return text;
}

export function network(sys: SystemView, channels: Channels): SystemComponent {
  const cfg = sys.config.network;
  const lossy = cfg.loss !== 'none';
  // a reliable network without duplication offers the adversary nothing: no need to look
  const adversarial = cfg.duplication || lossy;
  const reachable = (w: World, e: Envelope): boolean => !w.down[e.to] && sys.linkUp(w, e.from, e.to);
  const duplicable = (w: World, e: Envelope): boolean => cfg.duplication && reachable(w, e);
  const noneDown = noneDownTracker();
  /** Whether every offered message can be delivered now: no one is down and nothing cuts links. */
  const allReachable = (w: World): boolean => noneDown(w) && !sys.cutsLinks();
  // random runs: which messages are offered, followed through the run (offers.ts)
  const offers = new Offers(channels);
  return {
    name: 'network',
    kinds: ['deliver', 'duplicate', 'drop'],
    init: () => ({ net: [] }),
    actions(w, phase, out) {
      const n = w.net.length;
      if (phase === 'process') {
        for (let i = 0; i < n; i++) if (channels.offered(w.net, i) && reachable(w, w.net[i])) out.push({ t: 'deliver', i, e: w.net[i] });
      } else if (phase === 'adversary' && adversarial) {
        for (let i = 0; i < n; i++) {
          if (!channels.offered(w.net, i)) continue;
          const e = w.net[i];
          if (duplicable(w, e)) out.push({ t: 'duplicate', i, e });
          if (lossy) out.push({ t: 'drop', i, e });
        }
      }
    },
    countActions(w, phase) {
      if (phase === 'environment' || (phase === 'adversary' && !adversarial)) return 0;
      const net = w.net;
      if (phase === 'process' && allReachable(w)) return offers.countOf(net);
      let k = 0;
      for (let i = 0; i < net.length; i++) {
        if (!offers.offered(net, i)) continue;
        const e = net[i];
        k += phase === 'process' ? (reachable(w, e) ? 1 : 0) : (duplicable(w, e) ? 1 : 0) + (lossy ? 1 : 0);
      }
      return k;
    },
    actionAt(w, phase, k) {
      const net = w.net;
      const all = phase === 'process' && allReachable(w);
      if (all) {
        const i = offers.indexOf(net, k);
        if (i >= 0) return { t: 'deliver', i, e: net[i] };
      } else {
        for (let i = 0; i < net.length; i++) {
          if (!offers.offered(net, i)) continue;
          const e = net[i];
          if (phase === 'process') {
            if (reachable(w, e) && k-- === 0) return { t: 'deliver', i, e };
            continue;
          }
          if (duplicable(w, e) && k-- === 0) return { t: 'duplicate', i, e };
          if (lossy && k-- === 0) return { t: 'drop', i, e };
        }
      }
      throw new RangeError(`the network offers no ${phase} step number ${k}`);
    },
    processStep(w, a): ProcessStep | undefined {
      if (a.t !== 'deliver' && a.t !== 'duplicate') return undefined;
      const env = w.net[a.i];
      const fn = sys.role(env.to).messages?.[env.msg.type];
      if (!fn) throw new ModelError(`p${env.to} (role ${sys.roleOf(env.to)}) received ${eventText(env.msg)} from p${env.from} but its role has no handler for ${env.msg.type} messages`, 'missing-handler', 1);
      return { p: env.to, invoke: { call: 'message', fn, msg: env.msg, from: env.from }, key: env, received: env };
    },
    describe(w, a) {
      const env = w.net[(a as NetAction).i];
      return `message ${eventText(env.msg)} from p${env.from}`;
    },
    // a delivered message leaves the network, a duplicated one stays; a dropped one is lost
    step(w, a, out) {
      if (a.t === 'duplicate') return;
      const i = (a as NetAction).i;
      out.net = without(w.net, i);
      if (sys.sampling()) offers.removed(w.net, out.net, i);
    },
    effects(out, _p, fx) {
      if (!fx.sends.length) return;
      const net = copyOf(out.net);
      const bound = sys.sendBound(out);
      const follow = sys.sampling() && offers.follows(out.net);
      for (const e of fx.sends) {
        // messages to a process that is down are lost
        if (out.down[e.to]) continue;
        const j = channels.insert(net, bound === undefined ? e : Object.freeze({ ...e, d: bound }), cfg.duplication);
        if (follow && j >= 0) offers.inserted(net, j);
      }
      out.net = net;
      if (follow) offers.record(out.net);
    },
    onCrash(out, p) {
      const net: Envelope[] = [];
      for (let i = 0; i < out.net.length; i++) if (out.net[i].to !== p) net.push(out.net[i]);
      out.net = net;
    },
    fairness(w, a) {
      // in a timed model a message at its bound is delivered or lost before time passes: over
      // lossy links its loss is owed (weakly fair), so a run cannot stop time at a message the
      // adversary neither delivers nor drops
      if (a.t === 'drop') return (a as NetAction).e.d === 0 ? 'weak' : 'none';
      if (a.t !== 'deliver') return 'none';
      const e = w.net[a.i];
      // a crashed sender's messages are owed only where P waits for them
      if (w.down[e.from] && !sys.owesCrashedMessages()) return 'none';
      return cfg.loss === 'arbitrary' ? 'none' : cfg.loss === 'fair' ? 'strong' : 'weak';
    },
    label(a) {
      const { t, e } = a as NetAction;
      return textOf(t, e, 0, () => `${t} ${envText(e)}`);
    },
    stepKey(a) {
      const { t, e } = a as NetAction;
      return textOf(t, e, 1, () => `${t} ${e.from}>${e.to} ${envKey(e)}`);
    },
    actor: (a) => (a.t === 'deliver' ? a.e.to : -1),
    // with duplication the network keeps one copy per envelope, so a send and a delivery of equal envelopes do not commute
    dependent: (a, b, _pa, pb) => cfg.duplication && a.t === 'deliver' && a.e.from === pb,
    // with duplication as above; on FIFO channels a message becomes deliverable when the one before it is taken, so what
    // made it deliverable is not all that made it (its send): the sender in the footprint keeps the send before it
    touches: (a) => ((cfg.duplication || cfg.ordering === 'fifo') && a.t === 'deliver' ? [a.e.from] : undefined),
    stepInfo(w, a): StepInfo {
      const e = w.net[(a as NetAction).i];
      return { process: e.to, kind: a.t, received: { from: e.from, message: e.msg } };
    },
    variables(w, vars) {
      vars.network = w.net.map((e) => `${envText(e)}${e.d === undefined ? '' : ` (due in ${e.d})`}`);
    },
    assumptions: () => [
      cfg.loss === 'none'
        ? 'every message between live processes is eventually delivered (weak fairness)'
        : cfg.loss === 'fair'
          ? 'a message sent again and again between live processes is eventually delivered (strong fairness: fair-loss links)'
          : 'none for messages (lossy links may drop every one)',
      ...(cfg.loss !== 'none' && (sys.config.timing?.model ?? 'asynchronous') !== 'asynchronous' ? ['a message at its delivery bound is delivered or lost before time passes'] : []),
    ],
  };
}
