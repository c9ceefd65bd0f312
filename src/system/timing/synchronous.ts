/** Synchronous timing: every message is delivered within `delay` ticks, timers fire on time. */
import type { ComponentFactory } from '../component.ts';
import { timers } from './timers.ts';

export const synchronous: ComponentFactory = (sys) => timers(sys, 'always', (sys.config.timing as { delay: number }).delay);
