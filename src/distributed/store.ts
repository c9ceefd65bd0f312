/**
 * Where a distributed search keeps its data: the Redis (or Redis Cluster) that `--store`
 * names, and the names of the keys of one run in it.
 *
 * The visited set is split into `partitions` hashes whose hash tags differ, so that a Redis
 * Cluster spreads them over its slots (and nodes); every other key of a run (its meta hash,
 * the frontier streams, the findings, the coverage) shares the run's own hash tag, so that the
 * scripts that commit a batch touch one slot only. The frontier of a level therefore lives on
 * one node of a cluster: it is transient (one level at a time), the visited set is what grows.
 */
import { Cluster, Redis } from 'ioredis';

export type Store = Redis | Cluster;

/** `redis://host:port[,host:port...]`: one address is a Redis, several the seed nodes of a Redis Cluster. */
export function parseStore(url: string): { host: string; port: number }[] {
  const m = /^redis:\/\/(.+)$/.exec(url.trim());
  if (!m) throw new Error(`--store takes redis://host:port[,host:port...], got '${url}'`);
  return m[1].split(',').map((hp) => {
    const a = /^([^:/]+)(?::(\d+))?\/?$/.exec(hp.trim());
    if (!a) throw new Error(`--store: '${hp}' is not host:port`);
    const port = a[2] === undefined ? 6379 : Number(a[2]);
    if (!(port > 0 && port < 65536)) throw new Error(`--store: bad port in '${hp}'`);
    return { host: a[1], port };
  });
}

/**
 * A connection that waits out a restart of Redis (commands queue while it reconnects, and are
 * resent), as a worker must when Redis comes back from its append-only file.
 */
export function connect(url: string): Store {
  const nodes = parseStore(url);
  const retryStrategy = (times: number) => Math.min(50 * times, 1000);
  let store: Store;
  if (nodes.length === 1) {
    store = new Redis({ host: nodes[0].host, port: nodes[0].port, maxRetriesPerRequest: null, retryStrategy, enableAutoPipelining: true, lazyConnect: false });
  } else store = new Cluster(nodes, { enableAutoPipelining: true, clusterRetryStrategy: retryStrategy, redisOptions: { maxRetriesPerRequest: null } });
  // a lost connection is retried (above); the commands wait for it rather than fail
  store.on('error', () => {});
  return store;
}

/** The group every worker reads a level's stream in. */
export const GROUP = 'w';

/** The key under which a coordinator names the run it started, for `protocheck worker` without --run. */
export const CURRENT_RUN = 'protocheck:current';

/** The keys of one run. */
export class RunKeys {
  constructor(
    readonly run: string,
    readonly partitions: number,
  ) {}

  private get base(): string {
    return `protocheck:${this.run}:{${this.run}}`;
  }
  /** Settings, model source, level, status, counters. */
  get meta(): string {
    return `${this.base}:meta`;
  }
  /** The frontier of level d: a stream of batches, read by the consumer group GROUP. */
  level(d: number): string {
    return `${this.base}:q:${d}`;
  }
  /** The findings (JSON), each with its depth and the fingerprint of its state. */
  get found(): string {
    return `${this.base}:found`;
  }
  /** Coverage: t:<kind> and d:<kind> counters. */
  get coverage(): string {
    return `${this.base}:cov`;
  }
  /** One part of the visited set: fingerprint (8 bytes) -> parent fingerprint (8 bytes) + choice (4 bytes). */
  visited(p: number): string {
    return `protocheck:${this.run}:v{${p}}`;
  }
  /** The part a fingerprint belongs to (its low word, which the fingerprint mixes well). */
  partOf(lo: number): number {
    return (lo >>> 0) % this.partitions;
  }
}
