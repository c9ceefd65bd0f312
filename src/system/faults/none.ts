/** No faults: every process is correct. */
import type { ComponentFactory } from '../component.ts';
import { crashes } from './crashes.ts';

export const noFaults: ComponentFactory = (sys) => crashes(sys, 'none');
