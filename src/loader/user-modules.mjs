// A module-resolution hook for the user's own TypeScript files (protocols, properties, models):
// tsx treats a .ts file as CommonJS unless the nearest package.json says "type": "module", and a
// CommonJS file that imports protocheck (an ES module) then fails ("Cannot require() ES Module
// ... in a cycle"). A .ts file outside node_modules written with import/export is loaded as an
// ES module here, so a protocol folder needs no package.json of its own. .cts files and files
// without ES module syntax keep tsx's choice.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

export async function resolve(specifier, context, nextResolve) {
  const r = await nextResolve(specifier, context);
  if (r.format !== 'commonjs' || !r.url.startsWith('file:') || !/\.(m?ts|tsx)$/.test(r.url) || r.url.includes('/node_modules/')) return r;
  try {
    if (ESM_SYNTAX.test(readFileSync(fileURLToPath(r.url), 'utf8'))) return { ...r, format: 'module' };
  } catch {
    // unreadable: the loader reports it
  }
  return r;
}
