/**
 * How responsive the pages stay on large inputs, measured in Debian's Chromium:
 *
 *     node --import tsx bench/ui.ts [--steps 1000] [--processes 10] [--ops 10000]
 *
 * A trace page of a seeded random walk of `--steps` steps over the eager reliable broadcast
 * with `--processes` processes, each broadcasting again and again (`--set` on its spec): the
 * page's size, the time until it is drawn, and the time of one step (the state, the verdicts
 * and the cursor redrawn, layout forced) over 200 steps forward and 200 random jumps. Then the
 * history view of a generated register history of `--ops` operations: time until drawn, and
 * the redraw after a scroll and after zooming in and out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '../src/core/model.ts';
import { buildModel } from '../src/spec/build.ts';
import { loadSpec } from '../src/spec/spec.ts';
import { buildTrace } from '../src/trace/trace.ts';
import { rebuildPath } from '../src/core/path.ts';
import { traceData } from '../src/ui/trace-data.ts';
import { tracePage } from '../src/ui/trace-page.ts';
import { historyPage } from '../src/ui/history-page.ts';
import { checkLinearizability, getModel, parseHistory } from '../properties/linearizability/index.ts';
import { generate } from './lin/generate.ts';
import { launchChromium, scratchDir } from '../test/ui/browser.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const STEPS = arg('steps', 1000);
const PROCS = arg('processes', 10);
const OPS = arg('ops', 10_000);

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random walk of `steps` steps as the path of choices a violation carries. */
function walk(model: Model<any, any>, steps: number, seed: number): number[] {
  const rnd = mulberry(seed);
  let s = model.initialStates()[0];
  const path = [0];
  while (path.length <= steps) {
    const acts = model.actions(s);
    if (!acts.length) break;
    const i = Math.floor(rnd() * acts.length);
    const t = model.next(s, acts[i]);
    if (t === null) continue;
    path.push(i);
    s = t;
  }
  return path;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const scratch = scratchDir();
  const browser = await launchChromium();
  try {
    // a trace of STEPS steps among PROCS processes
    const workload = Array.from({ length: PROCS * 40 }, (_, k) => `{ process: ${k % PROCS}, request: { type: broadcast, m: m${k} } }`).join(', ');
    const spec = loadSpec('specs/broadcast/eager-rb.yaml', [`processes=${PROCS}`, `workload=[${workload}]`]);
    const { model } = await buildModel({ ...spec, check: { ...spec.check, invariants: undefined } });
    let t = performance.now();
    const path = walk(model, STEPS, 42);
    const trace = buildTrace(model, { property: model.invariants[0]?.name ?? 'none', kind: 'safety', message: `a random walk of ${path.length - 1} steps`, path }, { spec: spec.file, specDigest: '', module: spec.module, moduleDigest: '', params: {}, search: { strategy: 'bench' } });
    const { states } = rebuildPath(model, path);
    const html = tracePage(traceData({ trace, model, states }));
    const built = performance.now() - t;
    const file = join(scratch.dir, 'trace.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    t = performance.now();
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (globalThis as any).protocheckPage !== undefined);
    const load = performance.now() - t;
    const times = (await page.evaluate((n: number) => {
      const P = (globalThis as any).protocheckPage;
      const doc = (globalThis as any).document;
      const out: { forward: number[]; jumps: number[] } = { forward: [], jumps: [] };
      for (let i = 0; i < 200; i++) {
        const a = performance.now();
        P.go(i + 1);
        void doc.body.offsetHeight; // force style and layout, as a frame would
        out.forward.push(performance.now() - a);
      }
      let x = 7;
      for (let i = 0; i < 200; i++) {
        x = (x * 7919 + 13) % n;
        const a = performance.now();
        P.go(x);
        void doc.body.offsetHeight;
        out.jumps.push(performance.now() - a);
      }
      return out;
    }, path.length)) as { forward: number[]; jumps: number[] };
    const elements = await page.evaluate(() => (globalThis as any).document.querySelectorAll('svg.diagram *').length);
    console.log(`trace page: ${path.length - 1} steps, ${PROCS} processes, ${trace.steps.reduce((c, s) => c + (s.sent?.length ?? 0), 0)} messages sent`);
    console.log(`  built on the Node side in ${ms(built)}; ${(html.length / 1048576).toFixed(2)} MB; ${elements} SVG elements`);
    console.log(`  drawn in ${ms(load)} (navigation to the first step on screen)`);
    console.log(`  one step forward: median ${ms(median(times.forward))}, max ${ms(Math.max(...times.forward))}; a random jump: median ${ms(median(times.jumps))}, max ${ms(Math.max(...times.jumps))}`);
    await page.close();

    // a history of OPS operations
    const gen = generate({ name: 'bench', ops: OPS, clients: 10, unknown: 0.01, illegal: true, seed: 5 });
    const m = getModel('cas-register');
    t = performance.now();
    const r = await checkLinearizability(parseHistory(gen.text, { source: 'generated' }), m, {});
    const hist = historyPage(r, m, `generated ${OPS} operations (${gen.expected})`);
    const checked = performance.now() - t;
    const hfile = join(scratch.dir, 'history.html');
    writeFileSync(hfile, hist);
    const hp = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    t = performance.now();
    await hp.goto(`file://${hfile}`);
    await hp.waitForFunction(() => (globalThis as any).protocheckHistory !== undefined);
    const hload = performance.now() - t;
    // a string, not a function: tsx would wrap the function's inner helpers in a __name the page does not have
    const redraw = (await hp.evaluate(`(() => {
      const H = window.protocheckHistory, pane = document.getElementById('timeline');
      const time = (f) => { const a = performance.now(); f(); void document.body.offsetHeight; return performance.now() - a; };
      const fit = time(() => H.fit()), fitDrawn = H.drawn();
      const zoomIn = time(() => H.zoom(64)), zoomDrawn = H.drawn();
      const scrolls = [];
      for (let i = 0; i < 50; i++) scrolls.push(time(() => { pane.scrollLeft += 400; H.zoom(1); }));
      return { fit, fitDrawn, zoomIn, zoomDrawn, scroll: scrolls.sort((a, b) => a - b)[25] };
    })()`)) as { fit: number; fitDrawn: number; zoomIn: number; zoomDrawn: number; scroll: number };
    console.log(`history view: ${r.operations.length} operations, ${r.verdict}; checked and built in ${ms(checked)}; ${(hist.length / 1048576).toFixed(2)} MB`);
    console.log(`  drawn in ${ms(hload)}; the whole history (${redraw.fitDrawn} bars) redrawn in ${ms(redraw.fit)}; zoomed in (${redraw.zoomDrawn} bars) ${ms(redraw.zoomIn)}; a scroll step median ${ms(redraw.scroll)}`);
    await hp.close();
  } finally {
    await browser.close();
    scratch.remove();
  }
}

await main();
