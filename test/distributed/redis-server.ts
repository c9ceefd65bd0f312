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

/**
 * n distinct free ports: held open together while they are chosen, so that none is handed out
 * twice (a port closed at once may be the next one the system picks).
 */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.on('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** The port's server answers; throws when `proc` exited first (another process took the port meanwhile) or after `ms`. */
async function waitForPort(port: number, proc: ChildProcess, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const c = tcp(port, '127.0.0.1', () => (c.end(), r(true)));
      c.on('error', () => r(false));
    });
    if (up) return;
    if (proc.exitCode !== null || proc.signalCode !== null) throw new PortTaken(port);
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class PortTaken extends Error {
  constructor(port: number) {
    super(`redis-server exited before it listened on ${port} (the port was taken?)`);
  }
}

/** Runs `attempt` again (up to three times) when a server could not have its port. */
async function retryingPorts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof PortTaken) || i === 3) throw err;
    }
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
    return retryingPorts(async () => {
      const [port] = await freePorts(1);
      const r = new TestRedis(port, mkdtempSync(join(tmpdir(), 'protocheck-redis-')), fsync);
      try {
        await r.launch();
      } catch (err) {
        await r.stop();
        throw err;
      }
      return r;
    });
  }

  private async launch(): Promise<void> {
    this.proc = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', this.fsync, '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' });
    await waitForPort(this.port, this.proc);
  }

  /** Kills Redis without letting it save (a crash), then starts it again on the same port and directory: it reloads the append-only file. */
  async crashAndRestart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  private async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
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
    const { ports, dir, procs } = await retryingPorts(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'protocheck-cluster-'));
      const ports = await freePorts(nodes);
      const procs = ports.map((port) =>
        spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--appendonly', 'no', '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' }),
      );
      try {
        for (let i = 0; i < ports.length; i++) await waitForPort(ports[i], procs[i]);
      } catch (err) {
        await new TestRedisCluster(ports, dir, procs).stop();
        throw err;
      }
      return { ports, dir, procs };
    });
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
    await Promise.all(this.procs.map((p) => (p.exitCode !== null || p.signalCode !== null ? undefined : new Promise<void>((r) => (p.once('exit', () => r()), p.kill('SIGKILL'))))));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
