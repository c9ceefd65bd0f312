/** The commands that write pages or serve them: replay --html, check --html, lin --html, estimate --html, explore. */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tmp } from '../trace/helpers.ts';

const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="protocheck-data">(.*?)<\/script>/s.exec(html)![1]);

describe('the CLI writes and serves pages', () => {
  it('replay --html writes the trace as a page, with the verdicts of the replay', () => {
    const out = join(tmp('ui-'), 'sub', 'page.html');
    const r = cli(['replay', 'traces/raft-vote-twice.trace.yaml', '--quiet', '--html', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`page written to ${out}`);
    const d = dataOf(readFileSync(out, 'utf8'));
    expect(d.property).toBe('election-safety');
    expect(d.rows.length).toBe(7);
    expect(d.firstFailure).toBe(6);
    expect(d.notes).toEqual([]);
    // a folder that cannot be made: its parent is a file
    const bad = cli(['replay', 'traces/raft-vote-twice.trace.yaml', '--quiet', '--html', join(out, 'x.html')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/cannot write .*x\.html/);
  });

  it('check --html writes a page for every counterexample it finds', () => {
    const dir = tmp('ui-');
    const r = cli(['check', 'specs/links/perfect-links-no-dedup.yaml', 'specs/mutex/central-lock-no-wait.yaml', '--html', join(dir, 'pages'), '--trace-dir', join(dir, 'traces')]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'pages')).sort()).toEqual(['central-lock-no-wait.mutual-exclusion.html', 'perfect-links-no-dedup.no-duplication.html']);
    expect(dataOf(readFileSync(join(dir, 'pages', 'central-lock-no-wait.mutual-exclusion.html'), 'utf8')).properties.length).toBeGreaterThan(0);
  });

  it('lin --html writes the history as a page; with several histories, a page each in the folder', () => {
    const dir = tmp('ui-');
    const etcd = 'test/data/porcupine/jepsen-etcd';
    const r = cli(['lin', `${etcd}/etcd_000.log`, '--model', 'cas-register', '--html', join(dir, 'one.html')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`page written to ${join(dir, 'one.html')}`);
    const d = dataOf(readFileSync(join(dir, 'one.html'), 'utf8'));
    expect(d.verdict).toBe('illegal');
    expect(d.ops.length).toBe(85);
    expect(d.partitions[d.failed].deadline).toBe(43);
    // --json stays JSON: the page is written, nothing said about it
    const j = cli(['lin', `${etcd}/etcd_000.log`, '--model', 'cas-register', '--json', '--html', join(dir, 'two.html')]);
    expect(JSON.parse(j.out).verdict).toBe('illegal');
    expect(dataOf(readFileSync(join(dir, 'two.html'), 'utf8')).verdict).toBe('illegal');
    const many = cli(['lin', `${etcd}/etcd_000.log`, `${etcd}/etcd_002.log`, '--model', 'cas-register', '--html', join(dir, 'pages')]);
    expect(many.code).toBe(1);
    expect(readdirSync(join(dir, 'pages')).sort()).toEqual(['etcd_000.html', 'etcd_002.html']);
    expect(dataOf(readFileSync(join(dir, 'pages', 'etcd_002.html'), 'utf8')).verdict).toBe('ok');
  });

  it('estimate --html writes the plots of the estimates; --json carries the series they plot', () => {
    const dir = tmp('ui-');
    const out = join(dir, 'gossip.html');
    const r = cli(['estimate', 'specs/gossip/rumour.yaml', 'specs/gossip/push-die.yaml', '--runs', '200', '--html', out, '-o', join(dir, 'e.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`page written to ${out}`);
    expect(r.out).toMatch(/coverage over time \(deliver, mean of 200 runs, ticks 0–\d+\): .* half by t \d+/);
    const d = dataOf(readFileSync(out, 'utf8'));
    expect(d.outcomes.map((o: { spec: { name: string } }) => o.spec.name)).toEqual(['rumour', 'push-die']);
    // the page carries no per-run values: histograms, intervals and series hold what it draws
    expect(d.outcomes[0].metrics[0].values).toBeUndefined();
    const json = JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8'));
    expect(json[0].series.map((s: { name: string }) => s.name)).toEqual(['coverage', 'traffic']);
    expect(json[0].series[0].mean.length).toBe(json[0].series[0].sum.length);
  });

  it('explore prints its URL, answers, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['bin/protocheck.mjs', 'explore', 'specs/mutex/central-lock.yaml'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b) => {
        out += b;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', (code) => reject(new Error(`explore exited with ${code}: ${out}`)));
    });
    const state = (await (await fetch(`${url}api/state?path=0`)).json()) as { actions: unknown[] };
    expect(state.actions.length).toBeGreaterThan(0);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  });
});
