/**
 * State machine replication: replicas indicate `{ type: 'output', v }` for each command they
 * apply (the names are parameters). Deterministic replicas that apply the same commands in
 * the same order give the same outputs; at any moment, one replica's outputs are a prefix
 * of another's.
 */
import { defineProperty, indications, type History } from '../../src/system/history.ts';

const show = (x: unknown) => JSON.stringify(x);

function outputs(h: History, p: number, indication: string, value: string): unknown[] {
  return indications(h, p, indication).map((o) => o[value]);
}

export const sameOutputs = defineProperty({
  name: 'same-outputs',
  kind: 'safety',
  description: 'replicas give the same outputs in the same order: of any two replicas (uniform: false, any two correct ones), the outputs of one are a prefix of the outputs of the other',
  params: { indication: 'output', value: 'v', uniform: true },
  make: (p) => (h) => {
    const who = p.uniform ? Array.from({ length: h.n }, (_, i) => i) : h.correct();
    const seqs = who.map((q) => outputs(h, q, p.indication, p.value));
    for (let a = 0; a < who.length; a++) {
      for (let b = a + 1; b < who.length; b++) {
        const [x, y] = [seqs[a], seqs[b]];
        const i = x.findIndex((v, k) => k < y.length && show(v) !== show(y[k]));
        if (i >= 0) return `p${who[a]} output ${x.map(show).join(', ')} but p${who[b]} output ${y.map(show).join(', ')}: output ${i + 1} differs`;
      }
    }
    return null;
  },
});
