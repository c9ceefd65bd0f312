// The entry of a parallel search's worker thread: models are TypeScript modules, so the worker
// registers the tsx loader (whatever loaded the parent) before it imports the worker's code.
import '../loader/register.mjs';

await import('./worker.ts');
