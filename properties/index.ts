/** The registry of named properties a spec can list under `properties:`. */
import type { PropertyDef } from '../src/system/history.ts';
import { agreement, causalOrder, fifoOrder, noCreation, noDuplication, totalOrder, validity } from './broadcast/properties.ts';
import { linearizable, regular, safe } from './registers/properties.ts';

export const propertyDefs: Record<string, PropertyDef> = Object.fromEntries(
  [validity, noDuplication, noCreation, agreement, fifoOrder, causalOrder, totalOrder, linearizable, regular, safe].map((d) => [d.name, d]),
);
