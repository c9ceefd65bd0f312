/**
 * The README's screenshots, taken in Debian's Chromium:
 *
 *     node --import tsx docs/screenshots/take.ts
 *
 * trace.png: the page of traces/paxos-dueling.trace.yaml at step 12 (`replay --html`);
 * explorer.png: `protocheck explore specs/paxos/paxos-dueling.yaml` part way through the duel;
 * history.png: `lin --html` of an illegal etcd history.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startExplorer } from '../../src/ui/explore/server.ts';
import { launchChromium, scratchDir } from '../../test/ui/browser.ts';
import { historyPageFor, tracePageFor } from '../../test/ui/pages.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const scratch = scratchDir();
const browser = await launchChromium();
try {
  const shot = async (url: string, name: string, ready: string) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(HERE, name) });
    await page.close();
  };
  const trace = join(scratch.dir, 'trace.html');
  writeFileSync(trace, await tracePageFor('traces/paxos-dueling.trace.yaml'));
  await shot(`file://${trace}#step=12`, 'trace.png', 'svg.diagram');
  const ex = await startExplorer({ specFile: 'specs/paxos/paxos-dueling.yaml', port: 0 });
  try {
    await shot(`${ex.url}?path=0.0.0.0.2.0.0.0.0.0`, 'explorer.png', 'svg.graph');
  } finally {
    await ex.close();
  }
  const history = join(scratch.dir, 'history.html');
  writeFileSync(history, (await historyPageFor('test/data/porcupine/jepsen-etcd/etcd_000.log')).html);
  await shot(`file://${history}`, 'history.png', 'svg.timeline g.op');
} finally {
  await browser.close();
  scratch.remove();
}
