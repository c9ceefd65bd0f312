// The entry of a parallel search's worker thread: models are TypeScript modules, so the worker
// registers the tsx loader (whatever loaded the parent) before it imports the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
