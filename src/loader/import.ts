/**
 * Importing a module of the user's: a protocol, a property or metric module, a model, a drive
 * adapter, a log format. A compiled protocheck starts without the TypeScript loader (it costs
 * more than the rest of the start-up) and registers it here, in this thread, the first time a
 * .ts module is imported. Run from the repository's sources, whatever loaded protocheck's own
 * TypeScript (the CLI's tsx, vitest) loads the user's too.
 */
import { pathToFileURL } from 'node:url';

const COMPILED = !import.meta.url.endsWith('.ts');
const TYPESCRIPT = /\.(c|m)?tsx?$/;
const KEY = Symbol.for('protocheck.loader');

/** Registers the loader in this thread unless it is there (it is idempotent). */
export async function ensureTypeScriptLoader(): Promise<void> {
  if (COMPILED && !(globalThis as Record<symbol, unknown>)[KEY]) await import(new URL('./register.mjs', import.meta.url).href);
}

/** Imports a file path or a file: URL, registering the loader first for TypeScript. */
export async function importUserModule(pathOrUrl: string): Promise<Record<string, unknown>> {
  const url = /^[a-z]+:/.test(pathOrUrl) ? pathOrUrl : pathToFileURL(pathOrUrl).href;
  if (TYPESCRIPT.test(new URL(url).pathname)) await ensureTypeScriptLoader();
  return (await import(url)) as Record<string, unknown>;
}
