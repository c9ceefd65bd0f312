/** Running a checker as its own process under /usr/bin/time: wall time, peak RSS, output. */
import { spawnSync } from 'node:child_process';

export interface Run {
  wallS: number;
  peakMiB: number;
  stdout: string;
  stderr: string;
  code: number | null;
  /** The process was killed (out of memory under its address-space cap, or a signal). */
  killed: boolean;
}

/** `cmd` under /usr/bin/time (its `%e %M` are the last line of stderr). */
export function measured(cmd: string[], options: { cwd?: string; timeoutS?: number } = {}): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', ...cmd], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: (options.timeoutS ?? 600) * 1000,
  });
  const line = (r.stderr ?? '').trim().split('\n').reverse().find((l) => l.startsWith('TIME ')) ?? '';
  const [, wall, kb] = line.split(' ');
  const signalled = /Command terminated by signal|fatal error: out of memory|runtime: out of memory/.test(r.stderr ?? '');
  return { wallS: Number(wall), peakMiB: Number(kb) / 1024, stdout: r.stdout ?? '', stderr: r.stderr ?? '', code: r.status, killed: signalled || r.signal !== null };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Seconds for a table: three significant digits. */
export function secs(s: number): string {
  if (!Number.isFinite(s)) return '—';
  return s < 0.1 ? `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms` : `${s.toFixed(s < 10 ? 2 : 1)} s`;
}

export function mibs(m: number): string {
  if (!Number.isFinite(m)) return '—';
  return m >= 1024 ? `${(m / 1024).toFixed(1)} GB` : m < 10 ? `${m.toFixed(1)} MB` : `${m.toFixed(0)} MB`;
}

export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}`;
}
