// The package build: tsc compiles src/ and properties/ to dist/ (JavaScript and .d.ts, the .ts
// import specifiers rewritten to .js), then the files the code loads at run time beside itself
// are copied: the .mjs entries of the host process, the worker threads and the loader, and the
// browser code the HTML pages inline (src/ui/client). `npm run build`; `npm pack` runs it.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
if (r.status !== 0) process.exit(r.status ?? 1);

/** Files below `dir` (relative to the root) that `keep` selects. */
function files(dir, keep) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(join(e.parentPath, e.name)))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const assets = [...files('src', (f) => f.endsWith('.mjs') || f.includes(`${join('ui', 'client')}/`)), ...files('properties', (f) => f.endsWith('.mjs'))];
for (const f of assets) cpSync(join(root, f), join(dist, f));
console.error(`dist/: compiled, and ${assets.length} run-time files copied`);
