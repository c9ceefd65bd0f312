/** Loading the user's adapter module for `protocheck drive`: its default export (or `adapter`), checked for the methods a drive needs. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { importUserModule } from '../loader/import.ts';
import type { DriveAdapter } from './adapter.ts';
import { DriveInputError } from './drive.ts';

export async function loadAdapter(path: string): Promise<DriveAdapter> {
  const full = resolve(path);
  if (!existsSync(full)) throw new DriveInputError(`--adapter ${path}: no such module`);
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(full);
  } catch (e) {
    throw new DriveInputError(`--adapter ${path}: cannot load it: ${(e as Error).message.split('\n')[0]}`);
  }
  const a = (mod.default ?? mod.adapter) as Partial<DriveAdapter> | undefined;
  if (!a || typeof a !== 'object') throw new DriveInputError(`--adapter ${path}: its default export must be an adapter object (start, request, deliver, ...: see DriveAdapter in protocheck)`);
  const missing = (['start', 'request', 'deliver'] as const).filter((k) => typeof a[k] !== 'function');
  if (missing.length) throw new DriveInputError(`--adapter ${path}: the adapter has no ${missing.join(', ')} (every adapter starts the processes, takes requests and delivers messages)`);
  for (const k of ['timer', 'crash', 'recover', 'detector', 'stop'] as const) if (a[k] !== undefined && typeof a[k] !== 'function') throw new DriveInputError(`--adapter ${path}: ${k} must be a function`);
  return a as DriveAdapter;
}
