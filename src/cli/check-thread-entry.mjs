// The entry of the thread a CLI check runs on (src/cli/watchdog.ts): the compiled thread in a
// built package (dist/), which registers the TypeScript loader only when a user's .ts module
// is loaded; from the repository's sources, the TypeScript through the loader.
import { existsSync } from 'node:fs';

const compiled = new URL('./check-thread.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  await import('../loader/register.mjs');
  await import(new URL('./check-thread.ts', import.meta.url).href);
}
