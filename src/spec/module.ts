import type { Model } from '../core/model.ts';

/** Parameter values a spec can set (and `--set` can override). */
export type ParamValue = number | string | boolean | null | readonly ParamValue[] | { readonly [k: string]: ParamValue };
export type Params = Record<string, ParamValue>;

/** Widens literal defaults (3 → number, false → boolean) so `build` sees the parameter types. */
export type Widen<P> = { [K in keyof P]: P[K] extends number ? number : P[K] extends string ? string : P[K] extends boolean ? boolean : P[K] };

/** A module that a spec's `model:` names: parameters with their defaults, and how to build the core Model. */
export interface ModelModule<P extends Params = Params> {
  readonly kind: 'model';
  readonly description?: string;
  readonly params: P;
  build(params: Widen<P>): Model<any, any>;
}

export function defineModel<const P extends Params>(m: { description?: string; params: P; build(params: Widen<P>): Model<any, any> }): ModelModule<P> {
  return { kind: 'model', ...m };
}
