/**
 * The last-writer-wins register: a write is stamped with a timestamp above every one the
 * replica has seen (a Lamport clock) and the replica's id; the merge keeps the write with the
 * greater (timestamp, replica) pair. Concurrent writes may share a timestamp, and the replica
 * id breaks the tie the same way everywhere.
 *
 * `ties: arrival` is the classic mistake: on equal timestamps the write that arrives last wins,
 * so two replicas that receive two concurrent writes in opposite orders keep different values
 * for ever.
 */
import { stateBased } from './replication.ts';

type S = { ts: number; by: number; v: string | null };

export default stateBased<S, { ties: string }>({
  name: 'lww-register',
  description: 'last-writer-wins register: (Lamport timestamp, replica id) orders the writes (ties: arrival, the classic mistake)',
  params: { ties: 'replica' },
  updates: ['write'],
  init: () => ({ ts: 0, by: -1, v: null }),
  update: (s, req, self) => ({ ts: s.ts + 1, by: self, v: req.v as string }),
  merge(a, b, params) {
    if (b.ts !== a.ts) return b.ts > a.ts ? { ...b } : { ...a };
    if (params.ties === 'arrival') return { ...b };
    return b.by > a.by ? { ...b } : { ...a };
  },
  value: (s) => s.v,
});
