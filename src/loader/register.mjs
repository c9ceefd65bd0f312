// Registers the TypeScript loader (tsx) and the hook that loads the user's .ts files as ES
// modules: called by the CLI and by every worker thread before they import TypeScript.
import { register as registerTsx } from 'tsx/esm/api';
import { register } from 'node:module';

registerTsx();
register(new URL('./user-modules.mjs', import.meta.url));
