/** Asynchronous timing: no bounds on message delays or on when a timer fires. */
import type { ComponentFactory } from '../component.ts';
import { timers } from './timers.ts';

export const asynchronous: ComponentFactory = (sys) => timers(sys, 'never');
