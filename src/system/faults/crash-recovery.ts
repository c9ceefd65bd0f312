/** Crash-recovery: up to f crashes in a run; a crashed process may recover with its stable storage. */
import type { ComponentFactory } from '../component.ts';
import { crashes } from './crashes.ts';

export const crashRecovery: ComponentFactory = (sys) => crashes(sys, 'recovery');
