/**
 * The Lua scripts of a distributed search. Each runs atomically in Redis, and the append-only
 * file logs its effects as one transaction, so that a worker (or Redis) that dies leaves
 * either all of a script's effects or none.
 *
 * - `testAndSet` (one visited part): for each fingerprint, HSETNX its parent link; 1 when this
 *   call added it, or when the link already there is the one given. The second case is a
 *   batch done again after its first worker died between inserting its successors and
 *   committing them: the successors it had claimed are claimed again by the same parent and
 *   action, so the batch that redoes the work emits them (no state lost), and no other batch
 *   can emit them (none counted twice).
 * - `commit` (the run's keys): if the batch is still pending and owned by this worker, ack it,
 *   add its figures and findings, and append its new states to the next level, all at once. A
 *   worker whose batch was claimed by another (it was taken for dead) gets 0 and drops it.
 * - `advance`: when every batch of the level has been committed, start the next level (or end
 *   the search when it is empty or a violation was found).
 */
import type { Store } from './store.ts';

const TEST_AND_SET = `
local r = {}
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then r[#r + 1] = 1
  elseif redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then r[#r + 1] = 1
  else r[#r + 1] = 0 end
end
return r`;

// KEYS: meta, level d, level d+1, found, coverage
// ARGV: consumer, batch id, d, generated, new, quiescent, truncated, ncov, (kind, taken, distinct)*, nfound, finding*, nout, (fps, states)*
const COMMIT = `
local p = redis.call('XPENDING', KEYS[2], 'w', ARGV[2], ARGV[2], 1)
if #p == 0 or p[1][2] ~= ARGV[1] then return 0 end
redis.call('XACK', KEYS[2], 'w', ARGV[2])
local d = tonumber(ARGV[3])
redis.call('HINCRBY', KEYS[1], 'acked:' .. d, 1)
redis.call('HINCRBY', KEYS[1], 'generated', ARGV[4])
redis.call('HINCRBY', KEYS[1], 'distinct', ARGV[5])
redis.call('HINCRBY', KEYS[1], 'quiescent', ARGV[6])
if ARGV[7] == '1' then redis.call('HSET', KEYS[1], 'truncated', '1') end
local i = 8
local ncov = tonumber(ARGV[i]); i = i + 1
for k = 1, ncov do
  redis.call('HINCRBY', KEYS[5], 't:' .. ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', KEYS[5], 'd:' .. ARGV[i], ARGV[i + 2])
  i = i + 3
end
local nfound = tonumber(ARGV[i]); i = i + 1
for k = 1, nfound do
  redis.call('RPUSH', KEYS[4], ARGV[i]); i = i + 1
end
if nfound > 0 then redis.call('HSET', KEYS[1], 'stop', '1') end
local nout = tonumber(ARGV[i]); i = i + 1
for k = 1, nout do
  redis.call('XADD', KEYS[3], '*', 'f', ARGV[i], 's', ARGV[i + 1]); i = i + 2
end
redis.call('HINCRBY', KEYS[1], 'added:' .. (d + 1), nout)
return 1`;

// KEYS: meta, level d, level d+1; ARGV: d. Returns -1 (the level is no longer d), 0 (not complete), 1 (next level), 2 (done).
const ADVANCE = `
local d = tonumber(ARGV[1])
if tonumber(redis.call('HGET', KEYS[1], 'level')) ~= d or redis.call('HGET', KEYS[1], 'status') ~= 'running' then return -1 end
local added = tonumber(redis.call('HGET', KEYS[1], 'added:' .. d) or '0')
local acked = tonumber(redis.call('HGET', KEYS[1], 'acked:' .. d) or '0')
if acked < added then return 0 end
local nextAdded = tonumber(redis.call('HGET', KEYS[1], 'added:' .. (d + 1)) or '0')
if redis.call('HGET', KEYS[1], 'stop') == '1' or nextAdded == 0 then
  redis.call('HSET', KEYS[1], 'status', 'done')
  return 2
end
redis.call('XGROUP', 'CREATE', KEYS[3], 'w', '0', 'MKSTREAM')
redis.call('HSET', KEYS[1], 'level', d + 1)
redis.call('DEL', KEYS[2])
return 1`;

export interface Scripts {
  testAndSet(key: string, ...args: Buffer[]): Promise<number[]>;
  commit(...args: (string | Buffer | number)[]): Promise<number>;
  advance(meta: string, cur: string, next: string, d: number): Promise<number>;
}

/** The scripts on a connection (ioredis sends them by SHA and reloads them after a restart of Redis). */
export function scripts(store: Store): Scripts {
  store.defineCommand('pcTestAndSet', { numberOfKeys: 1, lua: TEST_AND_SET });
  store.defineCommand('pcCommit', { numberOfKeys: 5, lua: COMMIT });
  store.defineCommand('pcAdvance', { numberOfKeys: 3, lua: ADVANCE });
  const s = store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return {
    testAndSet: (key, ...args) => s.pcTestAndSet(key, ...args) as Promise<number[]>,
    commit: (...args) => s.pcCommit(...args) as Promise<number>,
    advance: (meta, cur, next, d) => s.pcAdvance(meta, cur, next, d) as Promise<number>,
  };
}
