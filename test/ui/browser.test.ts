/**
 * The pages in a real browser (Debian's Chromium, headless, driven by playwright-core): a trace
 * page stepped through by keys, slider and clicks, with what it draws checked; the explorer
 * taken through a counterexample by clicking; the history view of an illegal etcd history; the
 * plots of an estimate.
 * Without Chromium these tests fail and say how to install it: they never skip.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startExplorer, type Explorer } from '../../src/ui/explore/server.ts';
import { launchChromium, scratchDir } from './browser.ts';
import { estimatePageFor, historyPageFor, tracePageFor } from './pages.ts';
import { cli } from '../trace/helpers.ts';

let browser: Browser;
const scratch = scratchDir();

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  scratch.remove();
});

/** Opens a page written to a file, failing the test on any script error. */
async function open(html: string, name: string, hash = ''): Promise<{ page: Page; errors: string[] }> {
  const file = join(scratch.dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) errors.push(`the page fetched ${r.url()}`);
  });
  await page.goto(`file://${file}${hash}`);
  return { page, errors };
}

const count = (page: Page, sel: string) => page.locator(sel).count();
const label = (page: Page) => page.locator('#step-label').textContent();

describe('a trace page in Chromium', () => {
  it('draws a lasso: four lanes, an arrow per delivery, the loop marked "repeats forever"; keys, slider and clicks step through it', async () => {
    const { page, errors } = await open(await tracePageFor('traces/paxos-dueling.trace.yaml'), 'paxos.html');
    expect(await page.locator('.lane-title').allTextContents()).toEqual(['p0:proposer', 'p1:proposer', 'p2:acceptor', 'p3:acceptor']);
    expect(await count(page, 'g.arrow.fate-delivered')).toBe(await count(page, 'g.row[data-kind="deliver"]'));
    expect(await count(page, 'g.loop')).toBe(1);
    expect(await page.locator('.loop-text').textContent()).toMatch(/repeats forever: back to the state after step 4/);
    expect(await count(page, '.violation-mark')).toBe(1);
    await expect.poll(() => label(page)).toMatch(/^step 0 \/ 20/);
    await page.keyboard.press('End');
    await expect.poll(() => label(page)).toMatch(/^step 20 \/ 20: deliver NACK/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('PageUp');
    await expect.poll(() => label(page)).toMatch(/^step 9 \//);
    expect(page.url()).toMatch(/#step=9$/);
    // the delivery at step 9 and its send are highlighted, and the state shows what changed
    expect(await count(page, 'g.arrow.hot')).toBeGreaterThan(0);
    expect(await page.locator('#state section.var.changed h4').first().textContent()).toMatch(/^p0/);
    expect(await page.locator('#props .prop.violated').getAttribute('data-status')).toBe('waiting');
    expect(await page.locator('#props .prop.violated .prop-msg').textContent()).toMatch(/never decides/);
    await page.locator('#slider').fill('3');
    await expect.poll(() => label(page)).toMatch(/^step 3 \//);
    await page.locator('g.row[data-step="12"] .note').click();
    await expect.poll(() => label(page)).toMatch(/^step 12 \//);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks a copy the network delivered and the step where safety first fails, and shows crashes and the history', async () => {
    const { page, errors } = await open(await tracePageFor('traces/perfect-links-no-dedup.trace.yaml'), 'dup.html', '#step=2');
    await expect.poll(() => label(page)).toMatch(/^step 2 \/ 3: duplicate/);
    expect(await count(page, 'g.arrow.dup')).toBe(1);
    expect(await page.locator('#props .prop.violated').getAttribute('data-status')).toBe('holds');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#props .prop.violated').getAttribute('data-status')).toBe('fails here');
    expect(await page.locator('#props .prop.violated').textContent()).toMatch(/first fails at step 3/);
    expect(await page.locator('#history').textContent()).toMatch(/deliver\(src: 0, m: a\)/);
    const crash = await open(await tracePageFor('traces/flooding-uniform-consensus-two-crashes.trace.yaml'), 'crash.html');
    expect(await count(crash.page, '.mark-crash')).toBe(2);
    expect(await count(crash.page, '.lane-down')).toBe(2);
    expect(await count(crash.page, '.mark-detector')).toBeGreaterThan(0);
    expect(await count(crash.page, '.mark-indication')).toBeGreaterThan(0);
    expect([...errors, ...crash.errors]).toEqual([]);
    await page.close();
    await crash.page.close();
  });
});

describe('the explorer in Chromium', () => {
  let ex: Explorer;
  beforeAll(async () => {
    ex = await startExplorer({ specFile: 'specs/mutex/central-lock-no-wait.yaml', port: 0 });
  });
  afterAll(async () => {
    await ex?.close();
  });

  it('is taken through the checker counterexample by clicking, and shares the state by its URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(ex.url);
    await page.locator('button.action').first().waitFor();
    const mutex = page.locator('#props .prop[data-prop="mutual-exclusion"]');
    expect(await mutex.getAttribute('data-status')).toBe('holds');
    // the checker's counterexample, as a path of action indices
    const cx = (await (await fetch(ex.url + 'api/check', { method: 'POST' })).json()) as { violation: { path: number[] } };
    for (const [i, a] of cx.violation.path.slice(1).entries()) {
      await page.locator(`button.action[data-index="${a}"]`).click();
      await page.waitForURL(new RegExp(`path=${cx.violation.path.slice(0, i + 2).join('\\.')}$`));
    }
    expect(await mutex.getAttribute('data-status')).toBe('fails');
    expect(await count(page, 'svg.diagram g.row')).toBe(cx.violation.path.length);
    await page.locator('svg.graph g.g-node.current').waitFor();
    expect(await count(page, 'svg.graph g.g-node.current.violates')).toBe(1);
    // back, then the browser's back and forward
    const n = cx.violation.path.length - 1;
    await page.locator('#back').click();
    await page.locator('#state h3').filter({ hasText: `step ${n - 1}` }).waitFor();
    expect(await mutex.getAttribute('data-status')).toBe('holds');
    await page.goBack();
    await page.locator('#state h3').filter({ hasText: `step ${n}` }).waitFor();
    // the same state from its URL in a fresh page; and the checker's button draws the violation
    const shared = await browser.newPage();
    await shared.goto(`${ex.url}?path=${cx.violation.path.join('.')}`);
    await shared.locator('#props .prop[data-prop="mutual-exclusion"][data-status="fails"]').waitFor();
    await shared.locator('#run-check').click();
    await shared.locator('#banner').filter({ hasText: 'mutual-exclusion' }).waitFor();
    expect(await count(shared, 'svg.diagram .violation-mark')).toBe(1);
    // the committed trace of the spec, chosen from the list, is walked to its last step
    const option = shared.locator('#traces option', { hasText: 'traces/central-lock-no-wait.trace.yaml' }).first();
    await option.waitFor({ state: 'attached' });
    await shared.locator('#traces').selectOption((await option.getAttribute('value'))!);
    await shared.locator('#banner').filter({ hasText: 'from traces/central-lock-no-wait.trace.yaml' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
    await shared.close();
  });
});

describe('the history view in Chromium', () => {
  it('shows where every linearization of an illegal etcd history fails, with the operations that cannot come next', async () => {
    const { html, verdict } = await historyPageFor('test/data/porcupine/jepsen-etcd/etcd_000.log');
    expect(verdict).toBe('illegal');
    const { page, errors } = await open(html, 'etcd.html');
    expect(await page.locator('#verdict').textContent()).toBe('✗ not linearizable');
    expect(await count(page, '.failure-line')).toBe(1);
    expect(await count(page, 'g.op.deadline')).toBe(1);
    expect(await count(page, 'g.op.stuck')).toBeGreaterThan(0);
    expect(await count(page, 'g.op.in-order')).toBe(41);
    expect(await count(page, 'g.op.unknown')).toBeGreaterThan(0);
    expect(await page.locator('#failure').textContent()).toMatch(/longest linearizable prefix has 41 operations.*Every linearization fails at time 85: #43 read\(\) -> 2/s);
    await page.locator('#failure a[data-op="43"]').first().click();
    expect(await page.locator('#op').textContent()).toMatch(/must take effect before it returns, and cannot/);
    const before = await page.evaluate(() => (globalThis as any).protocheckHistory.scale());
    await page.locator('#zoom-in').click();
    expect(await page.evaluate(() => (globalThis as any).protocheckHistory.scale())).toBeCloseTo(before * 2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is what lin --html writes: the page the CLI wrote opens and draws the failure', async () => {
    const out = join(scratch.dir, 'lin-etcd.html');
    const r = cli(['lin', 'test/data/porcupine/jepsen-etcd/etcd_000.log', '--model', 'cas-register', '--html', out]);
    expect(r.code).toBe(1);
    const { page, errors } = await open(readFileSync(out, 'utf8'), 'lin-etcd-opened.html');
    expect(await page.locator('#verdict').textContent()).toBe('✗ not linearizable');
    expect(await count(page, '.failure-line')).toBe(1);
    expect(await count(page, 'g.op.deadline')).toBe(1);
    expect(await page.locator('#failure').textContent()).toMatch(/Every linearization fails at time 85: #43 read\(\) -> 2/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the estimate page in Chromium', () => {
  it('plots coverage and traffic over time, one series per protocol, each metric per protocol with its interval, and the histograms of the runs', async () => {
    const { html, outcomes } = await estimatePageFor(['specs/gossip/rumour.yaml', 'specs/gossip/push-die.yaml'], 200);
    const names = outcomes.map((o) => o.spec.name);
    const { page, errors } = await open(html, 'estimate.html');
    expect(await page.locator('#verdict').textContent()).toBe('✓ every bound met');
    const series = (sel: string) => page.locator(sel).evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
    // coverage over time: a mean line and a band per protocol, labelled axes, y from 0 to 1
    expect(await series('#coverage path.plot-line')).toEqual(names);
    expect(await series('#coverage path.plot-band')).toEqual(names);
    expect(await page.locator('#coverage .plot-ylabel').textContent()).toBe('coverage');
    expect(await page.locator('#coverage .plot-label:not(.plot-ylabel)').textContent()).toMatch(/^time \(ticks/);
    expect(await page.locator('#coverage .plot-tick').allTextContents()).toContain('1');
    expect(await page.locator('#coverage .plot-legend').allTextContents()).toEqual(names);
    // the lines end at each protocol's mean coverage (1 - residue): the last point of the path, in plot coordinates
    const ends = await page.locator('#coverage path.plot-line').evaluateAll((ps) => ps.map((p) => Number(/([\d.]+)$/.exec(p.getAttribute('d')!)![1])));
    expect(ends[0]).toBeGreaterThan(ends[1]); // rumour mongering leaves a residue: its line ends lower (larger y)
    expect(await series('#traffic-time path.plot-line')).toEqual(names);
    expect(await page.locator('#traffic-time .plot-ylabel').textContent()).toBe('messages / process');
    // each metric compared across the protocols
    const metrics = [...new Set(outcomes.flatMap((o) => o.metrics.map((m) => m.name)))];
    expect(await page.locator('#compare .metric-compare').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-metric')))).toEqual(metrics);
    expect(await series('#compare [data-metric="residue"] .interval-row')).toEqual(names);
    // a dashed mark where a spec bounds the metric
    expect(await count(page, '#compare [data-metric="residue"] .plot-bound')).toBe(outcomes.filter((o) => o.metrics.find((m) => m.name === 'residue')?.bound).length);
    expect(await count(page, '#compare .plot-bound')).toBe(outcomes.reduce((s, o) => s + o.metrics.filter((m) => m.bound && m.applied > 0).length, 0));
    // per protocol, a histogram per metric with the interval of its mean
    for (const [k, o] of outcomes.entries()) {
      expect(await count(page, `#protocol-${k} svg.histogram`)).toBe(o.metrics.filter((m) => m.applied > 0).length);
      expect(await count(page, `#protocol-${k} svg.histogram .bar`)).toBe(o.metrics.filter((m) => m.applied > 0).reduce((s, m) => s + m.histogram.counts.length, 0));
    }
    expect(await page.locator('#protocol-0 [data-metric="residue"]').textContent()).toMatch(/residue: mean 0\.\d+ \[0\.\d+, 0\.\d+\]/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
