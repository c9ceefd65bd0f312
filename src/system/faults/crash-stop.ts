/** Crash-stop: up to f processes crash and never come back. */
import type { ComponentFactory } from '../component.ts';
import { crashes } from './crashes.ts';

export const crashStop: ComponentFactory = (sys) => crashes(sys, 'stop');
