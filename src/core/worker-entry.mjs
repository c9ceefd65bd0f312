// The entry of a parallel search's worker thread: the compiled worker in a built package
// (dist/); from the repository's sources, the TypeScript through the loader, which this thread
// registers whatever loaded the parent.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  await import('../loader/register.mjs');
  await import(new URL('./worker.ts', import.meta.url).href);
}
