#!/usr/bin/env node
// The protocheck command. Installed from the package, it runs the compiled CLI (dist/), which
// loads the TypeScript loader only once a user's .ts module is needed; in the repository, where
// the sources are, it runs them through the loader (no build step while developing).
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/entry.ts', import.meta.url);
if (existsSync(source)) {
  await import('../src/loader/register.mjs');
  await import(source.href);
} else await import('../dist/src/cli/entry.js');
