/** Running the CLI for the hardening tests: in this process (fast) or as a child process (signals, real exits). */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const HOSTILE = join(REPO, 'test/hardening/fixtures/hostile.ts');
export const BEB = 'specs/broadcast/beb.yaml';

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
  /** Wall-clock seconds. */
  seconds: number;
}

/** A stack trace in the output: what bad input must never show. */
export const STACK = /\n\s+at /;

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `protocheck-${prefix}-`));
}

/** Writes a spec into `dir`; `body` is its YAML. */
export function spec(dir: string, name: string, body: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, body);
  return f;
}

/** A spec of the hostile protocol that issues `request` at p0. */
export function hostile(dir: string, request: string, extra = ''): string {
  return spec(dir, request, `name: ${request}\nprotocol: ${HOSTILE}\nprocesses: 2\nworkload:\n  - { process: 0, request: { type: ${request} } }\nproperties: [no-creation]\n${extra}`);
}

let capturing = false;

/** Runs `protocheck ...args` in this process, capturing what it writes (one at a time). */
export async function run(...args: string[]): Promise<CliResult> {
  if (capturing) throw new Error('run() is not reentrant');
  capturing = true;
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  const t0 = performance.now();
  try {
    const code = await main(['node', 'protocheck', ...args]);
    return { code, out: out.join(''), err: err.join(''), seconds: (performance.now() - t0) / 1000 };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    capturing = false;
  }
}

/** Runs `protocheck ...args` as a child process, as a user does. */
export function spawnCli(args: string[], timeoutMs = 60_000): CliResult {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/protocheck.mjs', ...args], { cwd: REPO, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

/** Starts `protocheck ...args` as a child process and returns it with its output so far. */
export function startCli(args: string[]) {
  const child = spawn(process.execPath, ['bin/protocheck.mjs', ...args], { cwd: REPO, env: { ...process.env, CI: '1' } });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.on('data', (d) => out.push(String(d)));
  child.stderr.on('data', (d) => err.push(String(d)));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, out: out.join(''), err: err.join(''), seconds: 0 })));
  return { child, done };
}
