// The entry of a portfolio worker thread: the compiled worker in a built package (dist/), else
// the TypeScript source through the loader.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  await import('../../../src/loader/register.mjs');
  await import(new URL('./worker.ts', import.meta.url).href);
}
