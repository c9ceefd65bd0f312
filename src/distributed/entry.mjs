// The entry of a distributed search's worker process (search.ts starts it): the compiled
// worker in a built package (dist/); from the repository's sources, the TypeScript through the
// loader.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker-process.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  await import('../loader/register.mjs');
  await import(new URL('./worker-process.ts', import.meta.url).href);
}
