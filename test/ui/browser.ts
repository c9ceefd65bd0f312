/**
 * Debian's Chromium under playwright-core for the page tests: never a browser download. Where
 * Chromium is missing the tests fail and say how to install it (CI installs it in .ci/run):
 * a suite that skipped them would pass without having looked at a single page.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.PROTOCHECK_CHROMIUM ?? '/usr/bin/chromium';

/** The flags Chromium needs as root on a machine with no network beyond the package registries. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}, which is missing: install it with \`apt-get update && apt-get install -y chromium\` (as .ci/run does), or point PROTOCHECK_CHROMIUM at one`);
  }
  // launch() starts Chromium headless on a new, empty profile of its own (a temporary --user-data-dir)
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A fresh folder for pages, removed by the returned function. */
export function scratchDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-ui-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
