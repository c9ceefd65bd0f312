/**
 * A redis-server of the test's own: on 127.0.0.1, a free port, a temporary directory, with the
 * append-only file on (fsync at every write, so that a kill loses nothing that was answered),
 * stopped at the end. Where redis-server is not installed the tests fail in CI (CI=true) with
 * the reason, and are skipped elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
export const haveRedis = existsSync(REDIS_SERVER);
/** Why the tests cannot run, for CI (where they must). */
export const missingRedis = `redis-server not found at ${REDIS_SERVER}: install it (apt-get install redis-server; .ci/run does) or set REDIS_SERVER`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForPort(port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const c = tcp(port, '127.0.0.1', () => (c.end(), r(true)));
      c.on('error', () => r(false));
    });
    if (up) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class TestRedis {
  private proc?: ChildProcess;
  private constructor(
    readonly port: number,
    readonly dir: string,
    /** always: nothing answered is lost when Redis is killed; everysec (Redis's default, the benchmark's): up to a second of writes. */
    readonly fsync: 'always' | 'everysec',
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(fsync: 'always' | 'everysec' = 'always'): Promise<TestRedis> {
    const r = new TestRedis(await freePort(), mkdtempSync(join(tmpdir(), 'protocheck-redis-')), fsync);
    await r.launch();
    return r;
  }

  private async launch(): Promise<void> {
    this.proc = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', this.fsync, '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' });
    await waitForPort(this.port);
  }

  /** Kills Redis without letting it save (a crash), then starts it again on the same port and directory: it reloads the append-only file. */
  async crashAndRestart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  private async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Three redis-servers in cluster mode on free ports, their slots assigned by redis-cli --cluster create. */
export class TestRedisCluster {
  private constructor(
    readonly ports: number[],
    readonly dir: string,
    private readonly procs: ChildProcess[],
  ) {}

  get url(): string {
    return `redis://${this.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
  }

  static async start(nodes = 3): Promise<TestRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'protocheck-cluster-'));
    const ports: number[] = [];
    for (let i = 0; i < nodes; i++) ports.push(await freePort());
    const procs = ports.map((port) =>
      spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--appendonly', 'no', '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' }),
    );
    for (const p of ports) await waitForPort(p);
    const cli = REDIS_SERVER.replace(/redis-server$/, 'redis-cli');
    await new Promise<void>((resolve, reject) => {
      const c = spawn(cli, ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' });
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`redis-cli --cluster create exited with ${code}`))));
    });
    // the nodes agree on the slots a moment after create returns
    const { Redis } = await import('ioredis');
    const r = new Redis({ port: ports[0], host: '127.0.0.1' });
    for (let i = 0; i < 100 && !/cluster_state:ok/.test(await r.cluster('INFO')); i++) await new Promise((x) => setTimeout(x, 100));
    r.disconnect();
    return new TestRedisCluster(ports, dir, procs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => (p.exitCode !== null ? undefined : new Promise<void>((r) => (p.once('exit', () => r()), p.kill('SIGKILL'))))));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
