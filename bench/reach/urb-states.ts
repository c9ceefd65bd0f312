/**
 * The reachable states of urb-n5-f2.yaml's model counted without exploring it: why URB with
 * N = 5, f = 2 is out of reach of two minutes of explicit-state search (bench/README.md, reach).
 *
 *     node --import tsx bench/reach/urb-states.ts [N] [f]
 *
 * The model: specs/broadcast/urb.ts with `ackSets: true`, p0 broadcasting one message, a
 * reliable network, crash-stop with at most f crashes. A state is then fixed by
 *   - whether p0's request has been taken,
 *   - S, the processes that relayed the message (p0 once it broadcast; any other at its first
 *     receipt, in the same step),
 *   - for each process j the set R_j of processes it received the message from (its
 *     acknowledgers; kept sorted, so their order does not count): R_j ⊆ S, R_j nonempty
 *     exactly when j ≠ p0 relayed, and every relayer reachable from p0 along "j heard from i"
 *     (j's first receipt came from someone who relayed before it),
 *   - C, the crashed processes (|C| ≤ f).
 * The rest is a function of these: what j delivered (|R_j| > N/2), its pending list, the
 * messages in flight (i → j exactly when i ∈ S, i ∉ R_j and j is up: a crash drops what was
 * sent to the process), the histories (each process's events come in one order).
 * Every such state is reachable: take the receipts in an order where each relayer follows
 * one of its senders, then crash C. So the count is
 *     (Σ_{k ≤ f} C(N, k)) × (1 + #{(S, R)}),
 * the 1 being the states before the request (crashes may come first; a crashed p0 never
 * broadcasts). test/broadcast/urb-states.test.ts holds this count equal to the checker's at
 * N = 3 and 4 with f = 0 and 1.
 */

/** A permutation of the pids, as the image of each (p0 fixed). */
type Perm = readonly number[];

function mapSet(g: Perm, set: number): number {
  let out = 0;
  for (let j = 0; j < g.length; j++) if ((set >> j) & 1) out |= 1 << g[j];
  return out;
}

/**
 * The (S, R) configurations after p0's broadcast that the renaming g leaves as they are
 * (g(S) = S and R_{g(j)} = g(R_j)): with g the identity, all of them.
 */
function fixedConfigurations(n: number, g: Perm): bigint {
  let total = 0n;
  const R = new Array<number>(n).fill(0);
  for (let s = 1; s < 1 << n; s += 2) {
    if (mapSet(g, s) !== s) continue;
    const subsets: number[] = [];
    for (let r = s; ; r = (r - 1) & s) {
      subsets.push(r);
      if (r === 0) break;
    }
    // the relayers other than p0 in cycles of g; R is chosen for the first of each cycle
    const cycles: number[][] = [];
    const seen = new Set<number>();
    for (let j = 1; j < n; j++) {
      if (!((s >> j) & 1) || seen.has(j)) continue;
      const cycle = [j];
      seen.add(j);
      for (let k = g[j]; k !== j; k = g[k]) (cycle.push(k), seen.add(k));
      cycles.push(cycle);
    }
    const others = cycles.flat();
    let count = 0n;
    const assign = (c: number): void => {
      if (c === cycles.length) {
        let reached = 1;
        for (let grew = true; grew; ) {
          grew = false;
          for (const j of others) {
            if (!((reached >> j) & 1) && (R[j] & reached) !== 0) {
              reached |= 1 << j;
              grew = true;
            }
          }
        }
        if (reached === s) count++;
        return;
      }
      const cycle = cycles[c];
      for (const r of subsets) {
        if (r === 0) continue;
        // g^len must give r back, and then g carries it round the cycle
        let image = r;
        for (let k = 1; k < cycle.length; k++) {
          image = mapSet(g, image);
          R[cycle[k]] = image;
        }
        R[cycle[0]] = r;
        if (mapSet(g, image) !== r) continue;
        assign(c + 1);
      }
    };
    assign(0);
    total += count * BigInt(subsets.filter((r) => mapSet(g, r) === r).length); // R_0: any subset of S that g keeps
  }
  return total;
}

/** The crash sets of at most f processes that g leaves as they are. */
function fixedCrashSets(n: number, f: number, g: Perm): bigint {
  let count = 0n;
  for (let c = 0; c < 1 << n; c++) {
    let size = 0;
    for (let x = c; x !== 0; x &= x - 1) size++;
    if (size <= f && mapSet(g, c) === c) count++;
  }
  return count;
}

/** The states that g leaves as they are: those before the request and those after, under each crash set. */
function fixedStates(n: number, f: number, g: Perm): bigint {
  return fixedCrashSets(n, f, g) * (1n + fixedConfigurations(n, g));
}

const identity = (n: number): Perm => Array.from({ length: n }, (_, j) => j);

/** The reachable states of the model above with n processes and at most f crashes. */
export function urbStates(n: number, f: number): bigint {
  return fixedStates(n, f, identity(n));
}

/** The renamings of p1..p(n-1), p0 fixed. */
function renamings(n: number): Perm[] {
  const out: Perm[] = [];
  const perm = [...identity(n)];
  const go = (i: number): void => {
    if (i === n) return void out.push([...perm]);
    for (let k = i; k < n; k++) {
      [perm[i], perm[k]] = [perm[k], perm[i]];
      go(i + 1);
      [perm[i], perm[k]] = [perm[k], perm[i]];
    }
  };
  go(1);
  return out;
}

/**
 * The classes of those states under renamings of p1..p(n-1) (all alike: p0 alone broadcasts),
 * by Burnside's lemma: the mean over the renamings of the states each leaves as they are.
 */
export function urbClasses(n: number, f: number): bigint {
  const gs = renamings(n);
  let sum = 0n;
  for (const g of gs) sum += fixedStates(n, f, g);
  return sum / BigInt(gs.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 5);
  const f = Number(process.argv[3] ?? 2);
  console.log(`URB, N = ${n}, f = ${f}: ${urbStates(n, f).toLocaleString('en')} reachable states, ${urbClasses(n, f).toLocaleString('en')} classes under renamings of p1..p${n - 1}`);
}
