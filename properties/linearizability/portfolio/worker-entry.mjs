// The entry of a portfolio worker thread: the compiled worker when there is one (a package
// built with tsc), else the TypeScript source through the tsx loader.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(fileURLToPath(compiled))) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./worker.ts', import.meta.url).href);
}
