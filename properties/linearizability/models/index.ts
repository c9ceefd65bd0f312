import type { Model } from '../model.ts';
import { casRegister, register } from './register.ts';
import { kv } from './kv.ts';

/** The built-in models by name. */
export const models: Readonly<Record<string, Model<any>>> = {
  register,
  'cas-register': casRegister,
  kv,
};

/** The model called `name`; the error lists the known names. */
export function getModel(name: string): Model<any> {
  const m = Object.hasOwn(models, name) ? models[name] : undefined;
  if (!m) throw new UnknownModelError(name);
  return m;
}

export class UnknownModelError extends Error {
  constructor(readonly modelName: string) {
    super(`unknown model "${modelName}" (known: ${Object.keys(models).join(', ')})`);
    this.name = 'UnknownModelError';
  }
}

export { register, casRegister, kv };
