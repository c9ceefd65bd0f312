/**
 * Causality (`causality: true` in a spec): the system tracks happens-before itself, so that
 * properties can judge a protocol's clocks against the truth instead of trusting what the
 * protocol says about itself.
 *
 * Each process has its true vector clock (`clocks`): entry q counts the recorded events of q
 * (requests and indications in the history) that happened before the process's present point
 * or are its own. A step at p first joins the clock carried by the message it receives, then
 * ticks once for each event it records, in the order the history lists them, and stamps each
 * with the clock after its tick (`vc`); the messages it sends carry the clock after all of them
 * (within one atomic step the convention is: receive, then the recorded events, then the
 * sends). So for two recorded events a and b, a → b exactly when vc(a) < vc(b), pointwise and
 * not equal. A step that records nothing only joins what it received. Crashes and recoveries
 * are recorded but not stamped; a process's clock survives its crash.
 *
 * A clock is read and written only by the process's own steps (the received envelope is part
 * of the step), so the component adds no dependence between steps of different processes.
 * The network's identity of an envelope includes its clock (channels.ts): two sends of equal
 * content at different points of the run are different messages.
 */
import type { SystemComponent, SystemView } from './component.ts';
import type { HistoryEvent } from './history.ts';
import type { Channels } from './network/channels.ts';
import { copyOf, withSlot, type Envelope } from './world.ts';

type Clock = readonly number[];

/** The pointwise maximum; `a` itself when `b` adds nothing. */
function join(a: Clock, b: Clock): Clock {
  let out: number[] | undefined;
  for (let q = 0; q < a.length; q++) if (b[q] > a[q]) (out ??= copyOf(a))[q] = b[q];
  return out ? Object.freeze(out) : a;
}

function tick(v: Clock, p: number): Clock {
  const out = copyOf(v);
  out[p]++;
  return Object.freeze(out);
}

export function causality(sys: SystemView, channels: Channels): SystemComponent {
  const zero: Clock = Object.freeze(sys.all.map(() => 0));
  const duplication = sys.config.network.duplication;
  return {
    name: 'causality',
    kinds: [],
    init: () => ({ clocks: Object.freeze(sys.all.map(() => zero)) }),
    // runs after the network and the history have applied the step's sends and events
    effects(out, p, fx, event) {
      const clocks = out.clocks!;
      const before = clocks[p];
      const received = event.received?.vc;
      let v = received ? join(before, received) : before;
      const recorded = (event.request ? 1 : 0) + fx.indications.length;
      if (recorded) {
        const events: HistoryEvent[] = copyOf(out.history[p]);
        for (let i = events.length - recorded; i < events.length; i++) {
          v = tick(v, p);
          events[i] = Object.freeze({ ...(events[i] as Extract<HistoryEvent, { k: 'request' | 'indication' }>), vc: v });
        }
        out.history = withSlot(out.history, p, Object.freeze(events));
      }
      if (fx.sends.length) {
        // p's envelopes without a clock are the ones this step sent: stamp them and put them back in the channels' order
        const net: Envelope[] = [];
        const sent: Envelope[] = [];
        for (const e of out.net) (e.vc === undefined && e.from === p ? sent : net).push(e);
        if (sent.length) {
          for (const e of sent) channels.insert(net, Object.freeze({ ...e, vc: v }), duplication);
          out.net = net;
        }
      }
      if (v !== before) out.clocks = withSlot(clocks, p, v);
    },
    variables(w, vars) {
      vars.clocks = Object.fromEntries(sys.all.map((p) => [`p${p}`, w.clocks![p]]));
    },
    symmetryProblem: () => 'symmetry: vector clocks are indexed by process and a renaming does not permute them; symmetry is not supported with causality: true',
  };
}
