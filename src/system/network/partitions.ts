/**
 * Partitions: the adversary may split the processes into groups that cannot reach each other
 * (one of the configured partitions, at most `maxPartitions` times in a run); a partition
 * heals eventually (weak fairness). Messages across it stay in flight until it heals.
 */
import type { SystemComponent, SystemView } from '../component.ts';
import type { ActionOf, World } from '../world.ts';

export function partitions(sys: SystemView): SystemComponent {
  const { partitions: configured, maxPartitions } = sys.config.network;
  const groupOf = configured.map((groups) => {
    const g = new Map<number, number>();
    groups.forEach((grp, k) => grp.forEach((p) => g.has(p) || g.set(p, k)));
    return g;
  });
  const label = (k: number) => `partition ${configured[k].map((g) => `{${g.map((p) => `p${p}`).join(',')}}`).join(' | ')}`;
  return {
    name: 'partitions',
    kinds: ['partition', 'heal'],
    init: () => ({ partition: -1, partitionsUsed: 0 }),
    actions(w, phase, out) {
      if (phase === 'environment' && w.partition >= 0) out.push({ t: 'heal' });
      if (phase === 'adversary' && w.partition < 0 && w.partitionsUsed < maxPartitions) configured.forEach((_, k) => out.push({ t: 'partition', k }));
    },
    // without configured partitions nothing is ever cut: no check on every message
    ...(configured.length
      ? {
          cuts(w: World, from: number, to: number) {
            if (w.partition < 0) return false;
            const g = groupOf[w.partition];
            // the processes named in no group are together
            return (g.get(from) ?? -1) !== (g.get(to) ?? -1);
          },
        }
      : {}),
    step(w, a, out) {
      if (a.t === 'heal') out.partition = -1;
      else {
        out.partition = (a as ActionOf<'partition'>).k;
        out.partitionsUsed = w.partitionsUsed + 1;
      }
    },
    fairness: (_w, a) => (a.t === 'heal' ? 'weak' : 'none'),
    label: (a) => (a.t === 'heal' ? 'heal' : label((a as ActionOf<'partition'>).k)),
    stepKey: (a) => (a.t === 'heal' ? 'heal' : `partition ${(a as ActionOf<'partition'>).k}`),
    variables(w, vars) {
      if (configured.length) vars.partition = w.partition < 0 ? 'none' : label(w.partition);
    },
    assumptions: () => (configured.length ? ['a partition eventually heals'] : []),
    symmetryProblem: () => (configured.length ? 'symmetry: partitions name processes, so a renaming would change them; symmetry is not supported with partitions' : undefined),
  };
}
