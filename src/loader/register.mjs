// Registers the TypeScript loader (tsx) and the hook that loads the user's .ts files as ES
// modules, once per thread: the CLI run from the repository's sources and its worker threads
// call it before they import TypeScript; a compiled protocheck (dist/) calls it through
// import.ts only when it first loads a user's .ts module.
import { register as registerTsx } from 'tsx/esm/api';
import { register } from 'node:module';

const KEY = Symbol.for('protocheck.loader');
if (!globalThis[KEY]) {
  globalThis[KEY] = true;
  registerTsx();
  register(new URL('./user-modules.mjs', import.meta.url));
}
