/** Partially synchronous timing: the synchronous bounds hold after an unknown global stabilisation time (GST). */
import type { ComponentFactory } from '../component.ts';
import { timers } from './timers.ts';

export const partiallySynchronous: ComponentFactory = (sys) => timers(sys, 'after-gst', (sys.config.timing as { delay: number }).delay);
