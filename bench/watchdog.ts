/**
 * What the CLI's watchdog costs (src/cli/watchdog.ts: each check in a host process, on a
 * thread it can stop). Run on demand, never in CI's pass/fail path:
 *
 *   node --import tsx bench/watchdog.ts [--pairs N] [specs...]
 *
 * For each command line, runs `protocheck check ...` with the watchdog and with
 * PROTOCHECK_WATCHDOG=off (the checks in the CLI's own process), alternating, N pairs, and
 * prints the median wall time of each and their difference (CPU time is not comparable: the
 * host outlives the CLI by a moment and is not its waited-for child). The machines are shared:
 * compare only figures taken side by side, in one run.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const pairsAt = argv.indexOf('--pairs');
const PAIRS = pairsAt >= 0 ? Number(argv.splice(pairsAt, 2)[1]) : 7;
const LINES = argv.length ? [argv] : [['specs/broadcast/beb.yaml'], ['specs/two-phase/two-phase-rm6.yaml'], ['specs/broadcast', 'specs/links', 'specs/liveness']];

function once(args: string[], off: boolean): number {
  const t0 = performance.now();
  spawnSync(process.execPath, ['bin/protocheck.mjs', 'check', ...args], { cwd: REPO, stdio: 'ignore', env: { ...process.env, CI: '1', ...(off ? { PROTOCHECK_WATCHDOG: 'off' } : {}) } });
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`${PAIRS} pairs each, alternating; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| check | in-process | watchdog | difference |');
console.log('|---|---|---|---|');
for (const args of LINES) {
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    off.push(once(args, true));
    on.push(once(args, false));
  }
  const w0 = median(off), w1 = median(on);
  console.log(`| ${args.join(' ')} | ${w0.toFixed(2)} s | ${w1.toFixed(2)} s | ${w1 - w0 >= 0 ? '+' : ''}${(w1 - w0).toFixed(2)} s |`);
}
