/** `protocheck ...args` as a child process that runs beside others (a check and its workers, shards), resolved with its exit code and output. */
import { spawn } from 'node:child_process';

const BIN = new URL('../../bin/protocheck.mjs', import.meta.url).pathname;

export function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
  });
}
